-- SPDX-License-Identifier: MIT
-- Points (docs/POINTS.md): the rule table, seeded with the defaults of src/core/points_rules.c
-- (same order, so the same ids), and the append-only ledger. A ledger row is an award
-- (rule_id, points > 0), a refusal of junk (points 0, reason says why), a reversal (negative
-- points, reverses_id naming the row it takes back) or an admin adjustment (adjusted_by, a
-- reason). Rows are never updated or deleted.
CREATE TABLE points_rules (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    event_kind TEXT NOT NULL,
    condition TEXT NOT NULL DEFAULT 'none',
    amount_min INTEGER NOT NULL DEFAULT 0,
    amount_max INTEGER NOT NULL DEFAULT 0,
    points INTEGER NOT NULL CHECK (points BETWEEN 1 AND 1000),
    cap_day INTEGER NOT NULL DEFAULT 0 CHECK (cap_day >= 0),
    cap_week INTEGER NOT NULL DEFAULT 0 CHECK (cap_week >= 0),
    active INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL DEFAULT 0
);

INSERT INTO points_rules (name, event_kind, condition, amount_min, amount_max, points, cap_day,
    cap_week) VALUES
    ('Call with real notes', 'activity.logged', 'call_notes', 0, 0, 5, 40, 150),
    ('Meeting notes within 24 h', 'activity.logged', 'meeting_notes_24h', 0, 0, 8, 32, 120),
    ('Contact with email or phone', 'contact.created', 'contact_reachable', 0, 0, 1, 10, 30),
    ('Deal won', 'deal.won', 'deal_amount', 0, 999999, 20, 0, 0),
    ('Deal won, 10,000 or more', 'deal.won', 'deal_amount', 1000000, 0, 50, 0, 0),
    ('Complete pipeline at the week''s end', 'week.end', 'pipeline_complete', 0, 0, 25, 0, 25);

CREATE TABLE points_ledger (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    rule_id INTEGER REFERENCES points_rules(id),
    points INTEGER NOT NULL,
    event_id INTEGER,
    entity TEXT,
    entity_id INTEGER,
    reason TEXT,
    reverses_id INTEGER REFERENCES points_ledger(id),
    adjusted_by INTEGER REFERENCES users(id),
    note TEXT
);
CREATE INDEX points_ledger_user_at ON points_ledger(user_id, at);
-- The rows that moved points (awards, reversals, adjustments), for the caps: the junk rows of
-- 0 points, one per filler activity, are left out, so checking a cap reads what the caps bound
-- (a day's awards) however much junk someone typed.
CREATE INDEX points_ledger_awards ON points_ledger(user_id, at) WHERE points <> 0;
CREATE INDEX points_ledger_entity ON points_ledger(entity, entity_id);
CREATE INDEX points_ledger_at ON points_ledger(at);
CREATE INDEX points_ledger_reverses ON points_ledger(reverses_id);
