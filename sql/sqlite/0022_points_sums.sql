-- SPDX-License-Identifier: MIT
-- Points per person and UTC day, and per person and week (from Monday), kept with every ledger
-- row that moves points (store/points.c points_ledger_append), so a leaderboard over a quarter
-- sums about 13 weeks and a few days per person instead of every ledger row
-- (core/leaderboard.c lb_spans_of). Day numbers: unix ms / 86400000. The ledger stays the truth;
-- these are its sums, filled here from the rows written before.
CREATE TABLE points_days (
    day INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (day, user_id)
) WITHOUT ROWID;

CREATE TABLE points_weeks (
    week INTEGER NOT NULL,
    user_id INTEGER NOT NULL,
    points INTEGER NOT NULL,
    PRIMARY KEY (week, user_id)
) WITHOUT ROWID;

INSERT INTO points_days (day, user_id, points)
SELECT at / 86400000, user_id, sum(points) FROM points_ledger WHERE points <> 0
GROUP BY at / 86400000, user_id;

INSERT INTO points_weeks (week, user_id, points)
SELECT day - (day + 3) % 7, user_id, sum(points) FROM points_days
GROUP BY day - (day + 3) % 7, user_id;
