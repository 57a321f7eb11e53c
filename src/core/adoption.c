/* SPDX-License-Identifier: MIT */
/* The adoption score's formula; docs/ADOPTION.md explains each part and weight. */
#include "core/adoption.h"

#include <stdlib.h>

const char *const adoption_feature_names[ADOPTION_FEATURES] = {
    "search", "timeline", "log_activity", "tasks", "pipeline", "reports",
};

static const char *const feature_labels[ADOPTION_FEATURES] = {
    "search",  "contact and organization timelines", "logging activities", "tasks", "the pipeline",
    "reports",
};

const char *adoption_feature_label(int i)
{
    return i >= 0 && i < ADOPTION_FEATURES ? feature_labels[i] : "";
}

/* Each part's component and weight within it. */
static const struct {
    enum adoption_component component;
    const char *name;
    double weight;
} part_defs[ADOPTION_PARTS] = {
    [PART_ATTENDANCE] = {ADOPTION_ACCESS, "attendance", 1.0},
    [PART_VOLUME] = {ADOPTION_PROCESS, "volume", 0.35},
    [PART_NOTES] = {ADOPTION_PROCESS, "notes", 0.25},
    [PART_TASKS] = {ADOPTION_PROCESS, "tasks_on_time", 0.20},
    [PART_BREADTH] = {ADOPTION_PROCESS, "breadth", 0.20},
    [PART_COMPLETION] = {ADOPTION_QUALITY, "completion", 0.40},
    [PART_HYGIENE] = {ADOPTION_QUALITY, "pipeline_hygiene", 0.35},
    [PART_FRESHNESS] = {ADOPTION_QUALITY, "freshness", 0.25},
};

/* A share over fewer cases than this says too little to judge (one task, done on time, is not
 * 100 % on time): the part is left out, as when there is nothing to measure. */
#define ADOPTION_MIN_CASES 3

static double clamp01(double x)
{
    return x < 0 ? 0 : x > 1 ? 1 : x;
}

static double ratio(int num, int den)
{
    return den > 0 ? clamp01((double)num / den) : 0;
}

static int popcount(int bits)
{
    int n = 0;

    for (; bits; bits &= bits - 1)
        n++;
    return n;
}

/* Meaningful activities against the team's median: at the median or above is full marks,
 * so a team whose role logs fewer calls is not punished for it. With a median of zero any
 * meaningful activity is full marks. */
static double volume(const struct adoption_figures *f)
{
    if (f->team_median <= 0)
        return f->meaningful > 0 ? 1 : 0;
    return clamp01(f->meaningful / f->team_median);
}

static void set_part(struct adoption_result *r, enum adoption_part_id id, int present, double v)
{
    r->parts[id].id = id;
    r->parts[id].component = part_defs[id].component;
    r->parts[id].name = part_defs[id].name;
    r->parts[id].present = present;
    r->parts[id].value = present ? clamp01(v) : 0;
    r->parts[id].lost = 0;
}

void adoption_compute(const struct adoption_figures *f, const struct adoption_weights *w,
                      struct adoption_result *out)
{
    double cw[3] = {w->access, w->process, w->quality};
    double part_sum[3] = {0}, weight_sum[3] = {0}, total_w = 0, score = 0;

    set_part(out, PART_ATTENDANCE, f->expected_days > 0, ratio(f->active_days, f->expected_days));
    set_part(out, PART_VOLUME, 1, volume(f));
    set_part(out, PART_NOTES, f->activities >= ADOPTION_MIN_CASES,
             ratio(f->meaningful, f->activities));
    set_part(out, PART_TASKS, f->tasks_due >= ADOPTION_MIN_CASES,
             ratio(f->tasks_on_time, f->tasks_due));
    set_part(out, PART_BREADTH, 1, (double)popcount(f->features) / ADOPTION_FEATURES);
    set_part(out, PART_COMPLETION, f->fields_expected > 0,
             ratio(f->fields_filled, f->fields_expected));
    set_part(out, PART_HYGIENE, f->open_deals > 0,
             1.0 - (double)(f->deals_past_close + f->deals_no_step + f->deals_quiet) /
                       (3.0 * (f->open_deals > 0 ? f->open_deals : 1)));
    set_part(out, PART_FRESHNESS, f->in_flight > 0, 1.0 - ratio(f->stale, f->in_flight));

    for (int i = 0; i < ADOPTION_PARTS; i++) {
        const struct adoption_part *p = &out->parts[i];
        if (!p->present)
            continue;
        part_sum[p->component] += part_defs[i].weight * p->value;
        weight_sum[p->component] += part_defs[i].weight;
    }
    /* A component with nothing to measure leaves the mix; the others share its weight. */
    for (int c = 0; c < 3; c++) {
        if (weight_sum[c] > 0 && cw[c] > 0) {
            out->component[c] = part_sum[c] / weight_sum[c];
            total_w += cw[c];
        } else {
            out->component[c] = weight_sum[c] > 0 ? part_sum[c] / weight_sum[c] : -1;
        }
    }
    for (int c = 0; c < 3; c++)
        if (weight_sum[c] > 0 && cw[c] > 0 && total_w > 0)
            score += cw[c] / total_w * out->component[c];
    for (int i = 0; i < ADOPTION_PARTS; i++) {
        struct adoption_part *p = &out->parts[i];
        int c = p->component;
        if (p->present && weight_sum[c] > 0 && cw[c] > 0 && total_w > 0)
            p->lost =
                100.0 * cw[c] / total_w * part_defs[i].weight / weight_sum[c] * (1.0 - p->value);
    }
    out->score = (int)(score * 100.0 + 0.5);
}

void adoption_rank_parts(const struct adoption_result *r, const struct adoption_part **ordered)
{
    for (int i = 0; i < ADOPTION_PARTS; i++)
        ordered[i] = &r->parts[i];
    /* Insertion sort: eight parts, stable. */
    for (int i = 1; i < ADOPTION_PARTS; i++) {
        const struct adoption_part *p = ordered[i];
        int j = i;
        for (; j > 0 && ordered[j - 1]->lost < p->lost; j--)
            ordered[j] = ordered[j - 1];
        ordered[j] = p;
    }
}

const char *adoption_component_name(enum adoption_component c)
{
    static const char *const names[] = {"access", "process", "quality"};
    return names[c];
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double adoption_median(double *v, int n)
{
    if (n <= 0)
        return 0;
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

int adoption_lagging(int score, double peer_median)
{
    return score < ADOPTION_LAGGING_SCORE || score <= peer_median - ADOPTION_LAGGING_GAP;
}

int adoption_quartile(int rank, int of)
{
    if (of < 1 || rank < 1 || rank > of)
        return 0;
    /* the quarter of the ranks above this one: rank 1 is always the top quarter (alone too),
     * 4 of 4 the bottom one */
    return 4 * (rank - 1) / of + 1;
}
