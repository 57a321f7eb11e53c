-- SPDX-License-Identifier: MIT
-- Consent on public boards (docs/POINTS.md, "Consent on public boards"; as sql/sqlite/0018):
-- each user's choice to appear by name, by initials or not at all (NULL: follow the admin's
-- default), and the one row of org-wide board settings (id 1; src/core/consent.c decides).
ALTER TABLE users ADD COLUMN board_visibility TEXT
    CHECK (board_visibility IN ('name', 'initials', 'hidden'));

CREATE TABLE board_settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    default_visibility TEXT NOT NULL DEFAULT 'name'
        CHECK (default_visibility IN ('name', 'initials', 'hidden')),
    allow_hiding BIGINT NOT NULL DEFAULT 1,
    peers_see_amounts BIGINT NOT NULL DEFAULT 0,
    updated_by BIGINT REFERENCES users(id),
    updated_at BIGINT NOT NULL DEFAULT 0
);
INSERT INTO board_settings (id) VALUES (1);
