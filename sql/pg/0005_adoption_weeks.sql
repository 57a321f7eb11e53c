-- SPDX-License-Identifier: MIT
-- usage_weeks: usage_days summed per person and calendar week, Monday to Sunday (as
-- sql/sqlite/0005); the owned-records change counter, bumped by one trigger function.
CREATE TABLE usage_weeks (
    user_id BIGINT NOT NULL,
    week TEXT NOT NULL,                    -- the Monday, YYYY-MM-DD
    active_days BIGINT NOT NULL DEFAULT 0,
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
    PRIMARY KEY (user_id, week)
);

-- PostgreSQL's weeks start on Monday, as uptake's do.
INSERT INTO usage_weeks
SELECT user_id, to_char(date_trunc('week', day::date), 'YYYY-MM-DD'), count(*), sum(events),
    sum(logins), bit_or(features), sum(activities), sum(meaningful), sum(leads_converted),
    sum(deals_won), sum(deals_lost), sum(deal_updates), sum(stage_changes),
    sum(records_created), sum(records_updated)
FROM usage_days GROUP BY user_id, to_char(date_trunc('week', day::date), 'YYYY-MM-DD');

CREATE INDEX tasks_owner_due ON tasks(owner_id, due_at, done, done_at) WHERE deleted_at IS NULL;

CREATE TABLE change_counts (
    name TEXT PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO change_counts VALUES ('owned_records', 0);

CREATE FUNCTION owned_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counts SET n = n + 1 WHERE name = 'owned_records';
    RETURN NULL;
END $$;
CREATE TRIGGER contacts_changed AFTER INSERT OR UPDATE OR DELETE ON contacts
    FOR EACH ROW EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER organizations_changed AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH ROW EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER deals_changed AFTER INSERT OR UPDATE OR DELETE ON deals
    FOR EACH ROW EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER leads_changed AFTER INSERT OR UPDATE OR DELETE ON leads
    FOR EACH ROW EXECUTE FUNCTION owned_records_changed();
-- Activities count only on deals (a deal without recent activity).
CREATE TRIGGER activities_changed_insert AFTER INSERT ON activities FOR EACH ROW
    WHEN (NEW.deal_id IS NOT NULL) EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER activities_changed_update AFTER UPDATE ON activities FOR EACH ROW
    WHEN (NEW.deal_id IS NOT NULL OR OLD.deal_id IS NOT NULL) EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER activities_changed_delete AFTER DELETE ON activities FOR EACH ROW
    WHEN (OLD.deal_id IS NOT NULL) EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER stages_changed AFTER UPDATE ON stages
    FOR EACH ROW EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER field_settings_changed AFTER INSERT OR UPDATE OR DELETE ON field_settings
    FOR EACH ROW EXECUTE FUNCTION owned_records_changed();
