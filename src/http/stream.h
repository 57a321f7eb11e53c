/* SPDX-License-Identifier: MIT */
/* The live-event hub behind GET /api/v1/stream (server-sent events): a bounded ring of the
 * latest messages, each formatted once, and subscribers that read from it at their own pace.
 * A subscriber is only a cursor into the ring, so a client costs a few dozen bytes here; one
 * that falls too far behind (STREAM_QUEUE_MSGS messages or STREAM_QUEUE_BYTES bytes) is
 * dropped, so a slow or dead client never holds up a publisher or another client. No
 * libmicrohttpd types: server.c connects subscribers to connections through the wake call. */
#ifndef UPTAKE_HTTP_STREAM_H
#define UPTAKE_HTTP_STREAM_H

#include <stddef.h>
#include <stdint.h>

#define STREAM_RING        1024  /* messages kept for Last-Event-ID resumes */
#define STREAM_QUEUE_MSGS  256   /* a subscriber this many messages behind is dropped */
#define STREAM_QUEUE_BYTES 65536 /* or this many bytes behind */

struct stream_hub;
struct stream_sub;

/* Why a subscriber was dropped. */
enum stream_drop {
    STREAM_BEHIND = 1,  /* past its bound: a slow or dead client */
    STREAM_CLOSING = 2, /* stream_hub_close(): the server is stopping */
};

/* Called under the hub's lock when an idle sub (stream_read() returned 0) has something to
 * read again (dropped 0), or when sub is dropped (dropped: an enum stream_drop; idle says
 * whether it was idle then); it must not call back into the hub. ctx: as given to
 * stream_subscribe. */
typedef void stream_wake_fn(void *ctx, int dropped, int idle);

/* A hub whose subscribers get a ": keep-alive" comment every keepalive_ms (0: never; no
 * thread then). first_id: the id of the first message (later ones count up from it); a
 * restarted server should start above the ids it gave before (server.c uses the time).
 * Caller frees with stream_hub_free(). */
struct stream_hub *stream_hub_new(int64_t first_id, int keepalive_ms);
/* Drops every subscriber (each gets its wake with STREAM_CLOSING), stops the keep-alive thread and
 * frees the hub. Subscribers must have been unsubscribed before; NULL is fine. */
void stream_hub_free(struct stream_hub *h);
/* Drops every subscriber with STREAM_CLOSING, so their connections end (a server stopping). */
void stream_hub_close(struct stream_hub *h);

/* Publishes one message: event type (no newlines) and data (one line of JSON; a newline in it
 * would end the field early, so newlines are written as spaces). Returns its id. Subscribers
 * past their bound are dropped. Borrowed arguments; safe from any thread. */
int64_t stream_publish(struct stream_hub *h, const char *type, const char *data);

/* How stream_subscribe() treats the client's Last-Event-ID. */
enum stream_resume {
    STREAM_RESUMED, /* the messages after it were still held: they come first */
    STREAM_RESET,   /* unknown or too old: an event "reset" comes first, then live ones */
    STREAM_LIVE,    /* no Last-Event-ID: live messages only */
};

/* Parses a Last-Event-ID header: 1 with *id for a plain decimal number in int64 range, 0 for
 * anything else (empty, signs, spaces, text, overflow), which subscribers treat as unknown. */
int stream_parse_id(const char *text, int64_t *id);

/* A new subscriber. has_last: whether the client sent Last-Event-ID (last_id its value, or
 * any value with known 0 for one stream_parse_id() refused). *how says what it gets first.
 * Caller frees with stream_unsubscribe(). */
struct stream_sub *stream_subscribe(struct stream_hub *h, int has_last, int known, int64_t last_id,
                                    stream_wake_fn *wake, void *ctx, enum stream_resume *how);
/* Removes and frees sub; no wake call for it follows once this returns. */
void stream_unsubscribe(struct stream_sub *sub);

/* Copies up to max bytes of what sub has to read into out. Returns the byte count (> 0), 0
 * when it has nothing now (*idle is then set, under the hub's lock, so the next publish wakes
 * it), or minus the enum stream_drop when it was dropped. */
long stream_read(struct stream_sub *sub, char *out, size_t max, int *idle);

/* Counts for tests and logs: subscribers now, and those dropped since the hub started. */
void stream_hub_counts(struct stream_hub *h, size_t *subscribers, uint64_t *dropped);

#endif
