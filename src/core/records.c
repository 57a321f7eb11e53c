/* SPDX-License-Identifier: MIT */
/* Field tables of every record kind, and the checks that turn client JSON into clean values. */
#include "core/records.h"
#include "core/buf.h"

#include "core/clock.h"
#include "core/validate.h"

#include <string.h>

/* Shorthands keep the tables one line per field. */
#define TEXT(n, len, fl)                                                                           \
    {                                                                                              \
        n, FT_TEXT, fl, len, NULL, NULL, NULL, NULL, 0, 0                                          \
    }
#define CHECKED(n, len, fl, f, w)                                                                  \
    {                                                                                              \
        n, FT_TEXT, fl, len, f, w, NULL, NULL, 0, 0                                                \
    }
#define REF(n, table, fl)                                                                          \
    {                                                                                              \
        n, FT_REF, fl, 0, NULL, NULL, NULL, table, 0, 0                                            \
    }
#define ENUM(n, vals, fl)                                                                          \
    {                                                                                              \
        n, FT_ENUM, fl, 0, NULL, NULL, vals, NULL, 0, 0                                            \
    }
#define INT(n, lo, hi, fl)                                                                         \
    {                                                                                              \
        n, FT_INT, fl, 0, NULL, NULL, NULL, NULL, lo, hi                                           \
    }
#define TYPED(n, t, fl)                                                                            \
    {                                                                                              \
        n, t, fl, 0, NULL, NULL, NULL, NULL, 0, 0                                                  \
    }
#define LABELLED(n, f, w)                                                                          \
    {                                                                                              \
        n, FT_LABELLED, F_SEARCH, 254, f, w, NULL, NULL, 0, 0                                      \
    }
#define ADDRESS                                                                                    \
    TEXT("street", 200, 0), TEXT("city", 100, F_EXPECTED), TEXT("region", 100, 0),                 \
        TEXT("postal_code", 20, 0), TEXT("country", 100, 0)
#define END                                                                                        \
    {                                                                                              \
        NULL, 0, 0, 0, NULL, NULL, NULL, NULL, 0, 0                                                \
    }

static int check_email(const char *s)
{
    return validate_email(s);
}
static int check_phone(const char *s)
{
    return validate_phone(s);
}

static const struct field_def team_fields[] = {
    TEXT("name", 100, F_REQUIRED | F_SEARCH),
    REF("manager_id", "users", 0),
    END,
};

static const struct field_def organization_fields[] = {
    TEXT("name", 200, F_REQUIRED | F_SEARCH),
    CHECKED("domain", 253, F_SEARCH, validate_domain, "a domain name like example.com"),
    CHECKED("phone", 40, F_SEARCH | F_EXPECTED, check_phone, "a phone number"),
    CHECKED("website", 500, F_EXPECTED, validate_url, "a web address"),
    TEXT("industry", 100, F_EXPECTED),
    ADDRESS,
    REF("owner_id", "users", 0),
    TEXT("external_id", 200, 0),
    END,
};

static const struct field_def contact_fields[] = {
    TEXT("first_name", 100, F_SEARCH),
    TEXT("last_name", 100, F_SEARCH),
    TEXT("title", 100, F_EXPECTED),
    CHECKED("email", 254, F_SEARCH | F_EXPECTED, check_email, "an email address"),
    CHECKED("phone", 40, F_SEARCH | F_EXPECTED, check_phone, "a phone number"),
    LABELLED("other_emails", check_email, "an email address"),
    LABELLED("other_phones", check_phone, "a phone number"),
    ADDRESS,
    TYPED("birthday", FT_DATE, 0),
    REF("org_id", "organizations", F_EXPECTED),
    REF("owner_id", "users", 0),
    TEXT("external_id", 200, 0),
    END,
};

static const char *const relationship_kinds[] = {"works_at", "reports_to", "knows", "referred_by",
                                                 NULL};
static const struct field_def relationship_fields[] = {
    ENUM("kind", relationship_kinds, F_REQUIRED | F_NOUPDATE),
    REF("contact_id", "contacts", F_REQUIRED | F_NOUPDATE),
    REF("org_id", "organizations", F_NOUPDATE),
    REF("other_contact_id", "contacts", F_NOUPDATE),
    TEXT("role", 100, 0),
    TYPED("since", FT_DATE, 0),
    TYPED("until", FT_DATE, 0),
    REF("owner_id", "users", 0),
    END,
};

static const char *const activity_kinds[] = {"call", "meeting", "email", "note", NULL};
static const char *const directions[] = {"inbound", "outbound", NULL};
static const struct field_def activity_fields[] = {
    ENUM("kind", activity_kinds, F_REQUIRED),
    ENUM("direction", directions, 0),
    TYPED("occurred_at", FT_TIME, 0),
    INT("duration_min", 0, 10080, 0),
    TEXT("subject", 200, 0),
    TEXT("body", 20000, 0),
    REF("contact_id", "contacts", 0),
    REF("org_id", "organizations", 0),
    REF("deal_id", "deals", 0),
    REF("lead_id", "leads", 0),
    REF("owner_id", "users", 0),
    /* The verdict on the notes (core/note_content.c), kept so credit can follow an edit. */
    TYPED("notes_real", FT_BOOL, F_READONLY),
    TEXT("notes_reason", 100, F_READONLY),
    END,
};

static const struct field_def task_fields[] = {
    TEXT("title", 200, F_REQUIRED),
    TYPED("due_at", FT_TIME, 0),
    TYPED("done", FT_BOOL, 0),
    TYPED("done_at", FT_TIME, F_READONLY),
    REF("contact_id", "contacts", 0),
    REF("org_id", "organizations", 0),
    REF("deal_id", "deals", 0),
    REF("owner_id", "users", 0),
    END,
};

static const char *const lead_statuses[] = {"new",       "working",      "qualified",
                                            "converted", "disqualified", NULL};
static const struct field_def lead_fields[] = {
    TEXT("first_name", 100, F_SEARCH),
    TEXT("last_name", 100, F_SEARCH),
    CHECKED("email", 254, F_SEARCH, check_email, "an email address"),
    CHECKED("phone", 40, F_SEARCH, check_phone, "a phone number"),
    TEXT("company", 200, F_SEARCH),
    TEXT("title", 100, 0),
    TEXT("source", 100, 0),
    ENUM("status", lead_statuses, 0),
    TEXT("disqualified_reason", 200, 0),
    TEXT("notes", 5000, 0),
    REF("converted_contact_id", "contacts", F_READONLY),
    REF("converted_org_id", "organizations", F_READONLY),
    REF("converted_deal_id", "deals", F_READONLY),
    TYPED("converted_at", FT_TIME, F_READONLY),
    REF("owner_id", "users", 0),
    TEXT("external_id", 200, 0),
    END,
};

static const struct field_def stage_fields[] = {
    TEXT("name", 100, F_REQUIRED), INT("position", 0, 1000, 0),  INT("probability", 0, 100, 0),
    TYPED("is_won", FT_BOOL, 0),   TYPED("is_lost", FT_BOOL, 0), END,
};

static const struct field_def deal_fields[] = {
    TEXT("name", 200, F_REQUIRED | F_SEARCH),
    INT("amount_minor", 0, 1000000000000000LL, F_EXPECTED),
    CHECKED("currency", 3, 0, validate_currency, "a three-letter ISO 4217 code like EUR"),
    TYPED("close_date", FT_DATE, F_EXPECTED),
    TEXT("next_step", 500, F_EXPECTED),
    TEXT("lost_reason", 200, 0),
    REF("stage_id", "stages", 0),
    REF("org_id", "organizations", 0),
    REF("contact_id", "contacts", F_EXPECTED),
    TYPED("closed_at", FT_TIME, F_READONLY),
    REF("owner_id", "users", 0),
    TEXT("external_id", 200, 0),
    END,
};

static int str_set(const json_t *r, const char *key)
{
    const json_t *v = json_object_get(r, key);
    return json_is_string(v) && json_string_length(v) > 0;
}

static int int_set(const json_t *r, const char *key)
{
    return json_is_integer(json_object_get(r, key));
}

static int contact_check(const json_t *r, struct err *err)
{
    if (!str_set(r, "first_name") && !str_set(r, "last_name") && !str_set(r, "email"))
        return err_field(err, UPT_EINVAL, "last_name",
                         "a contact needs a first name, a last name or an email");
    return 0;
}

static int lead_check(const json_t *r, struct err *err)
{
    if (!str_set(r, "first_name") && !str_set(r, "last_name") && !str_set(r, "email") &&
        !str_set(r, "company"))
        return err_field(err, UPT_EINVAL, "last_name",
                         "a lead needs a name, an email or a company");
    return 0;
}

static int dates_ordered(const json_t *r, const char *from, const char *to, struct err *err)
{
    if (str_set(r, from) && str_set(r, to) &&
        strcmp(json_string_value(json_object_get(r, from)),
               json_string_value(json_object_get(r, to))) > 0)
        return err_field(err, UPT_EINVAL, to, "'%s' must not be before '%s'", to, from);
    return 0;
}

static int relationship_check(const json_t *r, struct err *err)
{
    const char *kind = json_string_value(json_object_get(r, "kind"));

    if (kind && strcmp(kind, "works_at") == 0) {
        if (!int_set(r, "org_id"))
            return err_field(err, UPT_EINVAL, "org_id", "'works_at' needs an organization");
        if (int_set(r, "other_contact_id"))
            return err_field(err, UPT_EINVAL, "other_contact_id",
                             "'works_at' links a contact to an organization, not a contact");
    } else {
        if (!int_set(r, "other_contact_id"))
            return err_field(err, UPT_EINVAL, "other_contact_id", "'%s' needs another contact",
                             kind ? kind : "");
        if (int_set(r, "org_id"))
            return err_field(err, UPT_EINVAL, "org_id",
                             "'%s' links two contacts, not an organization", kind ? kind : "");
        if (json_integer_value(json_object_get(r, "other_contact_id")) ==
            json_integer_value(json_object_get(r, "contact_id")))
            return err_field(err, UPT_EINVAL, "other_contact_id",
                             "a contact cannot be related to itself");
    }
    return dates_ordered(r, "since", "until", err);
}

static int activity_check(const json_t *r, struct err *err)
{
    if (!int_set(r, "contact_id") && !int_set(r, "org_id") && !int_set(r, "deal_id") &&
        !int_set(r, "lead_id"))
        return err_field(err, UPT_EINVAL, "contact_id",
                         "an activity must be linked to a contact, an organization, a deal or a "
                         "lead");
    return 0;
}

static int stage_check(const json_t *r, struct err *err)
{
    if (json_is_true(json_object_get(r, "is_won")) && json_is_true(json_object_get(r, "is_lost")))
        return err_field(err, UPT_EINVAL, "is_lost", "a stage cannot be both won and lost");
    return 0;
}

static int deal_check(const json_t *r, struct err *err)
{
    if (int_set(r, "amount_minor") && !str_set(r, "currency"))
        return err_field(err, UPT_EINVAL, "currency", "an amount needs a currency");
    return 0;
}

const struct record_kind kind_team = {.name = "team",
                                      .table = "teams",
                                      .flags = K_ADMIN_WRITE,
                                      .fields = team_fields,
                                      .events = RECORD_EVENTS(TEAM, CREATED)};
const struct record_kind kind_organization = {.name = "organization",
                                              .table = "organizations",
                                              .flags = K_OWNED,
                                              .fields = organization_fields,
                                              .events = RECORD_EVENTS(ORGANIZATION, CREATED),
                                              .search = KIND_SEARCH_INDEXED};
const struct record_kind kind_contact = {.name = "contact",
                                         .table = "contacts",
                                         .flags = K_OWNED,
                                         .fields = contact_fields,
                                         .events = RECORD_EVENTS(CONTACT, CREATED),
                                         .search = KIND_SEARCH_INDEXED | KIND_SEARCH_ORG_NAME,
                                         .check = contact_check};
const struct record_kind kind_relationship = {.name = "relationship",
                                              .table = "relationships",
                                              .flags = K_OWNED,
                                              .fields = relationship_fields,
                                              .events = RECORD_EVENTS(RELATIONSHIP, CREATED),
                                              .check = relationship_check};
const struct record_kind kind_activity = {.name = "activity",
                                          .table = "activities",
                                          .flags = K_OWNED,
                                          .fields = activity_fields,
                                          .events = RECORD_EVENTS(ACTIVITY, LOGGED),
                                          .check = activity_check,
                                          .rules = {KIND_NEEDS_NOTE_HISTORY, kind_rules_activity,
                                                    kind_effects_activity, kind_created_activity}};
/* A rep hands a task they own to a colleague, or sets one for them (the task dialogs offer
 * it). */
const struct record_kind kind_task = {.name = "task",
                                      .table = "tasks",
                                      .flags = K_OWNED | K_HANDOVER,
                                      .fields = task_fields,
                                      .events = RECORD_EVENTS(TASK, CREATED),
                                      .rules = {0, kind_rules_task, kind_effects_task}};
const struct record_kind kind_lead = {.name = "lead",
                                      .table = "leads",
                                      .flags = K_OWNED,
                                      .fields = lead_fields,
                                      .events = RECORD_EVENTS(LEAD, CREATED),
                                      .title_also = "company",
                                      .search = KIND_SEARCH_INDEXED,
                                      .check = lead_check,
                                      .rules = {0, kind_rules_lead, NULL}};
const struct record_kind kind_stage = {.name = "stage",
                                       .table = "stages",
                                       .flags = K_ADMIN_WRITE,
                                       .fields = stage_fields,
                                       .events = RECORD_EVENTS(STAGE, CREATED),
                                       .check = stage_check,
                                       .rules = {KIND_NEEDS_POSITION, kind_rules_stage, NULL}};
const struct record_kind kind_deal = {
    .name = "deal",
    .table = "deals",
    .flags = K_OWNED | K_VERSIONED,
    .fields = deal_fields,
    .events = RECORD_EVENTS(DEAL, CREATED),
    .search = KIND_SEARCH_INDEXED | KIND_SEARCH_ORG_NAME,
    .check = deal_check,
    .rules = {KIND_NEEDS_STAGE, kind_rules_deal, kind_effects_deal}};

const struct record_kind *const records_kinds[] = {
    &kind_team, &kind_organization, &kind_contact, &kind_relationship, &kind_activity,
    &kind_task, &kind_lead,         &kind_stage,   &kind_deal,         NULL,
};

const struct record_kind *records_kind_find(const char *name)
{
    for (int i = 0; records_kinds[i]; i++)
        if (strcmp(records_kinds[i]->name, name) == 0 || strcmp(records_kinds[i]->table, name) == 0)
            return records_kinds[i];
    return NULL;
}

const struct field_def *records_field_find(const struct record_kind *k, const char *name)
{
    for (const struct field_def *f = k->fields; f->name; f++)
        if (strcmp(f->name, name) == 0)
            return f;
    return NULL;
}

int records_sortable(const struct record_kind *k, const char *name, int *is_text)
{
    const struct field_def *f = records_field_find(k, name);

    *is_text = 0;
    if (!f)
        return strcmp(name, "id") == 0 || strcmp(name, "created_at") == 0 ||
               strcmp(name, "updated_at") == 0;
    switch (f->type) {
    case FT_TEXT:
        /* Long free text (notes, bodies) makes no useful order, and its cursor would not fit
         * in a URL. */
        *is_text = f->max_len <= RECORDS_SORT_MAX_LEN;
        return *is_text;
    case FT_DATE:
    case FT_ENUM:
        *is_text = 1;
        return 1;
    case FT_INT:
    case FT_TIME:
        return 1;
    default:
        return 0;
    }
}

const char *records_type_name(enum field_type t)
{
    static const char *const names[] = {"text", "int", "bool", "time",
                                        "date", "ref", "enum", "labelled"};
    return (unsigned)t < sizeof names / sizeof names[0] ? names[t] : "text";
}

static const char *type_name(enum field_type t)
{
    switch (t) {
    case FT_INT:
    case FT_REF:
        return "an integer";
    case FT_BOOL:
        return "true or false";
    case FT_LABELLED:
        return "a list of {\"label\",\"value\"} objects";
    default:
        return "a string";
    }
}

/* Trims ASCII white space; returns a new string reference. */
static json_t *trimmed(const json_t *v)
{
    const char *s = json_string_value(v);
    size_t len = json_string_length(v);

    while (len && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
        s++, len--;
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    return json_stringn_nocheck(s, len);
}

static int check_text(const struct field_def *f, const char *s, size_t len, struct err *err)
{
    if (validate_utf8_text(s, len) < 0)
        return err_field(err, UPT_EINVAL, f->name, "'%s' contains invalid characters", f->name);
    if (f->max_len && len > f->max_len && validate_utf8_chars(s, len) > f->max_len)
        return err_field(err, UPT_EINVAL, f->name, "'%s' is longer than %zu characters", f->name,
                         f->max_len);
    if (f->check && f->check(s) < 0)
        return err_field(err, UPT_EINVAL, f->name, "'%s' must be %s", f->name, f->check_what);
    return 0;
}

static int check_labelled(const struct field_def *f, const json_t *v, json_t **out, struct err *err)
{
    size_t i;
    json_t *item;
    json_t *clean = json_array();

    if (json_array_size(v) > 20) {
        json_decref(clean);
        return err_field(err, UPT_EINVAL, f->name, "'%s' holds at most 20 entries", f->name);
    }
    json_array_foreach(v, i, item)
    {
        const char *key;
        json_t *val;
        json_t *label = json_object_get(item, "label");
        json_t *value = json_object_get(item, "value");

        if (!json_is_object(item) || !json_is_string(value) ||
            (label && !json_is_string(label) && !json_is_null(label))) {
            json_decref(clean);
            return err_field(err, UPT_EMALFORMED, f->name, "'%s' must be %s", f->name,
                             type_name(f->type));
        }
        json_object_foreach((json_t *)item, key, val)
        {
            if (strcmp(key, "label") != 0 && strcmp(key, "value") != 0) {
                json_decref(clean);
                return err_field(err, UPT_EMALFORMED, f->name, "unknown field '%s' in '%s'", key,
                                 f->name);
            }
        }
        json_t *tv = trimmed(value);
        json_t *tl = json_is_string(label) ? trimmed(label) : json_string("");
        int rc = check_text(f, json_string_value(tv), json_string_length(tv), err);
        if (rc == 0 && validate_utf8_chars(json_string_value(tl), json_string_length(tl)) > 50)
            rc = err_field(err, UPT_EINVAL, f->name, "labels in '%s' are at most 50 characters",
                           f->name);
        if (rc == 0 && validate_utf8_text(json_string_value(tl), json_string_length(tl)) < 0)
            rc = err_field(err, UPT_EINVAL, f->name, "'%s' contains invalid characters", f->name);
        if (rc < 0) {
            json_decref(tv);
            json_decref(tl);
            json_decref(clean);
            return rc;
        }
        json_array_append_new(clean, json_pack("{s:o,s:o}", "label", tl, "value", tv));
    }
    *out = clean;
    return 0;
}

/* Checks one value and returns its clean storage form in *out (new reference). */
static int check_value(const struct field_def *f, const json_t *v, json_t **out, struct err *err)
{
    if (json_is_null(v)) {
        *out = json_null();
        return 0;
    }
    switch (f->type) {
    case FT_TEXT:
    case FT_DATE:
    case FT_TIME:
    case FT_ENUM: {
        if (!json_is_string(v))
            break;
        json_t *t = trimmed(v);
        const char *s = json_string_value(t);
        int rc = 0;
        /* A NUL inside the value would make C string checks see only its prefix. */
        if (memchr(s, '\0', json_string_length(t))) {
            json_decref(t);
            return err_field(err, UPT_EINVAL, f->name, "'%s' contains invalid characters", f->name);
        }
        if (json_string_length(t) == 0) {
            json_decref(t);
            *out = json_null();
            return 0;
        }
        if (f->type == FT_TEXT) {
            rc = check_text(f, s, json_string_length(t), err);
        } else if (f->type == FT_DATE) {
            if (validate_date(s) < 0)
                rc = err_field(err, UPT_EINVAL, f->name, "'%s' must be a date like 2026-01-31",
                               f->name);
        } else if (f->type == FT_TIME) {
            int64_t ms;
            if (clock_parse_iso(s, &ms) < 0) {
                rc = err_field(err, UPT_EINVAL, f->name,
                               "'%s' must be an ISO 8601 time like 2026-01-31T09:30:00Z", f->name);
            } else {
                json_decref(t);
                *out = json_integer(ms);
                return 0;
            }
        } else {
            int found = 0;
            for (int i = 0; f->enum_values[i]; i++)
                found |= strcmp(f->enum_values[i], s) == 0;
            if (!found) {
                char list[256] = "";
                for (int i = 0; f->enum_values[i]; i++) {
                    strncat(list, i ? ", " : "", sizeof list - strlen(list) - 1);
                    strncat(list, f->enum_values[i], sizeof list - strlen(list) - 1);
                }
                rc = err_field(err, UPT_EINVAL, f->name, "'%s' must be one of: %s", f->name, list);
            }
        }
        if (rc < 0) {
            json_decref(t);
            return rc;
        }
        *out = t;
        return 0;
    }
    case FT_INT:
    case FT_REF:
        if (!json_is_integer(v))
            break;
        if (f->type == FT_REF && json_integer_value(v) <= 0)
            return err_field(err, UPT_EINVAL, f->name, "'%s' must be a positive id", f->name);
        if (f->min < f->max && (json_integer_value(v) < f->min || json_integer_value(v) > f->max))
            return err_field(err, UPT_EINVAL, f->name, "'%s' must be between %lld and %lld",
                             f->name, f->min, f->max);
        *out = json_integer(json_integer_value(v));
        return 0;
    case FT_BOOL:
        if (!json_is_boolean(v))
            break;
        *out = json_boolean(json_is_true(v));
        return 0;
    case FT_LABELLED:
        if (!json_is_array(v))
            break;
        return check_labelled(f, v, out, err);
    }
    return err_field(err, UPT_EMALFORMED, f->name, "'%s' must be %s", f->name, type_name(f->type));
}

int records_input_check(const struct record_kind *k, const json_t *input, int is_create,
                        json_t **clean_out, struct err *err)
{
    const char *key;
    json_t *v;
    json_t *clean = NULL;
    int rc = 0;

    *clean_out = NULL;
    if (!json_is_object(input))
        return err_set(err, UPT_EMALFORMED, "the body must be a JSON object");
    clean = json_object();
    json_object_foreach((json_t *)input, key, v)
    {
        const struct field_def *f = records_field_find(k, key);
        json_t *cv = NULL;

        if (!f) {
            rc = err_field(err, UPT_EMALFORMED, key, "unknown field '%s'", key);
            goto out;
        }
        if (f->flags & F_READONLY) {
            rc = err_field(err, UPT_EMALFORMED, key, "'%s' is set by the server", key);
            goto out;
        }
        if (!is_create && (f->flags & F_NOUPDATE)) {
            rc = err_field(err, UPT_EMALFORMED, key, "'%s' cannot be changed", key);
            goto out;
        }
        rc = check_value(f, v, &cv, err);
        if (rc < 0)
            goto out;
        json_object_set_new(clean, key, cv);
    }
    if (is_create) {
        for (const struct field_def *f = k->fields; f->name; f++) {
            if ((f->flags & F_REQUIRED) && json_is_null(json_object_get(clean, f->name)) == 0 &&
                json_object_get(clean, f->name))
                continue;
            if (f->flags & F_REQUIRED) {
                rc = err_field(err, UPT_EINVAL, f->name, "'%s' is required", f->name);
                goto out;
            }
        }
    } else {
        for (const struct field_def *f = k->fields; f->name; f++) {
            if ((f->flags & F_REQUIRED) && json_is_null(json_object_get(clean, f->name))) {
                rc = err_field(err, UPT_EINVAL, f->name, "'%s' is required", f->name);
                goto out;
            }
        }
    }
    *clean_out = clean;
    clean = NULL;
out:
    json_decref(clean);
    return rc;
}

int records_record_check(const struct record_kind *k, const json_t *record, struct err *err)
{
    return k->check ? k->check(record, err) : 0;
}

void records_render_time(json_t *obj, const char *key)
{
    json_t *v = json_object_get(obj, key);
    char iso[32];

    if (!json_is_integer(v))
        return;
    clock_format_iso(json_integer_value(v), iso, sizeof iso);
    json_object_set_new(obj, key, json_string(iso));
}

void records_render(const struct record_kind *k, json_t *record)
{
    for (const struct field_def *f = k->fields; f->name; f++)
        if (f->type == FT_TIME)
            records_render_time(record, f->name);
    records_render_time(record, "created_at");
    records_render_time(record, "updated_at");
    records_render_time(record, "deleted_at");
}

/* Appends a person's name from first_name and last_name (nothing when both are empty). */
static void add_name(struct buf *b, const json_t *r)
{
    const char *first = json_string_value(json_object_get(r, "first_name"));
    const char *last = json_string_value(json_object_get(r, "last_name"));

    if (first)
        buf_adds(b, first);
    if (first && last)
        buf_addc(b, ' ');
    if (last)
        buf_adds(b, last);
}

json_t *records_title(const struct record_kind *k, const json_t *r)
{
    struct buf b = BUF_INIT;
    const char *alt = NULL;
    json_t *title;

    if (records_field_find(k, "first_name"))
        add_name(&b, r);
    else if (json_is_string(json_object_get(r, "name")))
        buf_adds(&b, json_string_value(json_object_get(r, "name")));
    if (!b.len && k->title_also)
        alt = json_string_value(json_object_get(r, k->title_also));
    if (!b.len && !alt)
        alt = json_string_value(json_object_get(r, "email"));
    if (!b.len && alt)
        buf_adds(&b, alt);
    if (!b.len)
        buf_addf(&b, "%s %lld", k->name, (long long)json_integer_value(json_object_get(r, "id")));
    title = json_stringn(b.s, b.len);
    buf_release(&b);
    return title;
}
