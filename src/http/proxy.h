/* SPDX-License-Identifier: MIT */
/* Trusted reverse proxies and the client address behind them: X-Forwarded-For is believed only
 * from a trusted peer, read from the right, skipping trusted hops. No libmicrohttpd types. */
#ifndef UPTAKE_HTTP_PROXY_H
#define UPTAKE_HTTP_PROXY_H

#include "core/err.h"

#include <stddef.h>

#define PROXY_MAX_NETS 32
#define PROXY_ADDR_LEN 46 /* INET6_ADDRSTRLEN */

/* One network: an IPv4 or IPv6 address (16 bytes; IPv4 in the first 4) and a prefix length. */
struct proxy_net {
    int family; /* AF_INET or AF_INET6 */
    unsigned char addr[16];
    int prefix;
};

struct proxy_list {
    struct proxy_net nets[PROXY_MAX_NETS];
    int n;
};

/* Parses spec, addresses or CIDR networks separated by commas or spaces ("10.0.0.0/8,
 * ::1"); an empty spec trusts nobody. UPT_EINVAL naming the bad entry. */
int proxy_list_parse(const char *spec, struct proxy_list *out, struct err *err);

/* Whether addr (text) is a valid address inside one of the trusted networks. */
int proxy_is_trusted(const struct proxy_list *l, const char *addr);

/* The client's address for a request from peer: peer itself unless peer is trusted and the
 * request carries X-Forwarded-For (xff[0..n-1], the header's values in the order received).
 * Then the entries are read from the right: trusted hops are skipped, the first untrusted
 * address is the client; an entry that is not an address stops the walk at the hop before it;
 * when every entry is trusted, the leftmost is the client. out gets the canonical text form. */
void proxy_client_ip(const struct proxy_list *l, const char *peer, const char *const *xff, int n,
                     char *out, size_t size);

#endif
