-- SPDX-License-Identifier: MIT
-- One person's explained score lists their recent activities without meaningful notes
-- (store/sqlite/adoption.c, "notes"): by who logged them and when, which no index answered, so
-- it read every activity. This one gives it the person's activities newest first.
CREATE INDEX activities_created_by ON activities(created_by, created_at) WHERE deleted_at IS NULL;
