-- SPDX-License-Identifier: MIT
-- One row per person and day beside usage_daily (as sql/sqlite/0004); both rollups are written
-- by the store with each event from here on.
DROP TRIGGER events_rollup ON events;
DROP FUNCTION events_rollup();

CREATE TABLE usage_days (
    user_id BIGINT NOT NULL,
    day TEXT NOT NULL,
    events BIGINT NOT NULL DEFAULT 0,
    logins BIGINT NOT NULL DEFAULT 0,
    features BIGINT NOT NULL DEFAULT 0,
    activities BIGINT NOT NULL DEFAULT 0,
    meaningful BIGINT NOT NULL DEFAULT 0,
    leads_converted BIGINT NOT NULL DEFAULT 0,
    deals_won BIGINT NOT NULL DEFAULT 0,
    deals_lost BIGINT NOT NULL DEFAULT 0,
    deal_updates BIGINT NOT NULL DEFAULT 0,
    stage_changes BIGINT NOT NULL DEFAULT 0,
    records_created BIGINT NOT NULL DEFAULT 0,
    records_updated BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, day)
);

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
      AND to_char(to_timestamp(a.created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD') = usage_days.day
      AND length(trim(coalesce(a.body, ''))) >= 40)
WHERE activities > 0;
