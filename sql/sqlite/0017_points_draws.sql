-- SPDX-License-Identifier: MIT
-- Surprise-reward draws (docs/POINTS.md, "Draws"): each keeps its seed (64 hex digits) and the
-- eligible user ids in ascending order (a JSON array), so anyone can run it again
-- (core/draw.c) and check the winner.
CREATE TABLE points_draws (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    drawn_by INTEGER REFERENCES users(id),
    criterion TEXT NOT NULL,
    prize TEXT NOT NULL,
    seed TEXT NOT NULL,
    eligible TEXT NOT NULL,
    winner_id INTEGER REFERENCES users(id)
);
CREATE INDEX points_draws_at ON points_draws(at);
