-- SPDX-License-Identifier: MIT
-- A contact's and a deal's own search text, without their organization's name, indexed beside
-- the full text (rowid kind codes 5 and 6): someone who may not read the organization still
-- finds the contact by its own words, but never by the hidden organization's name.
DROP VIEW contact_search_text;

CREATE VIEW contact_own_search_text AS
SELECT c.id AS id,
       trim(coalesce(c.first_name, '') || ' ' || coalesce(c.last_name, '') || ' ' ||
       coalesce(c.email, '') || ' ' || coalesce(c.phone, '') || ' ' ||
       coalesce((SELECT d || ' ' || substr(d, -10) || ' ' || substr(d, -7) FROM
           (SELECT replace(replace(replace(replace(replace(replace(c.phone, ' ', ''), '-', ''), '(', ''),
            ')', ''), '+', ''), '.', '') AS d)), '')
       || ' ' || coalesce((SELECT group_concat(json_extract(e.value, '$.value'), ' ')
                           FROM json_each(coalesce(c.other_emails, '[]')) e), '')
       || ' ' || coalesce((SELECT group_concat(v || ' ' || d || ' ' || substr(d, -10) || ' '
                                  || substr(d, -7), ' ') FROM
           (SELECT json_extract(p.value, '$.value') AS v,
                   replace(replace(replace(replace(replace(replace(json_extract(p.value, '$.value'),
                   ' ', ''), '-', ''), '(', ''), ')', ''), '+', ''), '.', '') AS d
            FROM json_each(coalesce(c.other_phones, '[]')) p)), '')) AS body
FROM contacts c WHERE c.deleted_at IS NULL;

-- Contacts carry their organization's name so "acme" finds the people at Acme.
CREATE VIEW contact_search_text AS
SELECT c.id AS id, trim(t.body || ' ' || coalesce(o.name, '')) AS body
FROM contacts c JOIN contact_own_search_text t ON t.id = c.id
LEFT JOIN organizations o ON o.id = c.org_id AND o.deleted_at IS NULL;

CREATE VIEW deal_own_search_text AS
SELECT id, trim(coalesce(name, '')) AS body FROM deals WHERE deleted_at IS NULL;

INSERT INTO search_fts (rowid, body) SELECT id * 16 + 5, body FROM contact_own_search_text;
INSERT INTO search_fts (rowid, body) SELECT id * 16 + 6, body FROM deal_own_search_text;
