/* SPDX-License-Identifier: MIT */
/* The 360° timeline handler shared by contacts and organizations. */
#ifndef UPTAKE_API_TIMELINE_H
#define UPTAKE_API_TIMELINE_H

#include "http/router.h"

/* GET …/:id/timeline?limit=&cursor=: every touch point by anyone, newest first. */
void timeline_h(struct req *r, struct resp *w);

#endif
