/* SPDX-License-Identifier: MIT */
/* The adoption score (docs/ADOPTION.md): from one user's figures for a period to three
 * components, a 0-100 score, and the parts that pull it down, best fix first. No I/O: the
 * store gathers the figures (store/adoption_figures.c) and builds the answers
 * (store/adoption.c). The rest of adoption's math is beside this, pure too:
 * core/adoption_window.h (periods, expected working days), core/adoption_rank.h (ranking with
 * ties, peers and their medians, lagging, standing), core/adoption_text.h (reason and advice
 * sentences), core/adoption_groups.h (teams, the organization, DAU/WAU/MAU, trend, cohorts). */
#ifndef UPTAKE_CORE_ADOPTION_H
#define UPTAKE_CORE_ADOPTION_H

/* The core features whose use counts towards breadth. */
#define ADOPTION_FEATURES 6
/* Their indexes in adoption_feature_names and bits of usage_days.features (core/event_kinds.h
 * says which event kinds use which). */
enum adoption_feature {
    ADOPTION_FEATURE_SEARCH,
    ADOPTION_FEATURE_TIMELINE,
    ADOPTION_FEATURE_LOG_ACTIVITY,
    ADOPTION_FEATURE_TASKS,
    ADOPTION_FEATURE_PIPELINE,
    ADOPTION_FEATURE_REPORTS,
};
extern const char *const adoption_feature_names[ADOPTION_FEATURES];

/* Notes of at least this many characters make an activity meaningful. */
#define ADOPTION_NOTE_CHARS 40

/* Fairness rules (docs/ADOPTION.md, "Peers"). A person whose account is younger than
 * ADOPTION_NEW_DAYS at a period's end is new: scored, never lagging, and left out of the
 * baselines their peers are measured against. Records handed to someone are left out of their
 * quality figures for ADOPTION_GRACE_DAYS after the handover. */
#define ADOPTION_NEW_DAYS      14
#define ADOPTION_GRACE_DAYS    14
#define ADOPTION_LAGGING_SCORE 50 /* under this is lagging */
#define ADOPTION_LAGGING_GAP   20 /* or this many points under the peers' median score */

/* The feature's name for people ("logging activities"), by index in adoption_feature_names. */
const char *adoption_feature_label(int i);

struct adoption_weights {
    double access, process, quality; /* any non-negative mix; normalised when used */
};

/* One user's figures for a period; quality figures are the state of what they own now. */
struct adoption_figures {
    /* access */
    int expected_days; /* weekdays of the period while the account existed */
    int active_days;   /* days with any use */
    /* process */
    int activities;     /* logged in the period */
    int meaningful;     /* of them with notes of 40+ characters, identical notes once */
    double team_median; /* of meaningful, over the user's team (the organization without) */
    int tasks_due;      /* tasks due in the period */
    int tasks_on_time;  /* of them done by their due time */
    int features;       /* bit i set: adoption_feature_names[i] used in the period */
    /* quality */
    int fields_expected; /* expected fields of owned contacts, organizations, open deals */
    int fields_filled;
    int open_deals;
    int deals_past_close; /* open deals whose close date has passed */
    int deals_no_step;    /* open deals without a next step */
    int deals_quiet;      /* open deals without an activity in 14 days */
    int in_flight;        /* open deals and open leads */
    int stale;            /* of them not touched in the stale period */
};

enum adoption_component { ADOPTION_ACCESS, ADOPTION_PROCESS, ADOPTION_QUALITY };

enum adoption_part_id {
    PART_ATTENDANCE, /* access: active days of expected days */
    PART_VOLUME,     /* process: meaningful activities against the team's median */
    PART_NOTES,      /* process: share of activities with meaningful notes */
    PART_TASKS,      /* process: tasks done on time */
    PART_BREADTH,    /* process: core features used */
    PART_COMPLETION, /* quality: expected fields filled */
    PART_HYGIENE,    /* quality: open deals without a past close date, missing step, silence */
    PART_FRESHNESS,  /* quality: in-flight records touched recently */
    ADOPTION_PARTS
};

struct adoption_part {
    enum adoption_part_id id;
    enum adoption_component component;
    const char *name; /* "notes", as in the API */
    int present;      /* 0 when the user has nothing it could measure (no tasks due, …) */
    double value;     /* 0..1 */
    double lost;      /* score points this part costs: its share of 100 times (1 - value) */
};

struct adoption_result {
    double component[3]; /* 0..1; -1 when nothing in the component could be measured */
    int score;           /* 0..100 */
    struct adoption_part parts[ADOPTION_PARTS];
};

/* Computes the components, score and parts of f under w. */
void adoption_compute(const struct adoption_figures *f, const struct adoption_weights *w,
                      struct adoption_result *out);

/* The parts ordered by points lost, largest first (ties in part order). */
void adoption_rank_parts(const struct adoption_result *r, const struct adoption_part **ordered);

/* A component's API name: "access", "process", "quality". */
const char *adoption_component_name(enum adoption_component c);

/* Whether a score is lagging against the median score of the person's peers. */
int adoption_lagging(int score, double peer_median);

/* The quarter a rank falls in among `of` people: 1 for the top quarter (rank 1 always) to 4;
 * 0 when of < 1 or rank is out of 1..of. */
int adoption_quartile(int rank, int of);

/* The median of n values (sorted in place). 0 for n = 0. */
double adoption_median(double *v, int n);

#endif
