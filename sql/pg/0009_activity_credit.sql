-- SPDX-License-Identifier: MIT
-- An activity's credit moves to its owner and leaves with it when deleted (as
-- sql/sqlite/0009, which explains the steps). The event's "meaningful" is a JSON boolean.
CREATE TEMP TABLE credit_old AS
SELECT a.id, a.owner_id, a.deleted_at,
    to_char(to_timestamp(a.created_at / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
    e.user_id AS credited,
    CASE WHEN (e.detail::jsonb ->> 'meaningful') IN ('true', '1') THEN 1 ELSE 0 END AS meaningful
FROM activities a
JOIN events e ON e.user_id IS NOT DISTINCT FROM a.created_by AND e.at = a.created_at
    AND e.kind = 'activity.logged' AND e.entity = 'activity' AND e.entity_id = a.id;

CREATE TEMP TABLE credit_moves AS
SELECT user_id, day, sum(n) AS n, sum(m) AS m FROM (
    SELECT credited AS user_id, day, -1 AS n, -meaningful AS m FROM credit_old
    WHERE credited IS NOT NULL
      AND (deleted_at IS NOT NULL OR (owner_id IS NOT NULL AND owner_id <> credited))
    UNION ALL
    SELECT owner_id, day, 1, meaningful FROM credit_old
    WHERE deleted_at IS NULL AND owner_id IS NOT NULL AND owner_id IS DISTINCT FROM credited
) AS moves GROUP BY user_id, day HAVING sum(n) <> 0 OR sum(m) <> 0;

INSERT INTO usage_days AS u (user_id, day, activities, meaningful)
SELECT user_id, day, n, m FROM credit_moves
ON CONFLICT (user_id, day) DO UPDATE SET activities = u.activities + excluded.activities,
    meaningful = u.meaningful + excluded.meaningful;

INSERT INTO usage_weeks AS w (user_id, week, activities, meaningful)
SELECT user_id, to_char(date_trunc('week', day::date), 'YYYY-MM-DD'), sum(n), sum(m)
FROM credit_moves GROUP BY 1, 2
ON CONFLICT (user_id, week) DO UPDATE SET activities = w.activities + excluded.activities,
    meaningful = w.meaningful + excluded.meaningful;

DROP TABLE credit_moves;
DROP TABLE credit_old;
