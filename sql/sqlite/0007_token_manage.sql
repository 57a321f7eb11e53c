-- SPDX-License-Identifier: MIT
-- Whether an API token may manage access: create tokens, make admins, change roles and
-- passwords. Only an admin grants it, when the token is created; tokens made before this
-- migration do not have it.
ALTER TABLE api_tokens ADD COLUMN may_manage INTEGER NOT NULL DEFAULT 0;
