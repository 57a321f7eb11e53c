-- SPDX-License-Identifier: MIT
-- What a manager is asked to review (core/review.h, store/review.c): one row per person, day
-- (YYYY-MM-DD, UTC) and kind (junk_notes, burst, quick_deletes), counted as it happens;
-- reasons holds a JSON object of why, with counts. Dismissed with a note by the person's
-- manager or an admin; a dismissed day that gets more incidents stays dismissed.
CREATE TABLE review_flags (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    n INTEGER NOT NULL DEFAULT 0,
    usual REAL NOT NULL DEFAULT 0,
    reasons TEXT NOT NULL DEFAULT '{}',
    first_at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    dismissed_at INTEGER,
    dismissed_by INTEGER REFERENCES users(id),
    note TEXT,
    UNIQUE (user_id, day, kind)
);
CREATE INDEX review_flags_recent ON review_flags(last_at);
