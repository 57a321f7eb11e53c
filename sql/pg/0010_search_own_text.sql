-- SPDX-License-Identifier: MIT
-- A contact's and a deal's own search text, without their organization's name, indexed beside
-- the full text (kind codes 5 and 6), as sql/sqlite/0010.
DROP VIEW contact_search_text;

CREATE VIEW contact_own_search_text AS
SELECT c.id AS id,
       trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') || ' ' ||
       coalesce(c.email, '') || ' ' || coalesce(c.phone, '') || ' ' ||
       coalesce((SELECT d || ' ' || right(d, 10) || ' ' || right(d, 7) FROM
           (SELECT replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '-', ''), '(', ''),
            ')', ''), '+', ''), '.', '') AS d) AS digits), '')
       || ' ' || coalesce((SELECT string_agg(e.value ->> 'value', ' ')
                           FROM jsonb_array_elements(coalesce(c.other_emails, '[]')::jsonb) AS e(value)), '')
       || ' ' || coalesce((SELECT string_agg(v || ' ' || d || ' ' || right(d, 10) || ' '
                                  || right(d, 7), ' ') FROM
           (SELECT p.value ->> 'value' AS v,
                   replace(replace(replace(replace(replace(replace(p.value ->> 'value',
                   ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
            FROM jsonb_array_elements(coalesce(c.other_phones, '[]')::jsonb) AS p(value)) AS phones), '')) AS body
FROM contacts c WHERE c.deleted_at IS NULL;

CREATE VIEW contact_search_text AS
SELECT c.id AS id, trim(t.body || ' ' || coalesce(o.name, '')) AS body
FROM contacts c JOIN contact_own_search_text t ON t.id = c.id
LEFT JOIN organizations o ON o.id = c.org_id AND o.deleted_at IS NULL;

CREATE VIEW deal_own_search_text AS
SELECT id, trim(coalesce(name, '')) AS body FROM deals WHERE deleted_at IS NULL;

INSERT INTO search_index (code, id, body)
SELECT 5, id, uptake_search_vector(body) FROM contact_own_search_text;
INSERT INTO search_index (code, id, body)
SELECT 6, id, uptake_search_vector(body) FROM deal_own_search_text;
