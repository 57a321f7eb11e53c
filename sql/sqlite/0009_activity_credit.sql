-- SPDX-License-Identifier: MIT
-- An activity's credit goes to its owner, and leaves with it when it is deleted
-- (store/sqlite/rollup.c, docs/ADOPTION.md "Peers"). Rollups written before credited whoever
-- logged it, and kept the credit of deleted activities: this moves that credit once. Only
-- usage_days and usage_weeks change (activities, meaningful); usage_daily counts events, whose
-- writer does not change. A row created here has no events: a credit is no day of use.

-- Each activity, the day it was logged, whether its notes were meaningful (as its event says)
-- and whom the old rollups credited (the event's user: who logged it, or no one).
CREATE TEMP TABLE credit_old AS
SELECT a.id, a.owner_id, a.deleted_at, strftime('%Y-%m-%d', a.created_at / 1000, 'unixepoch') AS day,
    e.user_id AS credited, coalesce(json_extract(e.detail, '$.meaningful'), 0) AS meaningful
FROM activities a
JOIN events e ON e.user_id IS a.created_by AND e.at = a.created_at AND e.kind = 'activity.logged'
    AND e.entity = 'activity' AND e.entity_id = a.id;

-- What should move: away from who was credited, to the owner while the activity is live.
CREATE TEMP TABLE credit_moves AS
SELECT user_id, day, sum(n) AS n, sum(m) AS m FROM (
    SELECT credited AS user_id, day, -1 AS n, -meaningful AS m FROM credit_old
    WHERE credited IS NOT NULL
      AND (deleted_at IS NOT NULL OR (owner_id IS NOT NULL AND owner_id <> credited))
    UNION ALL
    SELECT owner_id, day, 1, meaningful FROM credit_old
    WHERE deleted_at IS NULL AND owner_id IS NOT NULL AND owner_id IS NOT credited
) GROUP BY user_id, day HAVING sum(n) <> 0 OR sum(m) <> 0;

INSERT INTO usage_days (user_id, day, activities, meaningful)
SELECT user_id, day, n, m FROM credit_moves WHERE true
ON CONFLICT (user_id, day) DO UPDATE SET activities = activities + excluded.activities,
    meaningful = meaningful + excluded.meaningful;

-- 'weekday 0' moves to the Sunday ending the week (or stays on it); six days back is its Monday.
INSERT INTO usage_weeks (user_id, week, activities, meaningful)
SELECT user_id, date(day, 'weekday 0', '-6 days'), sum(n), sum(m) FROM credit_moves
GROUP BY 1, 2 HAVING true
ON CONFLICT (user_id, week) DO UPDATE SET activities = activities + excluded.activities,
    meaningful = meaningful + excluded.meaningful;

DROP TABLE credit_moves;
DROP TABLE credit_old;
