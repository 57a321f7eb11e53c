/* SPDX-License-Identifier: MIT */
/* Trusted proxies: parsing the setting and finding the client address in X-Forwarded-For. */
#include "http/proxy.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Parses text (len bytes) as an IPv4 or IPv6 address into family and 16 bytes. */
static int parse_addr(const char *text, size_t len, int *family, unsigned char addr[16])
{
    char tmp[PROXY_ADDR_LEN];

    if (len == 0 || len >= sizeof tmp)
        return -1;
    memcpy(tmp, text, len);
    tmp[len] = '\0';
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, tmp, addr) == 1) {
        *family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, tmp, addr) == 1) {
        *family = AF_INET6;
        return 0;
    }
    return -1;
}

int proxy_list_parse(const char *spec, struct proxy_list *out, struct err *err)
{
    const char *p = spec;

    memset(out, 0, sizeof *out);
    for (;;) {
        struct proxy_net net = {0};
        size_t len, alen;
        const char *slash;

        p += strspn(p, ", \t");
        if (!*p)
            return 0;
        len = strcspn(p, ", \t");
        slash = memchr(p, '/', len);
        alen = slash ? (size_t)(slash - p) : len;
        if (parse_addr(p, alen, &net.family, net.addr) < 0)
            return err_set(err, UPT_EINVAL, "trusted-proxies: '%.*s' is not an address or network",
                           (int)len, p);
        net.prefix = net.family == AF_INET ? 32 : 128;
        if (slash) {
            char digits[4] = "";
            size_t dlen = len - alen - 1;
            char *end = NULL;
            long prefix;
            if (dlen == 0 || dlen >= sizeof digits || strspn(slash + 1, "0123456789") < dlen)
                return err_set(err, UPT_EINVAL, "trusted-proxies: '%.*s' has a bad prefix length",
                               (int)len, p);
            memcpy(digits, slash + 1, dlen);
            prefix = strtol(digits, &end, 10);
            if (prefix > net.prefix)
                return err_set(err, UPT_EINVAL, "trusted-proxies: '%.*s' has a bad prefix length",
                               (int)len, p);
            net.prefix = (int)prefix;
        }
        if (out->n == PROXY_MAX_NETS)
            return err_set(err, UPT_EINVAL, "trusted-proxies: at most %d entries", PROXY_MAX_NETS);
        out->nets[out->n++] = net;
        p += len;
    }
}

static int in_net(const struct proxy_net *net, int family, const unsigned char addr[16])
{
    int whole = net->prefix / 8, bits = net->prefix % 8;

    if (family != net->family)
        return 0;
    if (memcmp(net->addr, addr, (size_t)whole) != 0)
        return 0;
    if (bits == 0)
        return 1;
    unsigned char mask = (unsigned char)(0xff << (8 - bits));
    return (net->addr[whole] & mask) == (addr[whole] & mask);
}

static int trusted(const struct proxy_list *l, int family, const unsigned char addr[16])
{
    for (int i = 0; i < l->n; i++)
        if (in_net(&l->nets[i], family, addr))
            return 1;
    return 0;
}

int proxy_is_trusted(const struct proxy_list *l, const char *addr)
{
    int family;
    unsigned char bytes[16];

    return parse_addr(addr, strlen(addr), &family, bytes) == 0 && trusted(l, family, bytes);
}

static void to_text(int family, const unsigned char addr[16], char *out, size_t size)
{
    if (!inet_ntop(family, addr, out, (socklen_t)size))
        snprintf(out, size, "unknown");
}

/* The entry ending just before *end (exclusive) in s, trimmed; moves *end to its start. Returns
 * 0 when there is none left. */
static int prev_entry(const char *s, size_t *end, const char **start, size_t *len)
{
    size_t e = *end, b;

    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == ','))
        e--;
    if (e == 0)
        return 0;
    b = e;
    while (b > 0 && s[b - 1] != ',')
        b--;
    *start = s + b;
    *len = e - b;
    while (*len && (**start == ' ' || **start == '\t')) {
        (*start)++;
        (*len)--;
    }
    *end = b;
    return 1;
}

void proxy_client_ip(const struct proxy_list *l, const char *peer, const char *const *xff, int n,
                     char *out, size_t size)
{
    int family;
    unsigned char addr[16];

    snprintf(out, size, "%s", peer);
    if (n == 0 || !proxy_is_trusted(l, peer))
        return;
    /* The last header holds the nearest hops: walk the headers and their entries backwards. */
    for (int h = n - 1; h >= 0; h--) {
        size_t end = strlen(xff[h]), len;
        const char *start;
        while (prev_entry(xff[h], &end, &start, &len)) {
            if (parse_addr(start, len, &family, addr) < 0)
                return; /* not an address: the hop that wrote it is the client */
            to_text(family, addr, out, size);
            if (!trusted(l, family, addr))
                return;
        }
    }
}
