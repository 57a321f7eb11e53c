/* SPDX-License-Identifier: MIT */
/* uptake user add|list|deactivate|reactivate: the admin's user management from the shell. The
 * password of a new user is read from standard input, never from the command line. */
#include "cli/cli.h"

#include "api/render.h"
#include "core/clock.h"
#include "core/records.h"
#include "core/validate.h"
#include "http/auth.h"
#include "store/store.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static struct actor system_actor(void)
{
    struct actor a = {0, ROLE_ADMIN, 0, VIS_ALL, clock_now_ms()};
    return a;
}

/* Reads one line from stdin without echo when it is a terminal. */
static int read_password(char *out, size_t size)
{
    struct termios old, quiet;
    int tty = isatty(STDIN_FILENO);

    if (tty) {
        fprintf(stderr, "password: ");
        tcgetattr(STDIN_FILENO, &old);
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)ECHO;
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    char *line = fgets(out, (int)size, stdin);
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &old);
        fputc('\n', stderr);
    }
    if (!line)
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

/* Finds team by name, creating it when absent. */
static int team_id_for(struct app *app, const char *name, int64_t *id)
{
    struct actor a = system_actor();
    struct err err = ERR_INIT;
    struct list_query q = {0};
    json_t *items = NULL, *input = NULL, *clean = NULL, *team = NULL;
    int64_t next;
    int rc;

    q.filters[0].field = "name";
    q.filters[0].value = name;
    q.filters[0].op = '=';
    q.nfilters = 1;
    q.limit = 1;
    rc = store_record_list(app->store, &kind_team, &a, &q, &items, &next, &err);
    if (rc == 0 && json_array_size(items)) {
        *id = json_integer_value(json_object_get(json_array_get(items, 0), "id"));
        json_decref(items);
        return 0;
    }
    json_decref(items);
    input = json_pack("{s:s}", "name", name);
    rc = records_input_check(&kind_team, input, 1, &clean, &err);
    if (rc == 0)
        rc = store_record_create(app->store, &kind_team, &a, clean, &team, &err);
    json_decref(input);
    json_decref(clean);
    if (rc < 0) {
        cli_error("%s", err.message);
        return -1;
    }
    *id = json_integer_value(json_object_get(team, "id"));
    json_decref(team);
    fprintf(stderr, "uptake: created team '%s'\n", name);
    return 0;
}

static int user_add(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"email", "E", "sign-in email (required)", NULL},
        {"name", "N", "full name (required)", NULL},
        {"role", "admin|manager|rep", "role (required)", NULL},
        {"team", "T", "team name; created when it does not exist", NULL},
        {"integration", NULL, "an integration user: API tokens only, left out of adoption", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct err err = ERR_INIT;
    struct user_new u = {0};
    char password[1100] = "", hash[256] = "";
    int first = 0;
    int64_t id = 0;
    int rc = cli_parse(
        argc, argv, "uptake user add --email E --name N --role admin|manager|rep [--team T]",
        "Adds a user; the password is read from standard input (one line).", opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first != argc || !opts[0].value || !opts[1].value || !opts[2].value) {
        cli_error("user add needs --email, --name and --role; see 'uptake user add --help'");
        return CLI_EXIT_USAGE;
    }
    u.email = opts[0].value;
    u.name = opts[1].value;
    u.role = access_role_parse(opts[2].value);
    u.is_integration = opts[4].value != NULL;
    if (u.role < 0) {
        cli_error("--role must be admin, manager or rep, not '%s'", opts[2].value);
        return CLI_EXIT_USAGE;
    }
    if (validate_email(u.email) < 0) {
        cli_error("--email '%s' is not an email address", u.email);
        return CLI_EXIT_USAGE;
    }
    if (validate_name(u.name, VALIDATE_USER_NAME_CHARS) < 0) {
        cli_error("--name must be 1 to %d characters of text", VALIDATE_USER_NAME_CHARS);
        return CLI_EXIT_USAGE;
    }
    if (!u.is_integration) {
        /* The API's rule (http/auth.c): 8 to 1,024 bytes. */
        struct err rule = ERR_INIT;
        if (read_password(password, sizeof password) < 0 ||
            auth_password_acceptable(password, "password", &rule) < 0) {
            cli_error("the password (read from standard input) %s",
                      rule.message[0] && strstr(rule.message, "too long")
                          ? "is too long (at most 1,024 bytes)"
                          : "needs at least 8 characters");
            sodium_memzero(password, sizeof password);
            return CLI_EXIT_FAIL;
        }
        rc = auth_password_hash(password, hash, sizeof hash);
        sodium_memzero(password, sizeof password);
        if (rc < 0) {
            cli_error("cannot hash the password");
            return CLI_EXIT_FAIL;
        }
        u.password_hash = hash;
    }
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    if (opts[3].value && team_id_for(app, opts[3].value, &u.team_id) < 0)
        return CLI_EXIT_FAIL;
    struct actor a = system_actor();
    rc = store_user_create(app->store, &a, &u, &id, &err);
    sodium_memzero(hash, sizeof hash);
    if (rc < 0) {
        cli_error("%s", err.message);
        return CLI_EXIT_FAIL;
    }
    printf("added user %lld <%s> as %s\n", (long long)id, u.email, opts[2].value);
    return CLI_EXIT_OK;
}

static int user_list(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"format", "table|json", "output format (default table)", NULL},
        {"all", NULL, "include deactivated users", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct err err = ERR_INIT;
    json_t *items = NULL, *u;
    size_t i;
    int first = 0;
    int rc = cli_parse(argc, argv, "uptake user list [--format table|json] [--all]",
                       "Lists users with their role, team and state.", opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    const char *format = opts[0].value ? opts[0].value : "table";
    if (first != argc || (strcmp(format, "table") != 0 && strcmp(format, "json") != 0)) {
        cli_error("usage: uptake user list [--format table|json] [--all]");
        return CLI_EXIT_USAGE;
    }
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    if (store_user_list(app->store, opts[1].value != NULL, &items, &err) < 0) {
        cli_error("%s", err.message);
        return CLI_EXIT_FAIL;
    }
    if (strcmp(format, "json") == 0) {
        api_render_users(items);
        json_dumpf(items, stdout, JSON_INDENT(2));
        fputc('\n', stdout);
    } else {
        printf("%-5s %-36s %-28s %-8s %-14s %s\n", "ID", "EMAIL", "NAME", "ROLE", "TEAM", "STATE");
        json_array_foreach(items, i, u)
        {
            const char *team = json_string_value(json_object_get(u, "team_name"));
            printf("%-5lld %-36s %-28s %-8s %-14s %s%s\n",
                   (long long)json_integer_value(json_object_get(u, "id")),
                   json_string_value(json_object_get(u, "email")),
                   json_string_value(json_object_get(u, "name")),
                   json_string_value(json_object_get(u, "role")), team ? team : "-",
                   json_is_true(json_object_get(u, "active")) ? "active" : "inactive",
                   json_is_true(json_object_get(u, "is_integration")) ? " (integration)" : "");
        }
    }
    json_decref(items);
    return CLI_EXIT_OK;
}

/* Prints what moved (or would move) per kind and to whom, one line each, "3 deals -> b@x". */
static void print_handover(struct app *app, const json_t *summary)
{
    json_t *moved = json_object_get(summary, "moved"), *to = json_object_get(summary, "to");
    struct err err = ERR_INIT;
    int any = 0;

    for (int k = 0; k < STORE_HANDOVER_KINDS; k++) {
        json_int_t n = json_integer_value(json_object_get(moved, store_handover_kinds[k]));
        json_t *user = NULL;
        if (!n)
            continue;
        any = 1;
        int64_t id = json_integer_value(json_object_get(to, store_handover_kinds[k]));
        const char *email = store_user_get(app->store, id, &user, &err) == 0
                                ? json_string_value(json_object_get(user, "email"))
                                : "?";
        printf("  %lld %s -> %s\n", (long long)n, store_handover_kinds[k], email);
        json_decref(user);
    }
    if (!any)
        printf("  nothing: they own no records or open tasks\n");
}

static int user_deactivate(int argc, char **argv, struct app *app)
{
    /* The per-kind options follow store_handover_kinds, in its order. */
    struct cli_opt opts[] = {
        {"email", "E", "the user to deactivate (required)", NULL},
        {"successor", "S",
         "email of the user who inherits their records (required unless every kind is given)",
         NULL},
        {"dry-run", NULL, "show what would move to whom; change nothing", NULL},
        {"organizations", "S", "successor for their organizations", NULL},
        {"contacts", "S", "successor for their contacts", NULL},
        {"relationships", "S", "successor for their relationships", NULL},
        {"leads", "S", "successor for their leads", NULL},
        {"deals", "S", "successor for their deals", NULL},
        {"open-tasks", "S", "successor for their open tasks", NULL},
        {"teams-led", "S", "successor as manager of the teams they lead", NULL},
        {NULL, NULL, NULL, NULL},
    };
    enum { FIRST_KIND = 3 };
    struct err err = ERR_INIT;
    struct handover_plan plan = {0};
    json_t *summary = NULL;
    int64_t id;
    int first = 0, dry_run;
    int rc = cli_parse(
        argc, argv, "uptake user deactivate --email E --successor S [--deals S2 ...] [--dry-run]",
        "Deactivates a user and hands every record they own and every open task\n"
        "to the successor, in one transaction; --<kind> S gives that kind to\n"
        "another successor. --dry-run lists what would move to whom.",
        opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    int all_kinds = 1;
    for (int k = 0; k < STORE_HANDOVER_KINDS; k++)
        all_kinds &= opts[FIRST_KIND + k].value != NULL;
    if (first != argc || !opts[0].value || (!opts[1].value && !all_kinds)) {
        cli_error("user deactivate needs --email and --successor");
        return CLI_EXIT_USAGE;
    }
    dry_run = opts[2].value != NULL;
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    rc = store_user_find_email(app->store, opts[0].value, &id, &err);
    if (rc == 0 && opts[1].value)
        rc = store_user_find_email(app->store, opts[1].value, &plan.successor_id, &err);
    for (int k = 0; k < STORE_HANDOVER_KINDS && rc == 0; k++)
        if (opts[FIRST_KIND + k].value)
            rc = store_user_find_email(app->store, opts[FIRST_KIND + k].value, &plan.to[k], &err);
    struct actor a = system_actor();
    if (rc == 0)
        rc = store_user_deactivate(app->store, &a, id, &plan, dry_run, &summary, &err);
    if (rc < 0) {
        cli_error("%s", err.message);
        return CLI_EXIT_FAIL;
    }
    printf(dry_run ? "would deactivate %s and hand over:\n" : "deactivated %s; handed over:\n",
           opts[0].value);
    print_handover(app, summary);
    json_decref(summary);
    return CLI_EXIT_OK;
}

static int user_reactivate(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"email", "E", "the user to reactivate (required)", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct err err = ERR_INIT;
    int64_t id;
    int first = 0;
    int rc = cli_parse(argc, argv, "uptake user reactivate --email E",
                       "Lets a deactivated user sign in again with the password they had. Their\n"
                       "records stay with their successors.",
                       opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first != argc || !opts[0].value) {
        cli_error("user reactivate needs --email");
        return CLI_EXIT_USAGE;
    }
    if (cli_open_store(app) < 0)
        return CLI_EXIT_FAIL;
    struct actor a = system_actor();
    rc = store_user_find_email(app->store, opts[0].value, &id, &err);
    if (rc == 0)
        rc = store_user_reactivate(app->store, &a, id, &err);
    if (rc < 0) {
        cli_error("%s", err.message);
        return CLI_EXIT_FAIL;
    }
    printf("reactivated %s\n", opts[0].value);
    return CLI_EXIT_OK;
}

int cmd_user(int argc, char **argv, struct app *app)
{
    if (argc >= 2 && strcmp(argv[1], "add") == 0)
        return user_add(argc - 1, argv + 1, app);
    if (argc >= 2 && strcmp(argv[1], "list") == 0)
        return user_list(argc - 1, argv + 1, app);
    if (argc >= 2 && strcmp(argv[1], "deactivate") == 0)
        return user_deactivate(argc - 1, argv + 1, app);
    if (argc >= 2 && strcmp(argv[1], "reactivate") == 0)
        return user_reactivate(argc - 1, argv + 1, app);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: uptake user <add|list|deactivate|reactivate> [options]\n\n"
               "  add         add a user (password from standard input)\n"
               "  list        list users (--format json shows every field)\n"
               "  deactivate  deactivate a user, handing their records to successors\n"
               "  reactivate  let a deactivated user sign in again\n");
        return CLI_EXIT_OK;
    }
    cli_error("usage: uptake user <add|list|deactivate|reactivate> [options];"
              " see 'uptake user --help'");
    return CLI_EXIT_USAGE;
}
