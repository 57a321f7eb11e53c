-- SPDX-License-Identifier: MIT
-- Whether an activity's notes have real content, kept on the activity (as sql/sqlite/0014:
-- judged when logged and when its notes change; activities logged before keep the verdict
-- their credit was given with).
ALTER TABLE activities ADD COLUMN notes_real BIGINT;
ALTER TABLE activities ADD COLUMN notes_reason TEXT;
UPDATE activities SET notes_real = coalesce(
    (SELECT CASE jsonb_typeof(e.detail::jsonb -> 'meaningful') WHEN 'boolean'
        THEN (e.detail::jsonb ->> 'meaningful')::boolean::int
        ELSE (e.detail::jsonb ->> 'meaningful')::bigint END FROM events e
     WHERE e.user_id IS NOT DISTINCT FROM activities.created_by AND e.at = activities.created_at
       AND e.kind = 'activity.logged' AND e.entity_id = activities.id LIMIT 1),
    CASE WHEN length(trim(coalesce(body, ''))) >= 40 THEN 1 ELSE 0 END);
UPDATE activities SET notes_reason = 'shorter than 40 characters'
WHERE notes_real = 0 AND length(trim(coalesce(body, ''))) < 40;
UPDATE activities SET notes_reason = 'nearly the same as an earlier note'
WHERE notes_real = 0 AND notes_reason IS NULL;
