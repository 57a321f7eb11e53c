/* SPDX-License-Identifier: MIT */
/* Tests of src/core/records.c: the field tables as seen through records_input_check (types,
 * validation, required, read-only and create-only fields, trimming), the whole-record rules of
 * records_record_check, and records_render. Cases are tables of JSON in, code, field and clean
 * JSON out; JSON is written with ' for " to keep the tables readable. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/records.h"

#include <stdlib.h>
#include <string.h>

#define OK  0
#define MAL UPT_EMALFORMED
#define INV UPT_EINVAL

/* Parses JSON written with ' for ", allowing \u0000 so that records' own defences are tested. */
static json_t *J(const char *text)
{
    char *s = strdup(text);
    json_error_t jerr;
    json_t *v;

    for (char *p = s; *p; p++)
        if (*p == '\'')
            *p = '"';
    v = json_loads(s, JSON_ALLOW_NUL | JSON_DECODE_ANY, &jerr);
    if (!v)
        fail_msg("test JSON does not parse: %s: %s", s, jerr.text);
    free(s);
    return v;
}

struct input_case {
    const struct record_kind *k;
    int create;
    const char *in;
    int rc;
    const char *field; /* err.field when rc < 0 */
    const char *clean; /* expected clean output when rc == 0 (NULL: same as in) */
    const char *msg;   /* part of err.message when rc < 0, or NULL */
};

#define C 1 /* create */
#define U 0 /* update */

static const struct input_case input_cases[] = {
    /* team: required name, trimming, "" -> null */
    {&kind_team, C, "{'name':'North'}", OK, NULL, NULL, NULL},
    {&kind_team, C, "{'name':'  North \\t\\r\\n'}", OK, NULL, "{'name':'North'}", NULL},
    {&kind_team, C, "{'name':'North','manager_id':null}", OK, NULL, NULL, NULL},
    {&kind_team, C, "{}", INV, "name", NULL, "'name' is required"},
    {&kind_team, C, "{'name':null}", INV, "name", NULL, "'name' is required"},
    {&kind_team, C, "{'name':''}", INV, "name", NULL, "'name' is required"},
    {&kind_team, C, "{'name':' \\n\\t '}", INV, "name", NULL, "'name' is required"},
    {&kind_team, U, "{}", OK, NULL, NULL, NULL},
    {&kind_team, U, "{'manager_id':7}", OK, NULL, NULL, NULL},
    {&kind_team, U, "{'name':''}", INV, "name", NULL, "'name' is required"},
    {&kind_team, U, "{'name':null}", INV, "name", NULL, "'name' is required"},
    /* unknown fields and wrong JSON types are malformed, naming the field */
    {&kind_team, C, "{'name':'x','bogus':1}", MAL, "bogus", NULL, "unknown field 'bogus'"},
    {&kind_team, U, "{'Name':'x'}", MAL, "Name", NULL, "unknown field 'Name'"},
    {&kind_team, C, "{'name':'x','id':3}", MAL, "id", NULL, "unknown field 'id'"},
    {&kind_team, C, "{'name':5}", MAL, "name", NULL, "'name' must be a string"},
    {&kind_team, C, "{'name':true}", MAL, "name", NULL, NULL},
    {&kind_team, C, "{'name':['x']}", MAL, "name", NULL, NULL},
    {&kind_team, C, "{'name':{'x':1}}", MAL, "name", NULL, NULL},
    {&kind_team, C, "{'name':'x','manager_id':'3'}", MAL, "manager_id", NULL,
     "'manager_id' must be an integer"},
    {&kind_team, C, "{'name':'x','manager_id':3.0}", MAL, "manager_id", NULL, NULL},
    {&kind_team, C, "{'name':'x','manager_id':true}", MAL, "manager_id", NULL, NULL},
    {&kind_team, C, "{'name':'x','manager_id':0}", INV, "manager_id", NULL, "positive id"},
    {&kind_team, C, "{'name':'x','manager_id':-4}", INV, "manager_id", NULL, "positive id"},
    {&kind_team, C, "{'name':'x','manager_id':9223372036854775807}", OK, NULL, NULL, NULL},
    /* text: control characters and invalid UTF-8 are invalid values */
    {&kind_team, C, "{'name':'a\\u0000b'}", INV, "name", NULL, "invalid characters"},
    {&kind_team, C, "{'name':'a\\u0007b'}", INV, "name", NULL, "invalid characters"},
    {&kind_team, C, "{'name':'a\\u001bb'}", INV, "name", NULL, "invalid characters"},
    {&kind_team, C, "{'name':'a\\u007fb'}", INV, "name", NULL, "invalid characters"},
    {&kind_team, C, "{'name':'a\\u0085b'}", INV, "name", NULL, "invalid characters"},
    {&kind_team, C, "{'name':'Z\\u00fcrich \\u2603 \\ud83d\\ude00'}", OK, NULL, NULL, NULL},
    {&kind_team, C, "{'name':'line one\\nline two'}", OK, NULL, NULL, NULL},

    /* organization: checked text fields */
    {&kind_organization, C,
     "{'name':'Acme','domain':' Acme.example ','website':"
     "'https://acme.example/about','phone':'+1 555 0100'}",
     OK, NULL,
     "{'name':'Acme','domain':'Acme.example','website':'https://acme.example/about',"
     "'phone':'+1 555 0100'}",
     NULL},
    {&kind_organization, C, "{'name':'Acme','domain':'acme'}", INV, "domain", NULL,
     "'domain' must be a domain name like example.com"},
    {&kind_organization, C, "{'name':'Acme','website':'javascript:alert(1)'}", INV, "website", NULL,
     "'website' must be a web address"},
    {&kind_organization, C, "{'name':'Acme','phone':'call us'}", INV, "phone", NULL,
     "'phone' must be a phone number"},
    {&kind_organization, C, "{'name':'Acme','postal_code':'123456789012345678901'}", INV,
     "postal_code", NULL, "'postal_code' is longer than 20"},
    {&kind_organization, C, "{'name':'Acme','postal_code':'12345678901234567890'}", OK, NULL, NULL,
     NULL},
    {&kind_organization, C, "{'name':'Acme','domain':''}", OK, NULL,
     "{'name':'Acme','domain':null}", NULL},
    {&kind_organization, C, "{'domain':'acme.example'}", INV, "name", NULL, NULL},

    /* contact */
    {&kind_contact, C, "{'first_name':'Ann'}", OK, NULL, NULL, NULL},
    {&kind_contact, C, "{'email':' ann@example.com\\n'}", OK, NULL, "{'email':'ann@example.com'}",
     NULL},
    {&kind_contact, C, "{'email':'ann@example'}", INV, "email", NULL,
     "'email' must be an email address"},
    {&kind_contact, C, "{'email':'ann@example.com','phone':'12'}", INV, "phone", NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','birthday':'1990-05-17'}", OK, NULL, NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','birthday':' 1990-05-17 '}", OK, NULL,
     "{'last_name':'Lee','birthday':'1990-05-17'}", NULL},
    {&kind_contact, C, "{'last_name':'Lee','birthday':'2026-02-30'}", INV, "birthday", NULL,
     "'birthday' must be a date like 2026-01-31"},
    {&kind_contact, C, "{'last_name':'Lee','birthday':'1990-05-17T00:00:00Z'}", INV, "birthday",
     NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','birthday':19900517}", MAL, "birthday", NULL,
     "'birthday' must be a string"},
    {&kind_contact, C, "{'last_name':'Lee','org_id':2,'owner_id':3,'external_id':'sf-001'}", OK,
     NULL, NULL, NULL},
    /* labelled lists */
    {&kind_contact, C,
     "{'last_name':'Lee','other_emails':[{'label':' work ','value':' a@b.com '}]}", OK, NULL,
     "{'last_name':'Lee','other_emails':[{'label':'work','value':'a@b.com'}]}", NULL},
    {&kind_contact, C,
     "{'last_name':'Lee','other_emails':[{'value':'a@b.com'},"
     "{'label':null,'value':'c@d.org'}]}",
     OK, NULL,
     "{'last_name':'Lee','other_emails':[{'label':'','value':'a@b.com'},"
     "{'label':'','value':'c@d.org'}]}",
     NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[]}", OK, NULL, NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':null}", OK, NULL, NULL, NULL},
    {&kind_contact, C,
     "{'last_name':'Lee','other_phones':[{'label':'mobile','value':'+49 170 1234567'}]}", OK, NULL,
     NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[{'label':'work','value':'nope'}]}", INV,
     "other_emails", NULL, "'other_emails' must be an email address"},
    {&kind_contact, C, "{'last_name':'Lee','other_phones':[{'value':'phone'}]}", INV,
     "other_phones", NULL, "'other_phones' must be a phone number"},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[{'value':'a\\u0001@b.com'}]}", INV,
     "other_emails", NULL, "invalid characters"},
    {&kind_contact, C,
     "{'last_name':'Lee','other_emails':[{'label':'w\\u0007','value':'a@b.com'}]}", INV,
     "other_emails", NULL, "invalid characters"},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[{'label':'w'}]}", MAL, "other_emails",
     NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[{'label':'w','value':5}]}", MAL,
     "other_emails", NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[{'label':5,'value':'a@b.com'}]}", MAL,
     "other_emails", NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':['a@b.com']}", MAL, "other_emails", NULL,
     "'other_emails' must be a list of"},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[null]}", MAL, "other_emails", NULL,
     NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':[{'label':'w','value':'a@b.com','x':1}]}",
     MAL, "other_emails", NULL, "unknown field 'x' in 'other_emails'"},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':{'label':'w','value':'a@b.com'}}", MAL,
     "other_emails", NULL, NULL},
    {&kind_contact, C, "{'last_name':'Lee','other_emails':'a@b.com'}", MAL, "other_emails", NULL,
     NULL},
    {&kind_contact, C,
     "{'last_name':'Lee','other_emails':[{'label':"
     "'123456789012345678901234567890123456789012345678901','value':'a@b.com'}]}",
     INV, "other_emails", NULL, "at most 50"},

    /* relationship: enum, create-only fields */
    {&kind_relationship, C,
     "{'kind':'works_at','contact_id':1,'org_id':2,'role':'CTO',"
     "'since':'2020-01-01'}",
     OK, NULL, NULL, NULL},
    {&kind_relationship, C, "{'kind':' knows ','contact_id':1,'other_contact_id':2}", OK, NULL,
     "{'kind':'knows','contact_id':1,'other_contact_id':2}", NULL},
    {&kind_relationship, C, "{'kind':'friend','contact_id':1}", INV, "kind", NULL,
     "'kind' must be one of: works_at, reports_to, knows, referred_by"},
    {&kind_relationship, C, "{'kind':'Works_At','contact_id':1}", INV, "kind", NULL, NULL},
    {&kind_relationship, C, "{'kind':1,'contact_id':1}", MAL, "kind", NULL, NULL},
    {&kind_relationship, C, "{'kind':'knows'}", INV, "contact_id", NULL,
     "'contact_id' is required"},
    {&kind_relationship, C, "{'contact_id':1}", INV, "kind", NULL, "'kind' is required"},
    {&kind_relationship, U, "{'role':'CEO','until':'2026-01-31'}", OK, NULL, NULL, NULL},
    {&kind_relationship, U, "{'kind':'knows'}", MAL, "kind", NULL, "'kind' cannot be changed"},
    {&kind_relationship, U, "{'contact_id':5}", MAL, "contact_id", NULL, "cannot be changed"},
    {&kind_relationship, U, "{'org_id':5}", MAL, "org_id", NULL, "cannot be changed"},
    {&kind_relationship, U, "{'other_contact_id':null}", MAL, "other_contact_id", NULL,
     "cannot be changed"},
    {&kind_relationship, U, "{'since':'2026-13-01'}", INV, "since", NULL, NULL},

    /* activity: times become integer milliseconds */
    {&kind_activity, C, "{'kind':'call','contact_id':1,'occurred_at':'2026-01-31T09:30:00Z'}", OK,
     NULL, "{'kind':'call','contact_id':1,'occurred_at':1769851800000}", NULL},
    {&kind_activity, C,
     "{'kind':'call','contact_id':1,'occurred_at':' 2026-01-31T10:30:00+01:00 '}", OK, NULL,
     "{'kind':'call','contact_id':1,'occurred_at':1769851800000}", NULL},
    {&kind_activity, C, "{'kind':'note','deal_id':4,'occurred_at':'2026-01-31'}", OK, NULL,
     "{'kind':'note','deal_id':4,'occurred_at':1769817600000}", NULL},
    {&kind_activity, C, "{'kind':'note','deal_id':4,'occurred_at':'2026-03-15T14:00:00.250Z'}", OK,
     NULL, "{'kind':'note','deal_id':4,'occurred_at':1773583200250}", NULL},
    {&kind_activity, C, "{'kind':'note','deal_id':4,'occurred_at':''}", OK, NULL,
     "{'kind':'note','deal_id':4,'occurred_at':null}", NULL},
    {&kind_activity, C, "{'kind':'call','occurred_at':'yesterday'}", INV, "occurred_at", NULL,
     "'occurred_at' must be an ISO 8601 time"},
    {&kind_activity, C, "{'kind':'call','occurred_at':'2026-02-30T10:00:00Z'}", INV, "occurred_at",
     NULL, NULL},
    {&kind_activity, C, "{'kind':'call','occurred_at':1769851800000}", MAL, "occurred_at", NULL,
     "'occurred_at' must be a string"},
    {&kind_activity, C, "{'kind':'meeting','org_id':1,'duration_min':10080,'direction':'inbound'}",
     OK, NULL, NULL, NULL},
    {&kind_activity, C, "{'kind':'meeting','org_id':1,'duration_min':0}", OK, NULL, NULL, NULL},
    {&kind_activity, C, "{'kind':'meeting','org_id':1,'duration_min':10081}", INV, "duration_min",
     NULL, "'duration_min' must be between 0 and 10080"},
    {&kind_activity, C, "{'kind':'meeting','org_id':1,'duration_min':-1}", INV, "duration_min",
     NULL, NULL},
    {&kind_activity, C, "{'kind':'meeting','org_id':1,'duration_min':1.5}", MAL, "duration_min",
     NULL, NULL},
    {&kind_activity, C, "{'kind':'meeting','direction':'sideways'}", INV, "direction", NULL,
     "one of: inbound, outbound"},
    {&kind_activity, C, "{'kind':'Call'}", INV, "kind", NULL, NULL},
    {&kind_activity, C, "{'kind':''}", INV, "kind", NULL, "'kind' is required"},

    /* task: booleans and server-set fields */
    {&kind_task, C, "{'title':'Call back','done':true,'due_at':null}", OK, NULL, NULL, NULL},
    {&kind_task, U, "{'done':false}", OK, NULL, NULL, NULL},
    {&kind_task, U, "{'done':1}", MAL, "done", NULL, "'done' must be true or false"},
    {&kind_task, U, "{'done':'true'}", MAL, "done", NULL, NULL},
    {&kind_task, C, "{'title':'x','done_at':'2026-01-01T00:00:00Z'}", MAL, "done_at", NULL,
     "'done_at' is set by the server"},
    {&kind_task, U, "{'done_at':null}", MAL, "done_at", NULL, "set by the server"},

    /* lead */
    {&kind_lead, C, "{'company':'Acme','status':'working','source':'fair'}", OK, NULL, NULL, NULL},
    {&kind_lead, C, "{'company':'Acme','status':'won'}", INV, "status", NULL, NULL},
    {&kind_lead, U, "{'converted_at':'2026-01-01'}", MAL, "converted_at", NULL,
     "set by the server"},
    {&kind_lead, U, "{'converted_contact_id':1}", MAL, "converted_contact_id", NULL, NULL},
    {&kind_lead, U, "{'converted_org_id':1}", MAL, "converted_org_id", NULL, NULL},
    {&kind_lead, U, "{'converted_deal_id':1}", MAL, "converted_deal_id", NULL, NULL},

    /* stage */
    {&kind_stage, C, "{'name':'Won','position':1000,'probability':100,'is_won':true}", OK, NULL,
     NULL, NULL},
    {&kind_stage, C, "{'name':'Lead','position':0,'probability':0,'is_lost':false}", OK, NULL, NULL,
     NULL},
    {&kind_stage, C, "{'name':'x','probability':101}", INV, "probability", NULL,
     "between 0 and 100"},
    {&kind_stage, C, "{'name':'x','position':1001}", INV, "position", NULL, NULL},
    {&kind_stage, C, "{'name':'x','is_won':'yes'}", MAL, "is_won", NULL, NULL},

    /* deal: money and currency */
    {&kind_deal, C, "{'name':'Big','amount_minor':1000000000000000,'currency':' EUR '}", OK, NULL,
     "{'name':'Big','amount_minor':1000000000000000,'currency':'EUR'}", NULL},
    {&kind_deal, C, "{'name':'Big','amount_minor':1000000000000001,'currency':'EUR'}", INV,
     "amount_minor", NULL, NULL},
    {&kind_deal, C, "{'name':'Big','amount_minor':-5,'currency':'EUR'}", INV, "amount_minor", NULL,
     NULL},
    {&kind_deal, C, "{'name':'Big','amount_minor':99.5}", MAL, "amount_minor", NULL, NULL},
    {&kind_deal, C, "{'name':'Big','amount_minor':'100'}", MAL, "amount_minor", NULL, NULL},
    {&kind_deal, C, "{'name':'Big','currency':'eur'}", INV, "currency", NULL,
     "'currency' must be a three-letter ISO 4217 code like EUR"},
    {&kind_deal, C, "{'name':'Big','currency':'EURO'}", INV, "currency", NULL, NULL},
    {&kind_deal, C, "{'name':'Big','close_date':'2026-06-31'}", INV, "close_date", NULL, NULL},
    {&kind_deal, C, "{'name':'Big','close_date':'2026-06-30','stage_id':2}", OK, NULL, NULL, NULL},
    {&kind_deal, C, "{'name':'Big','closed_at':'2026-06-30T00:00:00Z'}", MAL, "closed_at", NULL,
     "set by the server"},
    {&kind_deal, U, "{'name':'Bigger','amount_minor':null}", OK, NULL, NULL, NULL},
};

static void check_input_case(size_t i, const struct input_case *c)
{
    json_t *in = J(c->in);
    json_t *clean = (json_t *)0x1;
    struct err e = ERR_INIT;
    int rc = records_input_check(c->k, in, c->create, &clean, &e);

    if (rc != c->rc)
        fail_msg("case %zu (%s %s %s): rc %d, want %d (%s)", i, c->k->name,
                 c->create ? "create" : "update", c->in, rc, c->rc, e.message);
    if (rc < 0) {
        if (clean != NULL)
            fail_msg("case %zu: clean_out not NULL on error", i);
        if (strcmp(e.field, c->field) != 0)
            fail_msg("case %zu (%s): field '%s', want '%s'", i, c->in, e.field, c->field);
        if (e.code != rc)
            fail_msg("case %zu: err.code %d, rc %d", i, e.code, rc);
        if (c->msg && !strstr(e.message, c->msg))
            fail_msg("case %zu (%s): message '%s' lacks '%s'", i, c->in, e.message, c->msg);
    } else {
        json_t *want = J(c->clean ? c->clean : c->in);
        if (!json_equal(clean, want)) {
            char *got = json_dumps(clean, JSON_SORT_KEYS);
            fail_msg("case %zu (%s): clean %s", i, c->in, got);
        }
        json_decref(want);
        json_decref(clean);
    }
    json_decref(in);
}

static void test_input_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof input_cases / sizeof input_cases[0]; i++)
        check_input_case(i, &input_cases[i]);
}

/* The input is borrowed: the check never changes it. */
static void test_input_unchanged(void **state)
{
    json_t *in = J("{'name':'  Padded  ','amount_minor':5,'currency':'EUR'}");
    json_t *copy = json_deep_copy(in);
    json_t *clean = NULL;

    (void)state;
    assert_int_equal(records_input_check(&kind_deal, in, 1, &clean, NULL), 0);
    assert_true(json_equal(in, copy));
    assert_string_equal(json_string_value(json_object_get(clean, "name")), "Padded");
    json_decref(clean);
    json_decref(copy);
    json_decref(in);
}

static void test_input_not_object(void **state)
{
    static const char *const bodies[] = {"[]", "[{'name':'x'}]", "'name'", "5", "null", "true"};

    (void)state;
    for (size_t i = 0; i < sizeof bodies / sizeof bodies[0]; i++) {
        json_t *in = J(bodies[i]);
        json_t *clean = (json_t *)0x1;
        struct err e = ERR_INIT;
        assert_int_equal(records_input_check(&kind_team, in, 1, &clean, &e), UPT_EMALFORMED);
        assert_null(clean);
        assert_string_equal(e.message, "the body must be a JSON object");
        json_decref(in);
    }
    /* a NULL input (what a failed parse gives) is malformed too */
    json_t *clean = NULL;
    assert_int_equal(records_input_check(&kind_team, NULL, 1, &clean, NULL), UPT_EMALFORMED);
}

/* max_len counts characters, at the boundary, after trimming. */
static void test_text_lengths(void **state)
{
    struct {
        const struct record_kind *k;
        const char *field;
        size_t max;
    } fields[] = {
        {&kind_team, "name", 100},       {&kind_organization, "name", 200},
        {&kind_activity, "body", 20000}, {&kind_lead, "notes", 5000},
        {&kind_deal, "next_step", 500},  {&kind_contact, "title", 100},
    };
    char *s = malloc(20010);

    (void)state;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        for (int extra = 0; extra <= 1; extra++) {
            size_t n = fields[i].max + (size_t)extra;
            json_t *in = json_object(), *clean = NULL;
            struct err e = ERR_INIT;

            memset(s, 'x', n);
            s[n] = '\0';
            json_object_set_new(in, fields[i].field, json_string(s));
            int rc = records_input_check(fields[i].k, in, 0, &clean, &e);
            if (extra == 0 && rc != 0)
                fail_msg("%s.%s of %zu bytes refused: %s", fields[i].k->name, fields[i].field, n,
                         e.message);
            if (extra == 1 && (rc != UPT_EINVAL || strcmp(e.field, fields[i].field) != 0))
                fail_msg("%s.%s of %zu bytes: rc %d field '%s'", fields[i].k->name, fields[i].field,
                         n, rc, e.field);
            json_decref(clean);
            json_decref(in);
        }
    }
    /* padding does not count against the limit; a character counts once, whatever its bytes */
    json_t *clean = NULL;
    memset(s, ' ', 50);
    memset(s + 50, 'y', 100);
    memset(s + 150, '\n', 50);
    s[200] = '\0';
    json_t *in = json_pack("{s:s}", "name", s);
    assert_int_equal(records_input_check(&kind_team, in, 1, &clean, NULL), 0);
    assert_int_equal(json_string_length(json_object_get(clean, "name")), 100);
    json_decref(clean);
    json_decref(in);
    for (int i = 0; i < 100; i++)
        memcpy(s + 2 * i, "\xc3\xa9", 2); /* 100 x 'é' = 200 bytes, 100 characters */
    s[200] = '\0';
    in = json_pack("{s:s}", "name", s);
    assert_int_equal(records_input_check(&kind_team, in, 1, &clean, NULL), 0);
    assert_int_equal(json_string_length(json_object_get(clean, "name")), 200);
    json_decref(clean);
    json_decref(in);
    memcpy(s + 200, "\xc3\xa9", 3); /* the 101st */
    in = json_pack("{s:s}", "name", s);
    struct err e = ERR_INIT;
    assert_int_equal(records_input_check(&kind_team, in, 1, &clean, &e), UPT_EINVAL);
    assert_string_equal(e.message, "'name' is longer than 100 characters");
    json_decref(in);
    for (int i = 0; i < 100; i++)
        memcpy(s + 4 * i, "\xf0\x9f\x98\x80", 4); /* 100 x U+1F600, 4 bytes each */
    s[400] = '\0';
    in = json_pack("{s:s}", "last_name", s);
    assert_int_equal(records_input_check(&kind_contact, in, 0, &clean, NULL), 0);
    json_decref(clean);
    json_decref(in);
    /* labels of labelled lists: 50 characters */
    for (int i = 0; i < 50; i++)
        memcpy(s + 2 * i, "\xc3\xa9", 2);
    s[100] = '\0';
    in = json_pack("{s:[{s:s,s:s}]}", "other_emails", "label", s, "value", "a@example.com");
    assert_int_equal(records_input_check(&kind_contact, in, 0, &clean, NULL), 0);
    json_decref(clean);
    json_decref(in);
    memcpy(s + 100, "\xc3\xa9", 3);
    in = json_pack("{s:[{s:s,s:s}]}", "other_emails", "label", s, "value", "a@example.com");
    assert_int_equal(records_input_check(&kind_contact, in, 0, &clean, NULL), UPT_EINVAL);
    json_decref(in);
    free(s);
}

/* Labelled lists hold at most 20 entries. */
static void test_labelled_count(void **state)
{
    (void)state;
    for (int n = 19; n <= 21; n++) {
        json_t *list = json_array(), *clean = NULL;
        struct err e = ERR_INIT;
        for (int i = 0; i < n; i++)
            json_array_append_new(list,
                                  json_pack("{s:s,s:s}", "label", "x", "value", "a@example.com"));
        json_t *in = json_pack("{s:s,s:o}", "last_name", "Lee", "other_emails", list);
        int rc = records_input_check(&kind_contact, in, 1, &clean, &e);
        if (n <= 20) {
            assert_int_equal(rc, 0);
            assert_int_equal(json_array_size(json_object_get(clean, "other_emails")), (size_t)n);
        } else {
            assert_int_equal(rc, UPT_EINVAL);
            assert_string_equal(e.field, "other_emails");
            assert_non_null(strstr(e.message, "at most 20"));
        }
        json_decref(clean);
        json_decref(in);
    }
}

/* On create every F_REQUIRED field is required and nothing else is; on update, none is but
 * none may be emptied. Derived from the tables so new fields are covered. */
static void test_required_from_tables(void **state)
{
    static const struct record_kind *const kinds[] = {
        &kind_team, &kind_organization, &kind_contact, &kind_relationship, &kind_activity,
        &kind_task, &kind_lead,         &kind_stage,   &kind_deal,
    };

    (void)state;
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const struct record_kind *k = kinds[i];
        for (const struct field_def *f = k->fields; f->name; f++) {
            json_t *in = json_object(), *clean = NULL;
            struct err e = ERR_INIT;
            int rc;

            if (f->flags & F_READONLY) {
                json_object_set_new(in, f->name, json_null());
                rc = records_input_check(k, in, 1, &clean, &e);
                if (rc != UPT_EMALFORMED || strcmp(e.field, f->name) != 0)
                    fail_msg("%s.%s is read-only but create gave %d", k->name, f->name, rc);
                rc = records_input_check(k, in, 0, &clean, &e);
                if (rc != UPT_EMALFORMED)
                    fail_msg("%s.%s is read-only but update gave %d", k->name, f->name, rc);
            } else {
                /* null is a valid value of every writable field but a required one */
                json_object_set_new(in, f->name, json_null());
                rc = records_input_check(k, in, 0, &clean, &e);
                int want = (f->flags & F_NOUPDATE)   ? UPT_EMALFORMED
                           : (f->flags & F_REQUIRED) ? UPT_EINVAL
                                                     : 0;
                if (rc != want || (rc < 0 && strcmp(e.field, f->name) != 0))
                    fail_msg("update %s.%s = null gave %d (%s), want %d", k->name, f->name, rc,
                             e.field, want);
                json_decref(clean);
                clean = NULL;
            }
            json_decref(in);
            /* an empty create names the first required field */
            if (f->flags & F_REQUIRED) {
                in = json_object();
                rc = records_input_check(k, in, 1, &clean, &e);
                assert_int_equal(rc, UPT_EINVAL);
                assert_null(clean);
                json_decref(in);
            }
        }
    }
}

struct rule_case {
    const struct record_kind *k;
    const char *record;
    int rc;
    const char *field;
};

static const struct rule_case rule_cases[] = {
    /* a contact needs a first name, a last name or an email */
    {&kind_contact, "{'first_name':'Ann'}", OK, NULL},
    {&kind_contact, "{'last_name':'Lee'}", OK, NULL},
    {&kind_contact, "{'email':'a@b.com'}", OK, NULL},
    {&kind_contact, "{}", INV, "last_name"},
    {&kind_contact, "{'first_name':null,'last_name':null,'email':null,'phone':'1234'}", INV,
     "last_name"},
    {&kind_contact, "{'first_name':'','title':'CEO'}", INV, "last_name"},
    /* a lead needs a name, an email or a company */
    {&kind_lead, "{'company':'Acme'}", OK, NULL},
    {&kind_lead, "{'email':'a@b.com'}", OK, NULL},
    {&kind_lead, "{'source':'fair'}", INV, "last_name"},
    /* relationship shapes */
    {&kind_relationship, "{'kind':'works_at','contact_id':1,'org_id':2}", OK, NULL},
    {&kind_relationship, "{'kind':'works_at','contact_id':1}", INV, "org_id"},
    {&kind_relationship, "{'kind':'works_at','contact_id':1,'org_id':null}", INV, "org_id"},
    {&kind_relationship, "{'kind':'works_at','contact_id':1,'org_id':2,'other_contact_id':3}", INV,
     "other_contact_id"},
    {&kind_relationship, "{'kind':'knows','contact_id':1,'other_contact_id':2}", OK, NULL},
    {&kind_relationship, "{'kind':'reports_to','contact_id':1,'other_contact_id':2}", OK, NULL},
    {&kind_relationship, "{'kind':'referred_by','contact_id':1,'other_contact_id':2}", OK, NULL},
    {&kind_relationship, "{'kind':'knows','contact_id':1}", INV, "other_contact_id"},
    {&kind_relationship, "{'kind':'knows','contact_id':1,'other_contact_id':2,'org_id':3}", INV,
     "org_id"},
    {&kind_relationship, "{'kind':'knows','contact_id':4,'other_contact_id':4}", INV,
     "other_contact_id"},
    {&kind_relationship,
     "{'kind':'works_at','contact_id':1,'org_id':2,'since':'2020-01-01',"
     "'until':'2020-01-01'}",
     OK, NULL},
    {&kind_relationship,
     "{'kind':'works_at','contact_id':1,'org_id':2,'since':'2020-01-02',"
     "'until':'2020-01-01'}",
     INV, "until"},
    {&kind_relationship,
     "{'kind':'works_at','contact_id':1,'org_id':2,'since':'2020-01-02',"
     "'until':null}",
     OK, NULL},
    /* an activity is linked to something */
    {&kind_activity, "{'kind':'call','contact_id':1}", OK, NULL},
    {&kind_activity, "{'kind':'call','org_id':1}", OK, NULL},
    {&kind_activity, "{'kind':'call','deal_id':1}", OK, NULL},
    {&kind_activity, "{'kind':'call','contact_id':null,'owner_id':1}", INV, "contact_id"},
    /* a stage is not both won and lost */
    {&kind_stage, "{'name':'Won','is_won':true,'is_lost':false}", OK, NULL},
    {&kind_stage, "{'name':'Lost','is_lost':true}", OK, NULL},
    {&kind_stage, "{'name':'Both','is_won':true,'is_lost':true}", INV, "is_lost"},
    /* an amount needs a currency */
    {&kind_deal, "{'name':'d','amount_minor':100,'currency':'EUR'}", OK, NULL},
    {&kind_deal, "{'name':'d','currency':'EUR'}", OK, NULL},
    {&kind_deal, "{'name':'d'}", OK, NULL},
    {&kind_deal, "{'name':'d','amount_minor':100}", INV, "currency"},
    {&kind_deal, "{'name':'d','amount_minor':100,'currency':null}", INV, "currency"},
    {&kind_deal, "{'name':'d','amount_minor':0,'currency':''}", INV, "currency"},
    /* kinds without a rule accept any record */
    {&kind_team, "{}", OK, NULL},
    {&kind_organization, "{}", OK, NULL},
    {&kind_task, "{}", OK, NULL},
};

static void test_record_rules(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rule_cases / sizeof rule_cases[0]; i++) {
        const struct rule_case *c = &rule_cases[i];
        json_t *r = J(c->record);
        struct err e = ERR_INIT;
        int rc = records_record_check(c->k, r, &e);

        if (rc != c->rc || (rc < 0 && strcmp(e.field, c->field) != 0))
            fail_msg("rule case %zu (%s %s): rc %d field '%s' (%s), want %d '%s'", i, c->k->name,
                     c->record, rc, e.field, e.message, c->rc, c->field ? c->field : "");
        if (rc < 0 && e.message[0] == '\0')
            fail_msg("rule case %zu: no message", i);
        json_decref(r);
    }
}

static void test_render(void **state)
{
    json_t *task = J("{'id':5,'title':'t','due_at':1769851800000,'done_at':null,"
                     "'created_at':0,'updated_at':-1,'deleted_at':null,'owner_id':3}");
    json_t *want = J("{'id':5,'title':'t','due_at':'2026-01-31T09:30:00.000Z','done_at':null,"
                     "'created_at':'1970-01-01T00:00:00.000Z',"
                     "'updated_at':'1969-12-31T23:59:59.999Z','deleted_at':null,'owner_id':3}");
    json_t *deal = J("{'name':'d','amount_minor':1769851800000,'closed_at':1773583200250}");

    (void)state;
    records_render(&kind_task, task);
    if (!json_equal(task, want))
        fail_msg("rendered task: %s", json_dumps(task, JSON_SORT_KEYS));
    /* only times are converted: an integer amount stays an integer */
    records_render(&kind_deal, deal);
    assert_true(json_is_integer(json_object_get(deal, "amount_minor")));
    assert_string_equal(json_string_value(json_object_get(deal, "closed_at")),
                        "2026-03-15T14:00:00.250Z");
    /* rendering twice is harmless */
    records_render(&kind_task, task);
    assert_true(json_equal(task, want));
    records_render_time(deal, "absent");
    assert_null(json_object_get(deal, "absent"));
    json_decref(task);
    json_decref(want);
    json_decref(deal);
}

/* A create input that passes, rendered as the API would echo it, passes again unchanged. */
static void test_clean_is_stable(void **state)
{
    json_t *in = J("{'kind':'meeting','occurred_at':'2026-03-15T15:00:00.250+01:00',"
                   "'subject':'  Kick-off ','contact_id':9,'body':''}");
    json_t *clean = NULL, *again = NULL;

    (void)state;
    assert_int_equal(records_input_check(&kind_activity, in, 1, &clean, NULL), 0);
    assert_int_equal(json_integer_value(json_object_get(clean, "occurred_at")), 1773583200250);
    records_render(&kind_activity, clean);
    assert_int_equal(records_input_check(&kind_activity, clean, 1, &again, NULL), 0);
    records_render(&kind_activity, again);
    assert_true(json_equal(clean, again));
    json_decref(in);
    json_decref(clean);
    json_decref(again);
}

static void test_kind_find(void **state)
{
    static const struct {
        const char *name;
        const struct record_kind *k;
    } cases[] = {
        {"team", &kind_team},
        {"teams", &kind_team},
        {"contact", &kind_contact},
        {"contacts", &kind_contact},
        {"activity", &kind_activity},
        {"activities", &kind_activity},
        {"deal", &kind_deal},
        {"stages", &kind_stage},
        {"Contact", NULL},
        {"", NULL},
        {"user", NULL},
        {"contactss", NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (records_kind_find(cases[i].name) != cases[i].k)
            fail_msg("records_kind_find('%s')", cases[i].name);
    assert_non_null(records_field_find(&kind_contact, "email"));
    assert_int_equal(records_field_find(&kind_deal, "amount_minor")->type, FT_INT);
    assert_null(records_field_find(&kind_contact, "id"));
    assert_null(records_field_find(&kind_contact, ""));
}

/* Values with a NUL inside are refused: C string checks would otherwise see only the prefix. */
static void test_nul_inside_values(void **state)
{
    static const struct input_case cases[] = {
        /* enum, date and time values are compared as C strings, so a NUL hides junk */
        {&kind_activity, C, "{'kind':'call\\u0000junk','contact_id':1}", INV, "kind", NULL, NULL},
        {&kind_contact, C, "{'last_name':'L','birthday':'2026-01-01\\u0000junk'}", INV, "birthday",
         NULL, NULL},
        {&kind_activity, C, "{'kind':'call','contact_id':1,'occurred_at':'2026-01-01\\u0000x'}",
         INV, "occurred_at", NULL, NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        check_input_case(i, &cases[i]);
}

/* The fields completion expects filled (F_EXPECTED), per kind, in table order. */
static void test_expected_fields(void **state)
{
    static const struct {
        const struct record_kind *k;
        const char *names;
    } want[] = {
        {&kind_contact, "title email phone city org_id"},
        {&kind_organization, "phone website industry city"},
        {&kind_deal, "amount_minor close_date next_step contact_id"},
    };
    (void)state;
    for (int i = 0; records_kinds[i]; i++) {
        const struct record_kind *k = records_kinds[i];
        const char *names = "";
        char got[256] = "";
        size_t len = 0;
        for (size_t j = 0; j < sizeof want / sizeof want[0]; j++)
            if (want[j].k == k)
                names = want[j].names;
        for (const struct field_def *f = k->fields; f->name; f++)
            if (f->flags & F_EXPECTED)
                len +=
                    (size_t)snprintf(got + len, sizeof got - len, "%s%s", len ? " " : "", f->name);
        assert_string_equal(got, names);
    }
}

/* A record's title: a person's name or the name, then the kind's fallback, the email, the id. */
static void test_title(void **state)
{
    static const struct {
        const struct record_kind *k;
        const char *record, *title;
    } cases[] = {
        {&kind_contact, "{'id':1,'first_name':'Ada','last_name':'Lovelace'}", "Ada Lovelace"},
        {&kind_contact, "{'id':1,'last_name':'Lovelace','email':'a@x.test'}", "Lovelace"},
        {&kind_contact, "{'id':1,'first_name':null,'email':'a@x.test'}", "a@x.test"},
        {&kind_contact, "{'id':7,'company':'Acme'}", "contact 7"},
        {&kind_lead, "{'id':2,'company':'Acme','email':'a@x.test'}", "Acme"},
        {&kind_lead, "{'id':2,'first_name':'Bo','company':'Acme'}", "Bo"},
        {&kind_lead, "{'id':2,'email':'a@x.test'}", "a@x.test"},
        {&kind_organization, "{'id':3,'name':'Acme'}", "Acme"},
        {&kind_deal, "{'id':4,'name':null}", "deal 4"},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *r = J(cases[i].record), *t = records_title(cases[i].k, r);
        assert_string_equal(json_string_value(t), cases[i].title);
        json_decref(t);
        json_decref(r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_input_table),
        cmocka_unit_test(test_input_unchanged),
        cmocka_unit_test(test_input_not_object),
        cmocka_unit_test(test_text_lengths),
        cmocka_unit_test(test_labelled_count),
        cmocka_unit_test(test_required_from_tables),
        cmocka_unit_test(test_record_rules),
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_clean_is_stable),
        cmocka_unit_test(test_kind_find),
        cmocka_unit_test(test_nul_inside_values),
        cmocka_unit_test(test_expected_fields),
        cmocka_unit_test(test_title),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
