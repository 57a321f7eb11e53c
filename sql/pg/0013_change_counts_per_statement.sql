-- SPDX-License-Identifier: MIT
-- The owned-records change counter (0005, 0012) was bumped FOR EACH ROW: a statement or
-- transaction writing many rows (uptake migrate's batched INSERTs: 100,000 contacts in one
-- transaction) updated the same counter row once per row, and each update in a transaction
-- walks the chain of versions the earlier ones left, so the copy slowed quadratically (minutes
-- for the contacts alone). The cache only needs to know that something changed, so the
-- triggers now fire once per statement. Activities count only when a changed row is on a deal,
-- as before: the statement's transition tables say whether one is.
CREATE FUNCTION owned_records_bump() RETURNS void LANGUAGE sql AS $$
    INSERT INTO change_counts AS c (name, n) VALUES ('owned_records:' || (pg_backend_pid() % 16), 1)
    ON CONFLICT (name) DO UPDATE SET n = c.n + 1;
$$;

CREATE OR REPLACE FUNCTION owned_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM owned_records_bump();
    RETURN NULL;
END $$;

-- Each branch is its own statement: a query naming a transition table the trigger lacks (an
-- insert's old_rows) fails only when it runs.
CREATE FUNCTION activities_deal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        IF EXISTS (SELECT 1 FROM new_rows WHERE deal_id IS NOT NULL) THEN
            PERFORM owned_records_bump();
            RETURN NULL;
        END IF;
    END IF;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        IF EXISTS (SELECT 1 FROM old_rows WHERE deal_id IS NOT NULL) THEN
            PERFORM owned_records_bump();
        END IF;
    END IF;
    RETURN NULL;
END $$;

DROP TRIGGER contacts_changed ON contacts;
DROP TRIGGER organizations_changed ON organizations;
DROP TRIGGER deals_changed ON deals;
DROP TRIGGER leads_changed ON leads;
DROP TRIGGER activities_changed_insert ON activities;
DROP TRIGGER activities_changed_update ON activities;
DROP TRIGGER activities_changed_delete ON activities;
DROP TRIGGER stages_changed ON stages;
DROP TRIGGER field_settings_changed ON field_settings;

CREATE TRIGGER contacts_changed AFTER INSERT OR UPDATE OR DELETE ON contacts
    FOR EACH STATEMENT EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER organizations_changed AFTER INSERT OR UPDATE OR DELETE ON organizations
    FOR EACH STATEMENT EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER deals_changed AFTER INSERT OR UPDATE OR DELETE ON deals
    FOR EACH STATEMENT EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER leads_changed AFTER INSERT OR UPDATE OR DELETE ON leads
    FOR EACH STATEMENT EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER activities_changed_insert AFTER INSERT ON activities
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_deal_changed();
CREATE TRIGGER activities_changed_update AFTER UPDATE ON activities
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION activities_deal_changed();
CREATE TRIGGER activities_changed_delete AFTER DELETE ON activities
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION activities_deal_changed();
CREATE TRIGGER stages_changed AFTER UPDATE ON stages
    FOR EACH STATEMENT EXECUTE FUNCTION owned_records_changed();
CREATE TRIGGER field_settings_changed AFTER INSERT OR UPDATE OR DELETE ON field_settings
    FOR EACH STATEMENT EXECUTE FUNCTION owned_records_changed();
