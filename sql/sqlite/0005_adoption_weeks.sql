-- SPDX-License-Identifier: MIT
-- A scorecard for a thousand people over a quarter read some 55,000 person-days; usage_weeks sums
-- them per person and calendar week (Monday to Sunday), so a period reads whole weeks from here
-- and at most six days at each end from usage_days (store/sqlite/adoption_figures.c). The store
-- writes it with usage_days (store/sqlite/rollup.c).
CREATE TABLE usage_weeks (
    user_id INTEGER NOT NULL,
    week TEXT NOT NULL,                     -- the Monday, YYYY-MM-DD
    active_days INTEGER NOT NULL DEFAULT 0, -- rows of usage_days in the week
    events INTEGER NOT NULL DEFAULT 0,
    logins INTEGER NOT NULL DEFAULT 0,
    features INTEGER NOT NULL DEFAULT 0,    -- the days' feature bits or'ed
    activities INTEGER NOT NULL DEFAULT 0,
    meaningful INTEGER NOT NULL DEFAULT 0,
    leads_converted INTEGER NOT NULL DEFAULT 0,
    deals_won INTEGER NOT NULL DEFAULT 0,
    deals_lost INTEGER NOT NULL DEFAULT 0,
    deal_updates INTEGER NOT NULL DEFAULT 0,
    stage_changes INTEGER NOT NULL DEFAULT 0,
    records_created INTEGER NOT NULL DEFAULT 0,
    records_updated INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (user_id, week)
) WITHOUT ROWID;

-- 'weekday 0' moves to the Sunday ending the week (or stays on it); six days back is its Monday.
INSERT INTO usage_weeks
SELECT user_id, date(day, 'weekday 0', '-6 days'), count(*), sum(events), sum(logins),
    max(features & 1) | max(features & 2) | max(features & 4) | max(features & 8)
    | max(features & 16) | max(features & 32),
    sum(activities), sum(meaningful), sum(leads_converted), sum(deals_won), sum(deals_lost),
    sum(deal_updates), sum(stage_changes), sum(records_created), sum(records_updated)
FROM usage_days GROUP BY user_id, date(day, 'weekday 0', '-6 days');

-- Tasks due in a period, per owner, read from the index alone.
CREATE INDEX tasks_owner_due ON tasks(owner_id, due_at, done, done_at) WHERE deleted_at IS NULL;

-- Data quality (what people own now) is kept in memory between scorecards while nothing it
-- reads has changed: these counters tell, across processes, when something has.
CREATE TABLE change_counts (
    name TEXT PRIMARY KEY,
    n INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO change_counts VALUES ('owned_records', 0);

CREATE TRIGGER contacts_changed_insert AFTER INSERT ON contacts BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER contacts_changed_update AFTER UPDATE ON contacts BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER contacts_changed_delete AFTER DELETE ON contacts BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER organizations_changed_insert AFTER INSERT ON organizations BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER organizations_changed_update AFTER UPDATE ON organizations BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER organizations_changed_delete AFTER DELETE ON organizations BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER deals_changed_insert AFTER INSERT ON deals BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER deals_changed_update AFTER UPDATE ON deals BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER deals_changed_delete AFTER DELETE ON deals BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER leads_changed_insert AFTER INSERT ON leads BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER leads_changed_update AFTER UPDATE ON leads BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER leads_changed_delete AFTER DELETE ON leads BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
-- Activities count only on deals (a deal without recent activity).
CREATE TRIGGER activities_changed_insert AFTER INSERT ON activities WHEN NEW.deal_id IS NOT NULL
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER activities_changed_update AFTER UPDATE ON activities
    WHEN NEW.deal_id IS NOT NULL OR OLD.deal_id IS NOT NULL
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER activities_changed_delete AFTER DELETE ON activities WHEN OLD.deal_id IS NOT NULL
BEGIN UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER stages_changed AFTER UPDATE ON stages BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER field_settings_changed_insert AFTER INSERT ON field_settings BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER field_settings_changed_update AFTER UPDATE ON field_settings BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
CREATE TRIGGER field_settings_changed_delete AFTER DELETE ON field_settings BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records'; END;
