-- SPDX-License-Identifier: MIT
-- Consent on public boards (docs/POINTS.md, "Consent on public boards"): each user's choice to
-- appear by name, by initials or not at all (NULL: follow the admin's default), and the one row
-- of org-wide board settings (id 1; src/core/consent.c decides what a board shows).
ALTER TABLE users ADD COLUMN board_visibility TEXT
    CHECK (board_visibility IN ('name', 'initials', 'hidden'));

CREATE TABLE board_settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    default_visibility TEXT NOT NULL DEFAULT 'name'
        CHECK (default_visibility IN ('name', 'initials', 'hidden')),
    allow_hiding INTEGER NOT NULL DEFAULT 1,
    peers_see_amounts INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER REFERENCES users(id),
    updated_at INTEGER NOT NULL DEFAULT 0
);
INSERT INTO board_settings (id) VALUES (1);
