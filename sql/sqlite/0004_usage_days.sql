-- SPDX-License-Identifier: MIT
-- Adoption figures read one row per person and day (usage_days) beside usage_daily's one row per
-- person, day and kind, so a quarter for a thousand people is tens of thousands of rows, not
-- millions. Both rollups are now written by the store with each event (store/sqlite/rollup.c),
-- which lets a bulk import add them once per batch instead of once per event.
DROP TRIGGER events_rollup;

CREATE TABLE usage_days (
    user_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    events INTEGER NOT NULL DEFAULT 0,
    logins INTEGER NOT NULL DEFAULT 0,
    features INTEGER NOT NULL DEFAULT 0,    -- bit set of core features used (rollup.c)
    activities INTEGER NOT NULL DEFAULT 0,  -- activity.logged
    meaningful INTEGER NOT NULL DEFAULT 0,  -- of them with meaningful notes
    leads_converted INTEGER NOT NULL DEFAULT 0,
    deals_won INTEGER NOT NULL DEFAULT 0,
    deals_lost INTEGER NOT NULL DEFAULT 0,
    deal_updates INTEGER NOT NULL DEFAULT 0,
    stage_changes INTEGER NOT NULL DEFAULT 0,
    records_created INTEGER NOT NULL DEFAULT 0,
    records_updated INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
) WITHOUT ROWID;

-- Filled from what is there; an activity logged before this migration counts as meaningful
-- when it still exists with notes of 40 characters or more.
INSERT INTO usage_days (user_id, day, events, logins, features, activities, leads_converted,
    deals_won, deals_lost, deal_updates, stage_changes, records_created, records_updated)
SELECT user_id, day, sum(n),
    sum(CASE WHEN kind = 'login' THEN n ELSE 0 END),
    max(CASE WHEN kind = 'search' THEN 1 ELSE 0 END)
    | max(CASE WHEN kind IN ('contact.timeline', 'organization.timeline') THEN 2 ELSE 0 END)
    | max(CASE WHEN kind = 'activity.logged' THEN 4 ELSE 0 END)
    | max(CASE WHEN kind IN ('task.created', 'task.completed') THEN 8 ELSE 0 END)
    | max(CASE WHEN kind IN ('deal.created', 'deal.updated', 'deal.stage_changed') THEN 16 ELSE 0 END)
    | max(CASE WHEN kind LIKE 'report.%' OR kind LIKE 'adoption.%' THEN 32 ELSE 0 END),
    sum(CASE WHEN kind = 'activity.logged' THEN n ELSE 0 END),
    sum(CASE WHEN kind = 'lead.converted' THEN n ELSE 0 END),
    sum(CASE WHEN kind = 'deal.won' THEN n ELSE 0 END),
    sum(CASE WHEN kind = 'deal.lost' THEN n ELSE 0 END),
    sum(CASE WHEN kind = 'deal.updated' THEN n ELSE 0 END),
    sum(CASE WHEN kind = 'deal.stage_changed' THEN n ELSE 0 END),
    sum(CASE WHEN kind LIKE '%.created' OR kind = 'activity.logged' THEN n ELSE 0 END),
    sum(CASE WHEN kind LIKE '%.updated' THEN n ELSE 0 END)
FROM usage_daily GROUP BY user_id, day;

UPDATE usage_days SET meaningful = (
    SELECT count(*) FROM activities a
    WHERE a.created_by = usage_days.user_id
      AND strftime('%Y-%m-%d', a.created_at / 1000, 'unixepoch') = usage_days.day
      AND length(trim(coalesce(a.body, ''))) >= 40)
WHERE activities > 0;
