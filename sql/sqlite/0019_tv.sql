-- SPDX-License-Identifier: MIT
-- The live TV board (store/tv.c, api/tv.c): channels are ordered loops of slides (a JSON array
-- text of {"kind","seconds","options"}); display tokens open one channel read-only and are
-- stored only as their hash, like API tokens.
CREATE TABLE tv_channels (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    slides TEXT NOT NULL DEFAULT '[]',
    ticker INTEGER NOT NULL DEFAULT 1,
    sound INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE display_tokens (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    channel_id INTEGER NOT NULL REFERENCES tv_channels(id),
    token_hash BLOB NOT NULL UNIQUE,
    created_by INTEGER REFERENCES users(id),
    created_at INTEGER NOT NULL,
    revoked_at INTEGER,
    last_seen_at INTEGER
);
