/* SPDX-License-Identifier: MIT */
/* Route of /api/v1/stream: live events as server-sent events (http/stream.h holds the hub,
 * http/server.c serves the connection). The handler only reads Last-Event-ID: a value that is
 * not a plain number in range (text, a sign, too many digits) counts as an id the hub does not
 * know, so the client gets a "reset" event and reloads rather than an error it cannot act on
 * (EventSource does not show a status to its page). */
#include "http/router.h"
#include "http/stream.h"

static void stream_get(struct req *r, struct resp *w)
{
    const char *last = req_header(r, "Last-Event-ID");

    w->status = 200;
    w->stream = 1;
    w->stream_has_last = last != NULL;
    w->stream_known = last ? stream_parse_id(last, &w->stream_last) : 0;
}

const struct route api_stream_routes[] = {
    {"GET", "/api/v1/stream", stream_get, ROUTE_AUTH | ROUTE_DISPLAY, NULL, EV_NONE},
    {NULL, NULL, NULL, 0, NULL, EV_NONE},
};
