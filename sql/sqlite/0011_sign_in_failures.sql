-- SPDX-License-Identifier: MIT
-- Failed sign-ins (and wrong current passwords) by key, 'acct:EMAIL', 'ip:ADDRESS' or
-- 'pw:USER_ID', at unix ms: every instance on one database counts them together
-- (store/sign_in.c). Rows older than a minute are deleted as failures are recorded.
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
