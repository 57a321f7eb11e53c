-- SPDX-License-Identifier: MIT
-- Personal points targets and configured holidays (docs/POINTS.md, "Targets and holidays"; as
-- sql/sqlite/0021): each person's target in points per week (a range's target is per_week times
-- its working days over 5), and the days that are not working days besides weekends
-- ('YYYY-MM-DD', UTC); leaderboards, the TV board and streaks leave holidays out.
CREATE TABLE points_targets (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    per_week BIGINT NOT NULL CHECK (per_week > 0 AND per_week <= 1000000),
    set_by BIGINT REFERENCES users(id),
    set_at BIGINT NOT NULL
);

CREATE TABLE holidays (
    day TEXT PRIMARY KEY CHECK (length(day) = 10),
    name TEXT NOT NULL CHECK (length(name) > 0),
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL
);
