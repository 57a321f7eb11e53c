-- SPDX-License-Identifier: MIT
-- Core CRM schema. Times are UTC unix milliseconds; money is integer minor units + ISO 4217.
-- Every record table carries created_by/created_at/updated_at/deleted_at (soft delete) and version.

CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    manager_id INTEGER,
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX teams_name ON teams(name) WHERE deleted_at IS NULL;

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL COLLATE NOCASE UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'rep')),
    team_id INTEGER REFERENCES teams(id),
    password_hash TEXT,
    is_integration INTEGER NOT NULL DEFAULT 0,
    is_ambassador INTEGER NOT NULL DEFAULT 0,
    is_power_user INTEGER NOT NULL DEFAULT 0,
    active INTEGER NOT NULL DEFAULT 1,
    successor_id INTEGER REFERENCES users(id),
    demo_archetype TEXT,
    created_at INTEGER NOT NULL,
    deactivated_at INTEGER
);
CREATE INDEX users_team ON users(team_id);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    csrf_token TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    token_hash BLOB NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at INTEGER
);

CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, domain TEXT, phone TEXT, website TEXT, industry TEXT,
    street TEXT, city TEXT, region TEXT, postal_code TEXT, country TEXT,
    owner_id INTEGER REFERENCES users(id), external_id TEXT,
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX organizations_owner ON organizations(owner_id, id);

CREATE TABLE contacts (
    id INTEGER PRIMARY KEY,
    first_name TEXT, last_name TEXT, title TEXT, email TEXT, phone TEXT,
    other_emails TEXT, other_phones TEXT,
    street TEXT, city TEXT, region TEXT, postal_code TEXT, country TEXT,
    birthday TEXT,
    org_id INTEGER REFERENCES organizations(id),
    owner_id INTEGER REFERENCES users(id), external_id TEXT,
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX contacts_owner ON contacts(owner_id, id);
CREATE INDEX contacts_org ON contacts(org_id);
CREATE INDEX contacts_email ON contacts(email COLLATE NOCASE);

CREATE TABLE relationships (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('works_at', 'reports_to', 'knows', 'referred_by')),
    contact_id INTEGER NOT NULL REFERENCES contacts(id),
    org_id INTEGER REFERENCES organizations(id),
    other_contact_id INTEGER REFERENCES contacts(id),
    role TEXT, since TEXT, until TEXT,
    owner_id INTEGER REFERENCES users(id),
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX relationships_contact ON relationships(contact_id);
CREATE INDEX relationships_other ON relationships(other_contact_id);
CREATE INDEX relationships_org ON relationships(org_id);

CREATE TABLE stages (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    probability INTEGER NOT NULL DEFAULT 0,
    is_won INTEGER NOT NULL DEFAULT 0,
    is_lost INTEGER NOT NULL DEFAULT 0,
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE deals (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    amount_minor INTEGER, currency TEXT, close_date TEXT, next_step TEXT,
    stage_id INTEGER REFERENCES stages(id),
    org_id INTEGER REFERENCES organizations(id),
    contact_id INTEGER REFERENCES contacts(id),
    closed_at INTEGER,
    owner_id INTEGER REFERENCES users(id), external_id TEXT,
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX deals_owner ON deals(owner_id, id);
CREATE INDEX deals_org ON deals(org_id);
CREATE INDEX deals_contact ON deals(contact_id);
CREATE INDEX deals_stage ON deals(stage_id);

CREATE TABLE deal_stage_history (
    id INTEGER PRIMARY KEY,
    deal_id INTEGER NOT NULL REFERENCES deals(id),
    from_stage_id INTEGER REFERENCES stages(id),
    to_stage_id INTEGER REFERENCES stages(id),
    changed_by INTEGER,
    changed_at INTEGER NOT NULL
);
CREATE INDEX deal_stage_history_deal ON deal_stage_history(deal_id, changed_at);

CREATE TABLE activities (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('call', 'meeting', 'email', 'note')),
    direction TEXT, occurred_at INTEGER, duration_min INTEGER,
    subject TEXT, body TEXT,
    contact_id INTEGER REFERENCES contacts(id),
    org_id INTEGER REFERENCES organizations(id),
    deal_id INTEGER REFERENCES deals(id),
    owner_id INTEGER REFERENCES users(id),
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX activities_contact ON activities(contact_id, occurred_at);
CREATE INDEX activities_org ON activities(org_id, occurred_at) WHERE org_id IS NOT NULL;
CREATE INDEX activities_deal ON activities(deal_id, occurred_at) WHERE deal_id IS NOT NULL;
CREATE INDEX activities_owner ON activities(owner_id, id);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    due_at INTEGER, done INTEGER NOT NULL DEFAULT 0, done_at INTEGER,
    contact_id INTEGER REFERENCES contacts(id),
    org_id INTEGER REFERENCES organizations(id),
    deal_id INTEGER REFERENCES deals(id),
    owner_id INTEGER REFERENCES users(id),
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX tasks_owner ON tasks(owner_id, done, due_at);
CREATE INDEX tasks_contact ON tasks(contact_id);
CREATE INDEX tasks_org ON tasks(org_id) WHERE org_id IS NOT NULL;
CREATE INDEX tasks_deal ON tasks(deal_id) WHERE deal_id IS NOT NULL;

CREATE TABLE leads (
    id INTEGER PRIMARY KEY,
    first_name TEXT, last_name TEXT, email TEXT, phone TEXT, company TEXT, title TEXT,
    source TEXT, status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'working', 'qualified', 'converted', 'disqualified')),
    notes TEXT,
    converted_contact_id INTEGER REFERENCES contacts(id),
    converted_org_id INTEGER REFERENCES organizations(id),
    converted_deal_id INTEGER REFERENCES deals(id),
    converted_at INTEGER,
    owner_id INTEGER REFERENCES users(id), external_id TEXT,
    created_by INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
    deleted_at INTEGER, version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX leads_owner ON leads(owner_id, id);

-- Every write: who, when, before and after (JSON of the record), in the write's transaction.
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_id INTEGER,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    before TEXT,
    after TEXT
);
CREATE INDEX audit_entity ON audit(entity, entity_id, id);

-- One row per authenticated request and per domain action (see DESIGN.md, Events).
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_id INTEGER,
    kind TEXT NOT NULL,
    entity TEXT,
    entity_id INTEGER,
    detail TEXT
);
CREATE INDEX events_user_at ON events(user_id, at);
CREATE INDEX events_at ON events(at);

-- Daily rollup kept incrementally by the trigger below, so dashboards never scan events.
CREATE TABLE usage_daily (
    user_id INTEGER NOT NULL,
    day TEXT NOT NULL,
    kind TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (user_id, day, kind)
) WITHOUT ROWID;

CREATE TRIGGER events_rollup AFTER INSERT ON events WHEN NEW.user_id IS NOT NULL
BEGIN
    INSERT INTO usage_daily (user_id, day, kind, n)
    VALUES (NEW.user_id, strftime('%Y-%m-%d', NEW.at / 1000, 'unixepoch'), NEW.kind, 1)
    ON CONFLICT (user_id, day, kind) DO UPDATE SET n = n + 1;
END;

-- Search over names, emails, phones and organization names. The rowid is entity_id * 16 + a
-- kind code (1 organization, 2 contact, 3 lead, 4 deal) so the store updates one row by key.
CREATE VIRTUAL TABLE search_fts USING fts5(
    body, tokenize = 'unicode61 remove_diacritics 2'
);

-- The text indexed per record; phones also appear as bare digits so "5551234" finds them.
CREATE VIEW organization_search_text AS
SELECT id, trim(coalesce(name, '') || ' ' || coalesce(domain, '') || ' ' || coalesce(phone, '')
       || ' ' || coalesce((SELECT d || ' ' || substr(d, -10) || ' ' || substr(d, -7) FROM
           (SELECT replace(replace(replace(replace(replace(replace(phone, ' ', ''), '-', ''), '(', ''),
            ')', ''), '+', ''), '.', '') AS d)), '')
       || ' ' || coalesce(website, '')) AS body
FROM organizations WHERE deleted_at IS NULL;

-- Contacts carry their organization's name so "acme" finds the people at Acme.
CREATE VIEW contact_search_text AS
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
            FROM json_each(coalesce(c.other_phones, '[]')) p)), '')
       || ' ' || coalesce(o.name, '')) AS body
FROM contacts c LEFT JOIN organizations o ON o.id = c.org_id AND o.deleted_at IS NULL
WHERE c.deleted_at IS NULL;

CREATE VIEW lead_search_text AS
SELECT id, trim(coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' ||
       coalesce(email, '') || ' ' || coalesce(phone, '') || ' ' || coalesce(company, '')) AS body
FROM leads WHERE deleted_at IS NULL;

CREATE VIEW deal_search_text AS
SELECT d.id AS id, trim(coalesce(d.name, '') || ' ' || coalesce(o.name, '')) AS body
FROM deals d LEFT JOIN organizations o ON o.id = d.org_id AND o.deleted_at IS NULL
WHERE d.deleted_at IS NULL;

-- Schema version bookkeeping lives in schema_migrations, written by store/migrate.
