/* SPDX-License-Identifier: MIT */
/* uptake report adoption: the adoption scorecard from the shell, as a table, CSV or JSON
 * (the same figures as GET /api/v1/adoption/users; docs/ADOPTION.md). */
#include "cli/cli.h"

#include "core/clock.h"
#include "io/adoption_csv.h"
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "uptake report adoption [--team T] [--from D --to D] [--format table|csv|json]"

/* The team named by name or id. */
static int team_find(struct app *app, const char *text, int64_t *id)
{
    struct actor a = {0, ROLE_ADMIN, 0, VIS_ALL, clock_now_ms()};
    struct err err = ERR_INIT;
    struct list_query q = {0};
    json_t *items = NULL;
    int64_t next = 0;
    char *end;
    long long n = strtoll(text, &end, 10);

    if (*text && !*end && n > 0) {
        *id = n;
        return 0;
    }
    q.filters[0].field = "name";
    q.filters[0].value = text;
    q.filters[0].op = '=';
    q.nfilters = 1;
    q.limit = 1;
    if (store_record_list(app->store, &kind_team, &a, &q, &items, &next, &err) < 0) {
        cli_error("%s", err.message);
        return -1;
    }
    if (!json_array_size(items)) {
        json_decref(items);
        cli_error("no team '%s'", text);
        return -1;
    }
    *id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
    json_decref(items);
    return 0;
}

static const char *component(const json_t *item, const char *name, char *buf, size_t size)
{
    const json_t *v = json_object_get(json_object_get(item, "components"), name);

    if (!json_is_integer(v))
        return "-";
    snprintf(buf, size, "%lld", (long long)json_integer_value(v));
    return buf;
}

static void print_table(const json_t *answer)
{
    const json_t *items = json_object_get(answer, "items"), *it;
    size_t i;

    printf("Adoption %s to %s (previous period %s to %s)\n\n",
           json_string_value(json_object_get(answer, "from")),
           json_string_value(json_object_get(answer, "to")),
           json_string_value(json_object_get(json_object_get(answer, "previous"), "from")),
           json_string_value(json_object_get(json_object_get(answer, "previous"), "to")));
    printf("%4s  %-26s %-10s %5s %6s %7s %7s %7s  %s\n", "RANK", "NAME", "TEAM", "SCORE", "TREND",
           "ACCESS", "PROCESS", "QUALITY", "PULLED DOWN BY");
    json_array_foreach(items, i, it)
    {
        char a[8], p[8], q[8], trend[8] = "-";
        const json_t *t = json_object_get(it, "trend"), *team = json_object_get(it, "team_name");
        const json_t *reasons = json_object_get(it, "reasons");
        if (json_is_integer(t))
            snprintf(trend, sizeof trend, "%+lld", (long long)json_integer_value(t));
        printf("%4lld  %-26.26s %-10.10s %5lld %6s %7s %7s %7s  %s%s%s\n",
               (long long)json_integer_value(json_object_get(it, "rank")),
               json_string_value(json_object_get(it, "name")),
               json_is_string(team) ? json_string_value(team) : "-",
               (long long)json_integer_value(json_object_get(it, "score")), trend,
               component(it, "access", a, sizeof a), component(it, "process", p, sizeof p),
               component(it, "quality", q, sizeof q),
               json_is_true(json_object_get(it, "lagging")) ? "[lagging] " : "",
               json_is_true(json_object_get(it, "new")) ? "[new] " : "",
               json_array_size(reasons) ? json_string_value(json_array_get(reasons, 0)) : "");
    }
    /* who left before the period's end: off the ranking, named apart */
    const json_t *left = json_object_get(answer, "left");
    if (json_array_size(left))
        printf("\nLeft during the period:\n");
    json_array_foreach(left, i, it)
    {
        const json_t *team = json_object_get(it, "team_name");
        printf("      %-26.26s %-10.10s %5lld  left %s\n",
               json_string_value(json_object_get(it, "name")),
               json_is_string(team) ? json_string_value(team) : "-",
               (long long)json_integer_value(json_object_get(it, "score")),
               json_string_value(json_object_get(it, "left_on")));
    }
}

static int report_adoption(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"team", "T", "only this team (name or id)", NULL},
        {"from", "D", "first day, YYYY-MM-DD (default: 27 days before --to)", NULL},
        {"to", "D", "last day, YYYY-MM-DD (default: today, UTC)", NULL},
        {"format", "table|csv|json", "output format (default table)", NULL},
        {"include-integration", NULL, "also score integration accounts", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct adoption_query q = {0};
    struct actor a = {0, ROLE_ADMIN, 0, VIS_ALL, clock_now_ms()};
    struct err err = ERR_INIT;
    json_t *answer = NULL;
    int first = 0;
    int rc = cli_parse(argc, argv, USAGE,
                       "Ranks every user by adoption score for a period, with the score's\n"
                       "components and what pulls each score down (docs/ADOPTION.md).",
                       opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    const char *format = opts[3].value ? opts[3].value : "table";
    if (first != argc || (strcmp(format, "table") != 0 && strcmp(format, "csv") != 0 &&
                          strcmp(format, "json") != 0)) {
        cli_error("usage: " USAGE);
        return CLI_EXIT_USAGE;
    }
    for (int i = 1; i <= 2; i++)
        if (opts[i].value && strlen(opts[i].value) >= sizeof q.from) {
            cli_error("--%s must be a date YYYY-MM-DD", opts[i].name);
            return CLI_EXIT_USAGE;
        }
    snprintf(q.from, sizeof q.from, "%s", opts[1].value ? opts[1].value : "");
    snprintf(q.to, sizeof q.to, "%s", opts[2].value ? opts[2].value : "");
    q.include_integration = opts[4].value != NULL;
    q.with_metrics = 1;
    config_adoption(&app->cfg, &q.weights, &q.stale_days);
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    if (opts[0].value && team_find(app, opts[0].value, &q.team_id) < 0)
        return CLI_EXIT_FAIL;
    if (store_adoption_users(app->store, &a, &q, &answer, &err) < 0) {
        cli_error("%s", err.message);
        return err.code == UPT_EINVAL ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
    }
    if (strcmp(format, "json") == 0) {
        json_dumpf(answer, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else if (strcmp(format, "csv") == 0) {
        struct csv_out c;
        size_t len;
        csv_out_init(&c);
        adoption_csv_users(&c, answer);
        char *text = csv_out_detach(&c, &len);
        fwrite(text, 1, len, stdout);
        free(text);
    } else {
        print_table(answer);
    }
    json_decref(answer);
    return CLI_EXIT_OK;
}

int cmd_report(int argc, char **argv, struct app *app)
{
    if (argc >= 2 && strcmp(argv[1], "adoption") == 0)
        return report_adoption(argc - 1, argv + 1, app);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: uptake report <adoption> [options]\n\n"
               "  adoption  adoption scores per user for a period (table, csv or json)\n");
        return CLI_EXIT_OK;
    }
    cli_error("usage: uptake report <adoption> [options]; see 'uptake report --help'");
    return CLI_EXIT_USAGE;
}
