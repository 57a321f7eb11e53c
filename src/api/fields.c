/* SPDX-License-Identifier: MIT */
/* Routes of /api/v1/fields: the field tables of every kind as forms need them (type, required,
 * choices, hidden), the admin's switch to hide a field from forms, and field usage figures. */
#include "http/router.h"

#include "core/json_keys.h"
#include "core/records.h"

#include <string.h>

/* One field as the API describes it (new reference). */
static json_t *field_json(const struct field_def *f, int hidden)
{
    json_t *o = json_pack("{s:s,s:s,s:b,s:b}", "name", f->name, "type", records_type_name(f->type),
                          "required", !!(f->flags & F_REQUIRED), "hidden", hidden);

    if (f->type == FT_ENUM) {
        json_t *values = json_array();
        for (int i = 0; f->enum_values[i]; i++)
            json_array_append_new(values, json_string(f->enum_values[i]));
        json_object_set_new(o, "values", values);
    }
    if (f->type == FT_REF)
        json_object_set_new(o, "ref", json_string(f->ref_table));
    return o;
}

static void fields_list(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    json_t *hidden = NULL, *kinds = NULL;
    int rc = store_field_hidden(r->app->store, &hidden, &err);

    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    kinds = json_object();
    for (int i = 0; records_kinds[i]; i++) {
        const struct record_kind *k = records_kinds[i];
        json_t *list = json_array(), *h = json_object_get(hidden, k->name);
        for (const struct field_def *f = k->fields; f->name; f++)
            if (!(f->flags & F_READONLY))
                json_array_append_new(list,
                                      field_json(f, json_is_true(json_object_get(h, f->name))));
        json_object_set_new(kinds, k->name, list);
    }
    json_decref(hidden);
    resp_json(w, 200, json_pack("{s:o}", "kinds", kinds));
}

/* The kind and field named by the route, which must be a writable field of a record kind;
 * UPT_ENOTFOUND otherwise. */
static int find_field(const struct req *r, const struct record_kind **k, const struct field_def **f,
                      struct err *err)
{
    *k = r->nparams == 2 ? records_kind_find(r->params[0]) : NULL;
    *f = *k ? records_field_find(*k, r->params[1]) : NULL;
    if (!*k)
        return err_set(err, UPT_ENOTFOUND, "kind '%.64s' not found",
                       r->nparams ? r->params[0] : "");
    if (!*f || ((*f)->flags & F_READONLY))
        return err_set(err, UPT_ENOTFOUND, "field '%.64s' of %s not found", r->params[1],
                       (*k)->name);
    return 0;
}

/* Reads {"hidden": true|false} and nothing else. */
static int hidden_arg(struct req *r, int *hidden, struct err *err)
{
    json_t *body = NULL, *v;
    int rc = req_json(r, &body, err);

    if (rc < 0)
        goto out;
    static const char *const allowed[] = {"hidden", NULL};
    if ((rc = json_check_keys(body, allowed, "b", err)) < 0)
        goto out;
    v = json_object_get(body, "hidden");
    if (!json_is_boolean(v)) {
        rc = err_field(err, UPT_EMALFORMED, "hidden", "'hidden' must be true or false");
        goto out;
    }
    *hidden = json_is_true(v);
out:
    json_decref(body);
    return rc;
}

static void fields_update(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    const struct record_kind *k = NULL;
    const struct field_def *f = NULL;
    int hidden = 0;
    int rc = find_field(r, &k, &f, &err);

    if (rc == 0)
        rc = hidden_arg(r, &hidden, &err);
    if (rc == 0 && hidden && (f->flags & F_REQUIRED))
        rc =
            err_field(&err, UPT_EINVAL, "hidden", "'%s' is required and cannot be hidden", f->name);
    if (rc == 0)
        rc = store_field_set_hidden(r->app->store, &r->actor, k, f->name, hidden, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    resp_json(w, 200, field_json(f, hidden));
}

static void fields_usage(struct req *r, struct resp *w)
{
    struct err err = ERR_INIT;
    const char *name = req_query(r, "kind");
    const struct record_kind *k = NULL;
    json_t *filled = NULL, *fields = NULL;
    int64_t total = 0;
    int rc = 0;

    if (r->actor.role == ROLE_REP)
        rc = err_set(&err, UPT_EPERM, "field usage is for managers and admins");
    else if (!name || !*name)
        rc = err_field(&err, UPT_EMALFORMED, "kind", "'kind' is required, like kind=contact");
    else if (!(k = records_kind_find(name)))
        rc = err_field(&err, UPT_ENOTFOUND, "kind", "kind '%.64s' not found", name);
    if (rc == 0)
        rc = store_field_usage(r->app->store, k, &total, &filled, &err);
    if (rc < 0) {
        resp_error(w, &err);
        return;
    }
    fields = json_array();
    for (const struct field_def *f = k->fields; f->name; f++) {
        if (f->flags & F_READONLY)
            continue;
        json_int_t n = json_integer_value(json_object_get(filled, f->name));
        /* Two decimals, rounded half up, in integers. */
        double share = total ? (double)((n * 200 + total) / (2 * total)) / 100.0 : 0.0;
        json_array_append_new(
            fields, json_pack("{s:s,s:I,s:f}", "name", f->name, "filled", n, "share", share));
    }
    json_decref(filled);
    resp_json(
        w, 200,
        json_pack("{s:s,s:I,s:o}", "kind", k->name, "total", (json_int_t)total, "fields", fields));
}

const struct route api_fields_routes[] = {
    {"GET", "/api/v1/fields", fields_list, ROUTE_AUTH, NULL, EV_FIELD_LIST},
    {"GET", "/api/v1/fields/usage", fields_usage, ROUTE_AUTH, NULL, EV_FIELD_USAGE},
    {"PATCH", "/api/v1/fields/:kind/:field", fields_update, ROUTE_AUTH | ROUTE_CSRF | ROUTE_ADMIN,
     NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
