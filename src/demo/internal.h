/* SPDX-License-Identifier: MIT */
/* State shared by the demo generator's files: the simulated organization as the generator
 * remembers it (ids of what it wrote and the plans for each record), not a second database. */
#ifndef UPTAKE_DEMO_INTERNAL_H
#define UPTAKE_DEMO_INTERNAL_H

#include "core/arena.h"
#include "core/err.h"
#include "demo/demo.h"
#include "demo/names.h"
#include "demo/rng.h"
#include "store/store.h"

#include <jansson.h>
#include <stdint.h>

#define DEMO_HOUR_MS 3600000LL
#define DEMO_MIN_MS  60000LL
#define DEMO_NEVER   0x7fffffff /* a day that never comes */

enum archetype {
    ARCH_CHAMPION,
    ARCH_STEADY,
    ARCH_LONE_WOLF,
    ARCH_INACTIVE,
    ARCH_CARELESS,
    ARCH_JUNK,
    ARCH_INTEGRATION,
    ARCH_COUNT
};

/* The habits that make an archetype measurable; percentages are 0..100. */
struct habits {
    const char *name;
    int weekday_pct, weekend_pct; /* chance of working that day */
    int second_login_pct;
    int reads_min, reads_max;   /* read requests per working day */
    int acts_min, acts_max;     /* activities logged per working day */
    int body_pct;               /* activities written with a meaningful body */
    int bursts_min, bursts_max; /* junk bursts per working day */
    int fill_pct;               /* optional fields filled on records they create */
    int create_weight;          /* share of the new contacts and organizations */
    int deal_pct;               /* chance per working day to open a deal */
    int task_pct;               /* chance an activity gets a follow-up task */
    int ontime_pct, late_pct;   /* tasks done on time, late; the rest stay open */
    int win_pct, lose_pct;      /* planned outcome of their deals */
    int move_min, move_max;     /* days between two moves of a deal */
    int relation_pct;           /* chance per working day to record a relationship */
    /* read event kinds, ending with EV_NONE; repeats weigh */
    const enum event_kind *reads;
};

struct ivec {
    int *v;
    int n, cap;
};

struct duser {
    int64_t id;
    struct actor actor;
    enum archetype arch;
    int book_weight; /* share of imported accounts, in tenths */
    int fades;       /* inactive users: 1 shows up now and then until a month before the end */
    int active;      /* today */
    int64_t start, end;
    struct ivec contacts, orgs, deals;
};

struct dorg {
    int64_t id;
    int owner;
    const char *name, *base, *domain, *phone;
    const struct place *place;
    int head; /* its first contact, -1 when none */
};

struct dcontact {
    int64_t id;
    int org; /* -1 when none */
    int owner;
    const char *first, *last, *title;
    const char *email, *phone; /* as stored: NULL when left empty */
    int dup;                   /* a planted duplicate */
};

struct ddeal {
    int64_t id;
    int owner, org, contact;
    int stage;  /* index into stage_ids; >= nopen once closed */
    int target; /* stage where it ends: won, lost, or an open stage where it stalls */
    int next_day;
};

struct dtask {
    int64_t id;
    int owner;
    int done_day;
};

enum lead_plan { LEAD_CONVERT, LEAD_DISQUALIFY, LEAD_LINGER };

struct dlead {
    int64_t id;
    int owner;
    int status; /* 0 new, 1 working, 2 closed */
    int plan;   /* enum lead_plan */
    int next_day;
    struct org_name org; /* the company, as it becomes an organization on conversion */
    const char *first, *last, *title, *email, *phone;
};

struct action {
    int64_t at;
    uint32_t seq;
    int user;
    int type;
    int arg;
};

struct gen {
    struct store *st;
    const struct demo_options *opts;
    struct err *err;
    struct rng rng;
    struct arena arena;
    struct name_set used;
    int64_t start;     /* midnight (UTC) of the first simulated day */
    int day;           /* the simulated day, 0-based */
    int64_t day_start; /* its midnight */
    int64_t stage_ids[16];
    int nopen, won, lost; /* stage indexes: open ones are 0..nopen-1 */
    struct duser users[32];
    int nusers, admin, integration;
    struct dorg *orgs;
    int norgs, caporgs;
    struct dcontact *contacts;
    int ncontacts, capcontacts;
    struct ddeal *deals;
    int ndeals, capdeals;
    struct dtask *tasks;
    int ntasks, captasks;
    struct dlead *leads;
    int nleads, capleads;
    struct event_row *reads;
    int nreads, capreads;
    struct action *acts;
    int nacts, capacts;
    uint32_t seq;
    /* Targets of what the users create over the history, beyond the import. */
    int orgs_to_create, contacts_to_create, dup_contacts, dup_orgs;
    int orgs_created, contacts_created, dup_contacts_made, dup_orgs_made;
};

#endif
