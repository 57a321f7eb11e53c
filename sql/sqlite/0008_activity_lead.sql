-- SPDX-License-Identifier: MIT
-- A call, meeting, email or note can be about a lead (before it is converted): lead_id files it
-- under the lead, whose page lists it and which then counts as worked (see store hooks).
ALTER TABLE activities ADD COLUMN lead_id INTEGER REFERENCES leads(id);
CREATE INDEX activities_lead ON activities(lead_id, occurred_at) WHERE lead_id IS NOT NULL;
