-- SPDX-License-Identifier: MIT
-- Why a deal was lost, in the words of whoever marked it lost (a few common reasons offered):
-- kept only while the deal sits in a lost stage, so reopening a deal clears it.
ALTER TABLE deals ADD COLUMN lost_reason TEXT;
