/* SPDX-License-Identifier: MIT */
/* Tests of src/http/proxy.c: parsing trusted-proxies, membership of networks, and the client
 * address read from X-Forwarded-For (from the right, trusted hops skipped, bad entries). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "http/proxy.h"

#include <string.h>

static struct proxy_list parsed(const char *spec)
{
    struct proxy_list l;
    struct err err = ERR_INIT;

    if (proxy_list_parse(spec, &l, &err) != 0)
        fail_msg("'%s': %s", spec, err.message);
    return l;
}

static void test_parse(void **state)
{
    static const char *const bad[] = {"10.0.0.1/33", "10.0.0.0/",     "10.0.0.0/x",
                                      "::1/129",     "proxy.example", "10.0.0.256",
                                      "10.0.0.1:80", "1.2.3.4/-1",    "1.2.3.4/0008"};
    struct proxy_list l;
    (void)state;

    assert_int_equal(parsed("").n, 0);
    assert_int_equal(parsed("  ,, ").n, 0);
    assert_int_equal(parsed("127.0.0.1").n, 1);
    assert_int_equal(parsed("10.0.0.0/8, 192.168.1.7 ::1,fd00::/8").n, 4);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct err err = ERR_INIT;
        if (proxy_list_parse(bad[i], &l, &err) != UPT_EINVAL)
            fail_msg("'%s' accepted", bad[i]);
        assert_non_null(strstr(err.message, "trusted-proxies"));
    }
}

static void test_trusted(void **state)
{
    struct proxy_list l = parsed("10.0.0.0/8,192.168.1.7,fd00::/8,172.16.0.0/12,0.0.0.0/0");
    struct proxy_list none = parsed("");
    struct proxy_list narrow = parsed("10.1.2.128/25 ::1");
    (void)state;

    assert_true(proxy_is_trusted(&l, "10.200.3.4"));
    assert_true(proxy_is_trusted(&l, "fd12::1"));
    assert_false(proxy_is_trusted(&l, "fe80::1"));
    assert_false(proxy_is_trusted(&l, "garbage"));
    assert_false(proxy_is_trusted(&none, "127.0.0.1"));
    assert_true(proxy_is_trusted(&narrow, "10.1.2.200"));
    assert_false(proxy_is_trusted(&narrow, "10.1.2.127"));
    assert_true(proxy_is_trusted(&narrow, "::1"));
    assert_false(proxy_is_trusted(&narrow, "::2"));
}

static void check(const char *spec, const char *peer, const char *const *xff, int n,
                  const char *want)
{
    struct proxy_list l = parsed(spec);
    char out[PROXY_ADDR_LEN];

    proxy_client_ip(&l, peer, xff, n, out, sizeof out);
    if (strcmp(out, want) != 0)
        fail_msg("peer %s, %d headers: got %s, want %s", peer, n, out, want);
}

static void test_client_ip(void **state)
{
    const char *one[] = {"203.0.113.9"};
    const char *chain[] = {"198.51.100.1, 203.0.113.9, 10.0.0.2"};
    const char *spoof[] = {"1.1.1.1, 203.0.113.9"};
    const char *two[] = {"1.1.1.1", "203.0.113.9,10.0.0.3"};
    const char *junk[] = {"203.0.113.9, not-an-address"};
    const char *alltrusted[] = {"10.0.0.9, 10.0.0.8"};
    const char *v6[] = {"2001:DB8::0:1"};
    const char *empty[] = {" , "};
    (void)state;

    /* Untrusted peers are their own address, whatever they send. */
    check("", "127.0.0.1", one, 1, "127.0.0.1");
    check("10.0.0.0/8", "192.0.2.1", one, 1, "192.0.2.1");
    /* A trusted proxy without the header is the client. */
    check("127.0.0.1", "127.0.0.1", NULL, 0, "127.0.0.1");
    check("127.0.0.1", "127.0.0.1", one, 1, "203.0.113.9");
    /* From the right: trusted hops skipped, the first untrusted one wins (not the leftmost,
     * which the client itself may have written). */
    check("127.0.0.1,10.0.0.0/8", "127.0.0.1", chain, 1, "203.0.113.9");
    check("127.0.0.1", "127.0.0.1", spoof, 1, "203.0.113.9");
    check("127.0.0.1,10.0.0.0/8", "127.0.0.1", two, 2, "203.0.113.9");
    /* A bad entry stops the walk: the hop that wrote it is the client. */
    check("127.0.0.1", "127.0.0.1", junk, 1, "127.0.0.1");
    check("127.0.0.1,10.0.0.0/8", "127.0.0.1", alltrusted, 1, "10.0.0.9");
    check("127.0.0.1", "127.0.0.1", v6, 1, "2001:db8::1");
    check("127.0.0.1", "127.0.0.1", empty, 1, "127.0.0.1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_trusted),
        cmocka_unit_test(test_client_ip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
