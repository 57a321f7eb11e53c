/* SPDX-License-Identifier: MIT */
/* Tests of src/http/req.c's log escaping: no request value can end a log line or a quoted
 * value early, and a value longer than the buffer is cut, never overrun. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/req.h"

#include <string.h>

static void test_log_text(void **state)
{
    char out[64];
    (void)state;

    assert_string_equal(req_log_text("/api/v1/contacts", out, sizeof out), "/api/v1/contacts");
    assert_string_equal(req_log_text("/x\nmsg=\"forged\"", out, sizeof out),
                        "/x\\x0amsg=\\x22forged\\x22");
    assert_string_equal(req_log_text("a\r\tb\\c\x7f", out, sizeof out), "a\\x0d\\x09b\\x5cc\\x7f");
    assert_string_equal(req_log_text("caf\xc3\xa9", out, sizeof out), "caf\\xc3\\xa9");
    assert_string_equal(req_log_text("", out, sizeof out), "");
}

static void test_log_text_bounded(void **state)
{
    char small[8];
    char big[300];
    (void)state;

    memset(big, '\n', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    req_log_text(big, small, sizeof small);
    assert_true(strlen(small) < sizeof small);
    assert_string_equal(small, "\\x0a");
    req_log_text("abcdefghij", small, sizeof small);
    assert_true(strlen(small) < sizeof small);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_log_text),
        cmocka_unit_test(test_log_text_bounded),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
