-- SPDX-License-Identifier: MIT
-- Nothing changes on SQLite: PostgreSQL's 0012 spreads the owned-records change counter over
-- several rows so concurrent writers do not queue on one row lock; SQLite has one writer at a
-- time, and its single 'owned_records' row is what the scorecard cache sums there.
SELECT 1;
