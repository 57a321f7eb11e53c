-- SPDX-License-Identifier: MIT
-- Points per person and UTC day, and per person and week (from Monday), kept with every ledger
-- row that moves points (as sql/sqlite/0022; store/points.c points_ledger_append), so a
-- leaderboard over a quarter sums about 13 weeks and a few days per person instead of every
-- ledger row. Day numbers: unix ms / 86400000. Filled here from the rows written before.
CREATE TABLE points_days (
    day BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    points BIGINT NOT NULL,
    PRIMARY KEY (day, user_id)
);

CREATE TABLE points_weeks (
    week BIGINT NOT NULL,
    user_id BIGINT NOT NULL,
    points BIGINT NOT NULL,
    PRIMARY KEY (week, user_id)
);

INSERT INTO points_days (day, user_id, points)
SELECT at / 86400000, user_id, sum(points) FROM points_ledger WHERE points <> 0
GROUP BY at / 86400000, user_id;

INSERT INTO points_weeks (week, user_id, points)
SELECT day - (day + 3) % 7, user_id, sum(points) FROM points_days
GROUP BY day - (day + 3) % 7, user_id;
