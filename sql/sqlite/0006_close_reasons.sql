-- SPDX-License-Identifier: MIT
-- Why a deal was lost and why a lead was disqualified, in the words of whoever closed it (a few
-- common reasons offered): each kept only while the record stays closed that way, so reopening
-- clears it.
ALTER TABLE deals ADD COLUMN lost_reason TEXT;
ALTER TABLE leads ADD COLUMN disqualified_reason TEXT;
