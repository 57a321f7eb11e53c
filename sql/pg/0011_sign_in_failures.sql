-- SPDX-License-Identifier: MIT
-- Failed sign-ins by key and time, shared by every instance on the database (as
-- sql/sqlite/0011).
CREATE TABLE sign_in_failures (
    key TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX sign_in_failures_key ON sign_in_failures (key, at);
CREATE INDEX sign_in_failures_at ON sign_in_failures (at);
