/* SPDX-License-Identifier: MIT */
/* uptake events import: bulk history from NDJSON (one event per line, as GET /api/v1/events
 * lists them), written in batches with their usage rollups summed in memory per batch. */
#include "cli/cli.h"

#include "core/clock.h"
#include "core/xalloc.h"
#include "io/event_line.h"
#include "store/store.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE "uptake events import [--file F] [--check] [--batch N]"
/* Events per transaction: a batch sums its rollups once per person, day and kind, so larger is
 * faster; a server sharing the database waits for each batch's commit (about a second). */
#define IMPORT_BATCH       200000
#define IMPORT_BATCH_MAX   1000000
#define READ_CHUNK         (1 << 20)
#define CHECK_ERRORS_SHOWN 20
#define IMPORT_CACHE_MIB   256

/* Reads lines of at most EVENT_LINE_MAX bytes without ever holding a longer one whole. */
struct line_reader {
    FILE *in;
    char *buf;
    size_t start, end, cap;
    int eof;
};

/* Sets *line and *len to the next line (without its newline). Returns 1, 0 at the end, -1 for a
 * line over EVENT_LINE_MAX (skipped up to its newline so the count stays right), -2 on a read
 * error. */
static int next_line(struct line_reader *r, const char **line, size_t *len)
{
    size_t scanned = 0;
    int too_long = 0;

    for (;;) {
        char *nl = memchr(r->buf + r->start + scanned, '\n', r->end - r->start - scanned);
        if (nl || (r->eof && r->end > r->start)) {
            size_t n = nl ? (size_t)(nl - (r->buf + r->start)) : r->end - r->start;
            *line = r->buf + r->start;
            *len = n;
            r->start += n + (nl ? 1 : 0);
            return too_long ? -1 : 1;
        }
        if (r->eof)
            return too_long ? -1 : 0;
        scanned = r->end - r->start;
        if (scanned > EVENT_LINE_MAX) { /* drop what is read of an overlong line */
            too_long = 1;
            r->start = r->end = 0;
            scanned = 0;
        } else if (r->start > 0) {
            memmove(r->buf, r->buf + r->start, scanned);
            r->start = 0;
            r->end = scanned;
        }
        size_t got = fread(r->buf + r->end, 1, r->cap - r->end, r->in);
        if (got == 0) {
            if (ferror(r->in))
                return -2;
            r->eof = 1;
        }
        r->end += got;
    }
}

/* A batch of parsed events on its way from the parser thread to the writer. */
struct batch {
    struct event_row *rows;
    size_t n;
    long long last_line; /* the line of its last event */
};

/* Parsing (JSON) and writing (SQLite) each take about half the time of an import: the parser
 * runs on its own thread and hands full batches over a queue of QUEUE_DEPTH. */
#define QUEUE_DEPTH 2

struct import {
    struct store *st;
    int64_t *users;
    size_t nusers;
    size_t batch; /* events per transaction */
    int check;

    pthread_mutex_t lock;
    pthread_cond_t changed;
    struct batch queue[QUEUE_DEPTH];
    size_t head, queued;
    int parsed;      /* the parser is done: end of input or a bad line */
    int write_error; /* the writer failed: the parser stops */

    /* parser side */
    FILE *in;
    const char *name;
    long long errors;
    int read_error;

    /* writer side */
    long long imported, written_through; /* events written, and the last line they came from */
};

static int user_known(const struct import *im, int64_t id)
{
    size_t lo = 0, hi = im->nusers;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (im->users[mid] == id)
            return 1;
        if (im->users[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

static void batch_clear(struct batch *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->rows[i].detail);
    b->n = 0;
}

/* Hands a full batch to the writer and gives the parser an empty one. Returns -1 when the
 * writer has failed. */
static int hand_over(struct import *im, struct batch *b)
{
    int rc = 0;

    pthread_mutex_lock(&im->lock);
    while (im->queued == QUEUE_DEPTH && !im->write_error)
        pthread_cond_wait(&im->changed, &im->lock);
    if (im->write_error) {
        rc = -1;
    } else {
        struct batch *slot = &im->queue[(im->head + im->queued) % QUEUE_DEPTH];
        struct batch empty = *slot; /* the slot keeps the rows the writer is done with */
        *slot = *b;
        *b = empty;
        im->queued++;
        pthread_cond_broadcast(&im->changed);
    }
    pthread_mutex_unlock(&im->lock);
    return rc;
}

/* Whether a line holds only spaces, tabs and carriage returns (or nothing). */
static int blank(const char *line, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            return 0;
    return 1;
}

/* The parser thread: reads lines, checks them, and queues full batches. */
static void *parse_lines(void *arg)
{
    struct import *im = arg;
    struct line_reader r = {im->in, xmalloc(READ_CHUNK + EVENT_LINE_MAX + 2), 0,
                            0,      READ_CHUNK + EVENT_LINE_MAX + 2,          0};
    struct batch b = {xmalloc(im->batch * sizeof *b.rows), 0, 0};
    int64_t now = clock_now_ms();
    long long lineno = 0;
    const char *line;
    size_t len;
    int got, stop = 0;

    while (!stop && (got = next_line(&r, &line, &len)) != 0) {
        struct err err = ERR_INIT;
        struct event_row *row = &b.rows[b.n];
        lineno++;
        if (got == -2) {
            cli_error("%s: read error: %s", im->name, strerror(errno));
            im->read_error = 1;
            break;
        }
        if (got == -1) {
            err_set(&err, UPT_ETOOBIG, "the line is over %d bytes", EVENT_LINE_MAX);
        } else if (blank(line, len)) {
            continue; /* blank lines, such as a trailing one, carry nothing */
        } else if (event_line_parse(line, len, now, row, &err) == 0) {
            if (row->user_id && !user_known(im, row->user_id)) {
                err_field(&err, UPT_EINVAL, "user_id", "no user %lld", (long long)row->user_id);
                free(row->detail);
            } else if (++b.n == im->batch) {
                b.last_line = lineno;
                stop = hand_over(im, &b) < 0;
            }
        }
        if (err.code) {
            /* --check goes on to name more bad lines; an import stops at the first. */
            if (++im->errors <= CHECK_ERRORS_SHOWN)
                cli_error("%s:%lld: %s", im->name, lineno, err.message);
            stop = !im->check;
        }
    }
    if (!stop && !im->read_error && !im->errors && b.n) {
        b.last_line = lineno;
        hand_over(im, &b);
    }
    batch_clear(&b);
    free(b.rows);
    free(r.buf);
    pthread_mutex_lock(&im->lock);
    im->parsed = 1;
    pthread_cond_broadcast(&im->changed);
    pthread_mutex_unlock(&im->lock);
    return NULL;
}

/* The writer (the calling thread): writes queued batches until the parser is done. A bad line
 * ends the import after the batches before it, so a batch is written only once the parser has
 * moved past it cleanly; --check writes nothing. */
static int write_batches(struct import *im)
{
    int rc = 0;

    pthread_mutex_lock(&im->lock);
    for (;;) {
        while (!im->queued && !im->parsed)
            pthread_cond_wait(&im->changed, &im->lock);
        if (!im->queued)
            break;
        struct batch *b = &im->queue[im->head];
        pthread_mutex_unlock(&im->lock);

        struct err err = ERR_INIT;
        if (!im->check && rc == 0 && store_events_insert(im->st, b->rows, b->n, &err) < 0) {
            cli_error("cannot write events: %s", err.message);
            rc = -1;
        }
        if (rc == 0) {
            im->imported += (long long)b->n;
            im->written_through = b->last_line;
        }
        batch_clear(b);

        pthread_mutex_lock(&im->lock);
        im->head = (im->head + 1) % QUEUE_DEPTH;
        im->queued--;
        if (rc < 0)
            im->write_error = 1;
        pthread_cond_broadcast(&im->changed);
    }
    pthread_mutex_unlock(&im->lock);
    return rc < 0 || im->errors || im->read_error ? -1 : 0;
}

static int import_lines(struct import *im)
{
    pthread_t parser;
    int rc;

    pthread_mutex_init(&im->lock, NULL);
    pthread_cond_init(&im->changed, NULL);
    for (int i = 0; i < QUEUE_DEPTH; i++)
        im->queue[i].rows = xmalloc(im->batch * sizeof *im->queue[i].rows);
    if (pthread_create(&parser, NULL, parse_lines, im) != 0) {
        cli_error("cannot start the parser thread");
        rc = -1;
    } else {
        rc = write_batches(im);
        pthread_join(parser, NULL);
    }
    for (int i = 0; i < QUEUE_DEPTH; i++) {
        batch_clear(&im->queue[i]);
        free(im->queue[i].rows);
    }
    pthread_cond_destroy(&im->changed);
    pthread_mutex_destroy(&im->lock);
    return rc;
}

static int events_import(int argc, char **argv, struct app *app)
{
    struct cli_opt opts[] = {
        {"file", "F", "NDJSON file to read (default: standard input)", NULL},
        {"check", NULL, "check every line and write nothing", NULL},
        {"batch", "N", "events per transaction (default 200000)", NULL},
        {NULL, NULL, NULL, NULL},
    };
    struct import im = {0};
    struct err err = ERR_INIT;
    FILE *in = stdin;
    const char *name = "stdin";
    int first = 0;
    int rc = cli_parse(argc, argv, USAGE,
                       "Imports usage history: one JSON event per line, as GET /api/v1/events\n"
                       "lists them ({\"at\",\"user_id\",\"kind\",\"entity\",\"entity_id\","
                       "\"detail\"}).\n"
                       "Lines are written in batches (--batch); a bad line stops the import and\n"
                       "is named, with what was written before it. --check first to write all\n"
                       "or nothing.",
                       opts, app, &first);

    if (rc != 0)
        return rc > 0 ? CLI_EXIT_OK : CLI_EXIT_USAGE;
    if (first != argc) {
        cli_error("usage: " USAGE);
        return CLI_EXIT_USAGE;
    }
    im.check = opts[1].value != NULL;
    im.batch = IMPORT_BATCH;
    if (opts[2].value) {
        char *end;
        long long n = strtoll(opts[2].value, &end, 10);
        if (!*opts[2].value || *end || n < 1 || n > IMPORT_BATCH_MAX) {
            cli_error("--batch must be a number from 1 to %d", IMPORT_BATCH_MAX);
            return CLI_EXIT_USAGE;
        }
        im.batch = (size_t)n;
    }
    if (opts[0].value && strcmp(opts[0].value, "-") != 0) {
        in = fopen(opts[0].value, "rb");
        if (!in) {
            cli_error("cannot read %s: %s", opts[0].value, strerror(errno));
            return CLI_EXIT_FAIL;
        }
        name = opts[0].value;
    }
    if (cli_open_store(app) < 0 || store_user_ids(app->store, &im.users, &im.nusers, &err) < 0 ||
        (!im.check && store_bulk_cache(app->store, IMPORT_CACHE_MIB, &err) < 0)) {
        if (err.code)
            cli_error("%s", err.message);
        if (in != stdin)
            fclose(in);
        free(im.users);
        return CLI_EXIT_FAIL;
    }
    im.st = app->store;
    im.in = in;
    im.name = name;
    rc = import_lines(&im);
    if (in != stdin)
        fclose(in);
    free(im.users);
    if (rc == 0)
        printf("%s %lld events\n", im.check ? "checked" : "imported", im.imported);
    else if (im.check && im.errors)
        cli_error("%lld bad line%s; nothing was written", im.errors, im.errors == 1 ? "" : "s");
    else if (im.imported == 0)
        cli_error("nothing was imported");
    else
        cli_error("the %lld events on lines 1-%lld were imported; the rest was not (resume with "
                  "tail -n +%lld)",
                  im.imported, im.written_through, im.written_through + 1);
    return rc == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

int cmd_events(int argc, char **argv, struct app *app)
{
    if (argc >= 2 && strcmp(argv[1], "import") == 0)
        return events_import(argc - 1, argv + 1, app);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        printf("usage: uptake events <import> [options]\n\n"
               "  import  bulk usage history from NDJSON, with its adoption rollups\n");
        return CLI_EXIT_OK;
    }
    cli_error("usage: uptake events <import> [options]; see 'uptake events --help'");
    return CLI_EXIT_USAGE;
}
