-- SPDX-License-Identifier: MIT
-- Whether an API token may manage access (as sql/sqlite/0007).
ALTER TABLE api_tokens ADD COLUMN may_manage BIGINT NOT NULL DEFAULT 0;
