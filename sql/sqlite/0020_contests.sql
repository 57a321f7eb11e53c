-- SPDX-License-Identifier: MIT
-- Contests (docs/POINTS.md, "Contests"): a window [starts_at, ends_at) of the points ledger,
-- a metric ('points', 'rule' with rule_id: that rule's points only, 'deals_won': a count), a
-- format ('race' to target, 'top_n' winners, 'teams': team vs team) and participants
-- ('individuals', optionally only user_ids or people of team_ids; or 'teams': team_ids). The
-- id lists are JSON arrays. Standings are computed from the ledger, never stored.
CREATE TABLE contests (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    starts_at INTEGER NOT NULL,
    ends_at INTEGER NOT NULL,
    metric TEXT NOT NULL,
    rule_id INTEGER REFERENCES points_rules(id),
    format TEXT NOT NULL,
    target INTEGER NOT NULL DEFAULT 0,
    top_n INTEGER NOT NULL DEFAULT 0,
    participants TEXT NOT NULL,
    user_ids TEXT,
    team_ids TEXT,
    prize TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    cancelled_at INTEGER,
    CHECK (ends_at > starts_at)
);
CREATE INDEX contests_ends ON contests(ends_at);
