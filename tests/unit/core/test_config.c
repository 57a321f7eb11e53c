/* SPDX-License-Identifier: MIT */
/* Tests of src/core/config.c: defaults, the ini file, UPTAKE_* environment overrides, flags
 * through config_set, and the messages people read when a value is wrong. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const env_names[] = {
    "UPTAKE_DB",          "UPTAKE_LISTEN",        "UPTAKE_THREADS",
    "UPTAKE_VISIBILITY",  "UPTAKE_SESSION_HOURS", "UPTAKE_BODY_LIMIT",
    "UPTAKE_LOG_LEVEL",   "UPTAKE_WEB_DIR",       "UPTAKE_COOKIE_SECURE",
    "UPTAKE_LOGIN_LIMIT",
};

static char ini_path[256];

/* Each test starts with no UPTAKE_* variables and an unused temporary ini path. */
static int setup(void **state)
{
    const char *tmp = getenv("TMPDIR");
    int fd;

    (void)state;
    for (size_t i = 0; i < sizeof env_names / sizeof env_names[0]; i++)
        unsetenv(env_names[i]);
    snprintf(ini_path, sizeof ini_path, "%s/uptake-test-config-XXXXXX", tmp ? tmp : "/tmp");
    fd = mkstemp(ini_path);
    if (fd < 0)
        return -1;
    close(fd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    unlink(ini_path);
    return 0;
}

static void write_ini(const char *text)
{
    FILE *f = fopen(ini_path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void test_defaults(void **state)
{
    struct config c;
    struct err e = ERR_INIT;

    (void)state;
    assert_int_equal(config_load(&c, NULL, 0, &e), 0);
    assert_string_equal(c.db, "data/uptake.db");
    assert_string_equal(c.listen, "127.0.0.1:8080");
    assert_int_equal(c.threads, 0);
    assert_string_equal(c.visibility, "team");
    assert_int_equal(c.session_hours, 168);
    assert_int_equal(c.body_limit, 1048576);
    assert_string_equal(c.log_level, "info");
    assert_string_equal(c.web_dir, "");
    assert_int_equal(c.cookie_secure, 0);
    assert_int_equal(c.login_limit, 10);
    assert_int_equal(config_visibility(&c), 1);
    /* a missing optional ini file is fine */
    assert_int_equal(config_load(&c, "/nonexistent/uptake.ini", 0, &e), 0);
    assert_string_equal(c.listen, "127.0.0.1:8080");
}

static void test_missing_required_ini(void **state)
{
    struct config c;
    struct err e = ERR_INIT;

    (void)state;
    assert_int_equal(config_load(&c, "/nonexistent/uptake.ini", 1, &e), UPT_EIO);
    assert_non_null(strstr(e.message, "/nonexistent/uptake.ini"));
}

static void test_ini(void **state)
{
    struct config c;
    struct err e = ERR_INIT;

    (void)state;
    write_ini("; uptake settings\n"
              "# another comment\n"
              "db = /var/lib/uptake/crm.db\n"
              "listen=0.0.0.0:9000\n"
              "threads = 8\n"
              "\n"
              "[server]\n"
              "session-hours = 12\n"
              "body_limit = 2048\n" /* underscores spell the same key */
              "log_level = debug\n"
              "web_dir = /srv/web\n"
              "cookie-secure = yes\n"
              "visibility = own\n");
    assert_int_equal(config_load(&c, ini_path, 1, &e), 0);
    assert_string_equal(c.db, "/var/lib/uptake/crm.db");
    assert_string_equal(c.listen, "0.0.0.0:9000");
    assert_int_equal(c.threads, 8);
    assert_int_equal(c.session_hours, 12);
    assert_int_equal(c.body_limit, 2048);
    assert_string_equal(c.log_level, "debug");
    assert_string_equal(c.web_dir, "/srv/web");
    assert_int_equal(c.cookie_secure, 1);
    assert_string_equal(c.visibility, "own");
    assert_int_equal(config_visibility(&c), 0);
    /* keys not in the file keep their defaults */
    assert_int_equal(c.login_limit, 10);
}

/* defaults < ini < environment < flags (config_set after config_load) */
static void test_override_order(void **state)
{
    struct config c;
    struct err e = ERR_INIT;

    (void)state;
    write_ini("listen = 10.0.0.1:1\nthreads = 2\nsession-hours = 5\n");
    setenv("UPTAKE_THREADS", "3", 1);
    setenv("UPTAKE_SESSION_HOURS", "6", 1);
    setenv("UPTAKE_VISIBILITY", "all", 1);
    setenv("UPTAKE_COOKIE_SECURE", "true", 1);
    assert_int_equal(config_load(&c, ini_path, 1, &e), 0);
    assert_string_equal(c.listen, "10.0.0.1:1"); /* ini over default */
    assert_int_equal(c.threads, 3);              /* environment over ini */
    assert_int_equal(c.session_hours, 6);
    assert_string_equal(c.visibility, "all"); /* environment over default */
    assert_int_equal(config_visibility(&c), 2);
    assert_int_equal(c.cookie_secure, 1);
    assert_int_equal(config_set(&c, "session-hours", "7", "flag", &e), 0); /* flag over all */
    assert_int_equal(c.session_hours, 7);
    assert_int_equal(config_set(&c, "listen", "[::1]:8443", "flag", &e), 0);
    assert_string_equal(c.listen, "[::1]:8443");
    assert_int_equal(c.threads, 3);
}

struct set_case {
    const char *key, *value;
    int ok;
    const char *msg; /* a part the message must contain when refused */
};

static const struct set_case set_cases[] = {
    {"threads", "0", 1, NULL},
    {"threads", "256", 1, NULL},
    {"threads", "257", 0, "'threads' must be a whole number from 0 to 256"},
    {"threads", "-1", 0, "from 0 to 256"},
    {"threads", "", 0, "whole number"},
    {"threads", "four", 0, "whole number"},
    {"threads", "4x", 0, "whole number"},
    {"threads", "4.0", 0, "whole number"},
    {"threads", "99999999999999999999999", 0, "whole number"},
    {"session-hours", "0", 0, "from 1 to 8760"},
    {"session-hours", "8760", 1, NULL},
    {"body-limit", "1023", 0, "from 1024 to 1073741824"},
    {"body-limit", "1073741824", 1, NULL},
    {"login-limit", "0", 0, "from 1 to 32"},
    {"login-limit", "32", 1, NULL},
    {"login-limit", "33", 0, "from 1 to 32"},
    {"connections-per-address", "0", 0, "from 1 to 1000000"},
    {"connections-per-address", "5", 1, NULL},
    {"max-connections", "0", 1, NULL},
    {"max-connections", "-1", 0, "from 0 to 1000000"},
    {"request-header-timeout", "0", 0, "from 1 to 3600"},
    {"request-header-timeout", "1", 1, NULL},
    {"body-memory-limit", "16383", 0, "from 16384 to 1099511627776"},
    {"body-memory-limit", "16384", 1, NULL},
    {"trusted-proxies", "127.0.0.1, 10.0.0.0/8", 1, NULL},
    {"adoption-weight-access", "101", 0, "from 0 to 100"},
    {"adoption-weight-quality", "0", 1, NULL},
    {"adoption-stale-days", "0", 0, "from 1 to 3650"},
    {"cookie-secure", "true", 1, NULL},
    {"cookie-secure", "1", 1, NULL},
    {"cookie-secure", "no", 1, NULL},
    {"cookie-secure", "0", 1, NULL},
    {"cookie-secure", "maybe", 0, "'cookie-secure' must be true or false"},
    {"cookie-secure", "", 0, "true or false"},
    {"visibility", "team", 1, NULL},
    {"visibility", "everyone", 0, "'visibility' must be one of own, team, all, not 'everyone'"},
    {"visibility", "Team", 0, "own, team, all"},
    {"log-level", "warn", 1, NULL},
    {"log-level", "verbose", 0, "'log-level' must be one of error, warn, info, debug"},
    {"log_level", "error", 1, NULL},
    {"session_hours", "24", 1, NULL},
    {"web-dir", "", 1, NULL},
    {"no-such-key", "1", 0, "unknown setting 'no-such-key'"},
    {"", "1", 0, "unknown setting ''"},
    {"threads_", "1", 0, "unknown setting"},
    {"THREADS", "1", 0, "unknown setting"},
    {"session-hours-x", "1", 0, "unknown setting"},
    {"log-levels", "info", 0, "unknown setting"},
};

static void test_set_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof set_cases / sizeof set_cases[0]; i++) {
        const struct set_case *t = &set_cases[i];
        struct config c;
        struct err e = ERR_INIT;
        int rc;

        assert_int_equal(config_load(&c, NULL, 0, &e), 0);
        rc = config_set(&c, t->key, t->value, "--test", &e);
        if (t->ok && rc != 0)
            fail_msg("%s=%s refused: %s", t->key, t->value, e.message);
        if (!t->ok) {
            if (rc != UPT_EINVAL)
                fail_msg("%s=%s accepted", t->key, t->value);
            /* the message names its source first, then what is wrong */
            if (strncmp(e.message, "--test: ", 8) != 0 || !strstr(e.message, t->msg))
                fail_msg("%s=%s: message '%s' lacks '%s'", t->key, t->value, e.message, t->msg);
        }
    }
}

/* A refused value leaves the setting as it was. */
static void test_refused_keeps_value(void **state)
{
    struct config c;
    struct err e = ERR_INIT;
    char toolong[600];

    (void)state;
    assert_int_equal(config_load(&c, NULL, 0, &e), 0);
    assert_int_equal(config_set(&c, "threads", "300", "flag", &e), UPT_EINVAL);
    assert_int_equal(c.threads, 0);
    assert_int_equal(config_set(&c, "visibility", "nobody", "flag", &e), UPT_EINVAL);
    assert_string_equal(c.visibility, "team");
    memset(toolong, 'd', sizeof toolong - 1);
    toolong[sizeof toolong - 1] = '\0';
    assert_int_equal(config_set(&c, "db", toolong, "flag", &e), UPT_EINVAL);
    assert_non_null(strstr(e.message, "'db' is too long"));
    assert_string_equal(c.db, "data/uptake.db");
    /* the longest value that fits */
    toolong[sizeof c.db - 1] = '\0';
    assert_int_equal(config_set(&c, "db", toolong, "flag", &e), 0);
    assert_int_equal(strlen(c.db), sizeof c.db - 1);
}

struct bad_ini_case {
    const char *text;
    const char *msg;
};

static const struct bad_ini_case bad_inis[] = {
    {"threads = 2\nthreds = 4\n", "unknown setting 'threds'"},
    {"visibility = public\n", "'visibility' must be one of own, team, all, not 'public'"},
    {"session-hours = forever\n", "'session-hours' must be a whole number"},
    {"cookie-secure = perhaps\n", "'cookie-secure' must be true or false"},
    {"threads = 2\nthis line has no equals sign\n", ":2: cannot parse this line"},
    {"[unterminated\n", ":1: cannot parse this line"},
};

static void test_bad_ini(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_inis / sizeof bad_inis[0]; i++) {
        struct config c;
        struct err e = ERR_INIT;

        write_ini(bad_inis[i].text);
        assert_int_equal(config_load(&c, ini_path, 1, &e), UPT_EINVAL);
        /* the message names the file and says what is wrong */
        if (!strstr(e.message, ini_path) || !strstr(e.message, bad_inis[i].msg))
            fail_msg("ini case %zu: message '%s' lacks '%s'", i, e.message, bad_inis[i].msg);
    }
}

static void test_bad_env(void **state)
{
    struct config c;
    struct err e = ERR_INIT;

    (void)state;
    setenv("UPTAKE_LOGIN_LIMIT", "lots", 1);
    assert_int_equal(config_load(&c, NULL, 0, &e), UPT_EINVAL);
    /* the source of an environment value is the variable's name */
    assert_string_equal(e.message,
                        "UPTAKE_LOGIN_LIMIT: 'login-limit' must be a whole number from 1 to 32");
    unsetenv("UPTAKE_LOGIN_LIMIT");
    setenv("UPTAKE_LOG_LEVEL", "loud", 1);
    assert_int_equal(config_load(&c, NULL, 0, &e), UPT_EINVAL);
    assert_non_null(strstr(e.message, "UPTAKE_LOG_LEVEL: 'log-level' must be one of"));
}

static void test_print(void **state)
{
    struct config c;
    struct err e = ERR_INIT;
    char *text = NULL;
    size_t len = 0;
    FILE *f;

    (void)state;
    assert_int_equal(config_load(&c, NULL, 0, &e), 0);
    assert_int_equal(config_set(&c, "cookie-secure", "yes", "flag", &e), 0);
    f = open_memstream(&text, &len);
    assert_non_null(f);
    config_print(&c, f);
    fclose(f);
    assert_non_null(strstr(text, "db = data/uptake.db\n"));
    assert_non_null(strstr(text, "session-hours = 168\n"));
    assert_non_null(strstr(text, "body-limit = 1048576\n"));
    assert_non_null(strstr(text, "cookie-secure = true\n"));
    assert_non_null(strstr(text, "web-dir = \n"));
    /* what config show prints reads back as the same configuration */
    write_ini(text);
    struct config back;
    assert_int_equal(config_load(&back, ini_path, 1, &e), 0);
    assert_memory_equal(&back, &c, sizeof c);
    free(text);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_defaults),  T(test_missing_required_ini), T(test_ini),     T(test_override_order),
        T(test_set_table), T(test_refused_keeps_value),  T(test_bad_ini), T(test_bad_env),
        T(test_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
