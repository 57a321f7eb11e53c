/* SPDX-License-Identifier: MIT */
/* What a running uptake holds: its configuration, the store, and the server's shared parts. */
#ifndef UPTAKE_CORE_APP_H
#define UPTAKE_CORE_APP_H

#include "core/config.h"

struct store;
struct usage;

struct app {
    struct config cfg;
    struct store *store; /* opened by commands that need it */
    struct usage *usage; /* read-event queue, while serving */
    const char *config_path;
};

#endif
