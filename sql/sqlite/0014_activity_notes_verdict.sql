-- SPDX-License-Identifier: MIT
-- Whether an activity's notes have real content, kept on the activity (core/note_content.c,
-- docs/ADOPTION.md "Notes of real content"): judged when it is logged and again when its notes
-- change, so an edit into junk takes its credit back. notes_reason says why not, for the
-- person and their manager. Activities logged before keep the verdict their credit was given
-- with: the meaningful flag of their activity.logged event, or the length rule of the time
-- (40 characters) for one logged without an event.
ALTER TABLE activities ADD COLUMN notes_real INTEGER;
ALTER TABLE activities ADD COLUMN notes_reason TEXT;
UPDATE activities SET notes_real = coalesce(
    (SELECT json_extract(e.detail, '$.meaningful') FROM events e
     WHERE e.user_id IS activities.created_by AND e.at = activities.created_at
       AND e.kind = 'activity.logged' AND e.entity_id = activities.id LIMIT 1),
    CASE WHEN length(trim(coalesce(body, ''))) >= 40 THEN 1 ELSE 0 END);
UPDATE activities SET notes_reason = 'shorter than 40 characters'
WHERE notes_real = 0 AND length(trim(coalesce(body, ''))) < 40;
UPDATE activities SET notes_reason = 'nearly the same as an earlier note'
WHERE notes_real = 0 AND notes_reason IS NULL;
