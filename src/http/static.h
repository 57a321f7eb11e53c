/* SPDX-License-Identifier: MIT */
/* The web UI's files: embedded in the binary, or read from --web-dir while developing. */
#ifndef UPTAKE_HTTP_STATIC_H
#define UPTAKE_HTTP_STATIC_H

#include "http/req.h"
#include "http/resp.h"

/* Serves r->path from the web files; unknown paths without a dot get index.html (the UI
 * routes in the browser), others 404. */
void static_serve(struct req *r, struct resp *w);

#endif
