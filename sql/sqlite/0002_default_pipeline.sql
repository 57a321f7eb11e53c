-- SPDX-License-Identifier: MIT
-- A default sales pipeline, so deals work out of the box; admins edit it through /stages.
INSERT INTO stages (name, position, probability, is_won, is_lost, created_at, updated_at) VALUES
    ('Prospecting', 1, 10, 0, 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
    ('Qualification', 2, 25, 0, 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
    ('Proposal', 3, 50, 0, 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
    ('Negotiation', 4, 75, 0, 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
    ('Won', 5, 100, 1, 0, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000),
    ('Lost', 6, 0, 0, 1, CAST(strftime('%s', 'now') AS INTEGER) * 1000, CAST(strftime('%s', 'now') AS INTEGER) * 1000);
