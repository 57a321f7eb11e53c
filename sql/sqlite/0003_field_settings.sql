-- SPDX-License-Identifier: MIT
-- Field settings: an admin hides fields the team does not use. Only forms honour "hidden"; the
-- API still accepts every field. A missing row means the field is shown.
CREATE TABLE field_settings (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    field TEXT NOT NULL,
    hidden INTEGER NOT NULL DEFAULT 0,
    updated_by INTEGER,
    updated_at INTEGER NOT NULL,
    UNIQUE (kind, field)
);

-- "Recently viewed" reads one user's view events; the index is partial, so only view events (written
-- in batches off the request path) pay for it and writes of changes do not.
CREATE INDEX events_user_views ON events(user_id, id)
    WHERE kind IN ('contact.view', 'organization.view', 'deal.view', 'lead.view');

-- Every change writes an event, so each index on events is paid on every write. The admin's
-- event list pages by id (newest first) and filters by user through events_user_at; a time
-- range alone scans ids backwards, which the list's limit bounds.
DROP INDEX events_at;
