-- SPDX-License-Identifier: MIT
-- Why a deal was lost and why a lead was disqualified (as sql/sqlite/0006).
ALTER TABLE deals ADD COLUMN lost_reason TEXT;
ALTER TABLE leads ADD COLUMN disqualified_reason TEXT;
