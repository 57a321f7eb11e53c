/* SPDX-License-Identifier: MIT */
/* The event-kind registry's table and its lookup by name: a sorted index of the table, built
 * once, searched by bisection (the rollups look a kind up for every batch of read events). */
#include "core/event_kinds.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static const struct event_kind_def kinds[EV_COUNT] = {[EV_NONE] = {NULL, NULL, EVENT_READ, 0, 0},
#define EVENT_KIND_DEF(id, name, entity, access, features, tallies)                                \
    [EV_##id] = {name, entity, access, features, tallies},
                                                      EVENT_KINDS(EVENT_KIND_DEF)
#undef EVENT_KIND_DEF
};

/* kinds[1..] by name */
static enum event_kind by_name[EV_COUNT - 1];
static pthread_once_t by_name_once = PTHREAD_ONCE_INIT;

static int name_order(const void *a, const void *b)
{
    return strcmp(kinds[*(const enum event_kind *)a].name, kinds[*(const enum event_kind *)b].name);
}

static void build_index(void)
{
    for (int i = 1; i < EV_COUNT; i++)
        by_name[i - 1] = (enum event_kind)i;
    qsort(by_name, EV_COUNT - 1, sizeof by_name[0], name_order);
}

const struct event_kind_def *event_kind_def(enum event_kind k)
{
    return k > EV_NONE && k < EV_COUNT ? &kinds[k] : NULL;
}

const char *event_kind_name(enum event_kind k)
{
    return k > EV_NONE && k < EV_COUNT ? kinds[k].name : "";
}

enum event_kind event_kind_lookup(const char *name)
{
    size_t lo = 0, hi = EV_COUNT - 1;

    if (!name)
        return EV_NONE;
    pthread_once(&by_name_once, build_index);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(name, kinds[by_name[mid]].name);
        if (c == 0)
            return by_name[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return EV_NONE;
}
