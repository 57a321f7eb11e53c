-- SPDX-License-Identifier: MIT
-- A default sales pipeline, so deals work out of the box; admins edit it through /stages.
INSERT INTO stages (name, position, probability, is_won, is_lost, created_at, updated_at)
SELECT name, position, probability, is_won, is_lost, now_ms, now_ms FROM
    (SELECT (extract(epoch FROM now()) * 1000)::bigint AS now_ms) AS t,
    (VALUES ('Prospecting', 1, 10, 0, 0), ('Qualification', 2, 25, 0, 0),
            ('Proposal', 3, 50, 0, 0), ('Negotiation', 4, 75, 0, 0),
            ('Won', 5, 100, 1, 0), ('Lost', 6, 0, 0, 1))
        AS s(name, position, probability, is_won, is_lost)
ORDER BY position;
