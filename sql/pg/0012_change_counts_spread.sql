-- SPDX-License-Identifier: MIT
-- The owned-records change counter (0005) was one row every write of a contact, organization,
-- deal, lead, deal activity, stage or field setting updated: on PostgreSQL that row's lock is
-- held to commit, so those writes of every user and instance queued behind each other. It is
-- now spread over 16 rows, one per backend pid modulo 16, created when first needed; the
-- scorecard cache reads their sum (store/adoption_figures.c), which grows with every change
-- just as the one row did.
CREATE OR REPLACE FUNCTION owned_records_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO change_counts AS c (name, n) VALUES ('owned_records:' || (pg_backend_pid() % 16), 1)
    ON CONFLICT (name) DO UPDATE SET n = c.n + 1;
    RETURN NULL;
END $$;
