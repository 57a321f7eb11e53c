-- SPDX-License-Identifier: MIT
-- Nothing changes on SQLite: PostgreSQL's 0013 bumps the owned-records change counter once per
-- statement instead of once per row (there, many updates of one row in a transaction slow
-- down quadratically); SQLite updates its counter row in place.
SELECT 1;
