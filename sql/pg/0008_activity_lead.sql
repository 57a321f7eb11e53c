-- SPDX-License-Identifier: MIT
-- A call, meeting, email or note can be about a lead (as sql/sqlite/0008).
ALTER TABLE activities ADD COLUMN lead_id BIGINT REFERENCES leads(id);
CREATE INDEX activities_lead ON activities(lead_id, occurred_at) WHERE lead_id IS NOT NULL;
