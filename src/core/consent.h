/* SPDX-License-Identifier: MIT */
/* Consent on public boards (docs/POINTS.md, "Consent on public boards"): whether a person shows
 * by name, by initials or not at all, and whether a viewer sees amounts. Pure: the store reads
 * the user's choice and the org's settings, the payload builders (leaderboards, draws, the live
 * stream, later contests and TV) call consent_apply() on each person item they make public. */
#ifndef UPTAKE_CORE_CONSENT_H
#define UPTAKE_CORE_CONSENT_H

#include <jansson.h>
#include <stdint.h>

enum consent_choice { CONSENT_NAME, CONSENT_INITIALS, CONSENT_HIDDEN };

/* The org-wide board settings (one row; defaults name, hiding allowed, amounts not shown). */
struct consent_settings {
    int default_choice;    /* enum consent_choice */
    int allow_hiding;      /* users may choose CONSENT_HIDDEN */
    int peers_see_amounts; /* peers and TV displays see amounts */
};

#define CONSENT_SETTINGS_DEFAULT                                                                   \
    {                                                                                              \
        CONSENT_NAME, 1, 0                                                                         \
    }

/* Who looks at a public answer; NULL everywhere means nobody in particular (a broadcast such
 * as the live stream, a TV display): the public form. */
struct consent_viewer {
    int64_t user_id;
    int is_admin;
    int manages_owner; /* the viewer manages the team of the person of this item */
};

/* "name", "initials", "hidden" -> enum consent_choice; -1 for anything else (NULL too). */
int consent_parse(const char *s);
const char *consent_choice_name(int choice);

/* The choice that holds for a user whose own choice is choice ("name", "initials", "hidden",
 * or NULL or unknown: follow the admin's default). When the admin forbids hiding, a hidden
 * choice (the user's or the default's) shows initials: the least that still shows the person,
 * so someone who asked not to appear is never shown by full name. */
int consent_effective(const struct consent_settings *cs, const char *choice);

/* The initials of name: the first character of each word (words split by white space and
 * hyphens), upper-cased where Unicode has an upper case, each followed by ".", separated by
 * spaces: "Rita One" -> "R. O.", "élodie" -> "É.", "山田 太郎" -> "山. 太.". A new string
 * (free()); "" for a name without letters, NULL name too. */
char *consent_initials(const char *name);

/* The public display name of name under effective choice: a copy of name, its initials, or
 * NULL when hidden. */
char *consent_display_name(const char *name, int effective);

/* Whether viewer v sees the amounts of owner_id's items: admins always, the owner, the owner's
 * managers; others (peers, v NULL) only when the settings allow it. */
int consent_sees_amounts(const struct consent_settings *cs, const struct consent_viewer *v,
                         int64_t owner_id);

/* The label a hidden person reads in place of their name on a board only they see it on. */
#define CONSENT_YOU_HIDDEN "You (hidden from others)"
/* The name a hidden person has in a broadcast (a won deal on the ticker). */
#define CONSENT_ANONYMOUS "A teammate"

/* Turns the person item (object) of a public answer into its public form for viewer v, in
 * place. id_key and name_key name the person's id and name members ("user_id", "name"; the
 * live stream's "owner_id", "owner_name"); choice is the person's own (NULL: the default).
 *  - shown to others: name_key becomes the display name; "visibility" says which form;
 *  - the person themselves (v->user_id == the id): name_key shows what others see, or
 *    CONSENT_YOU_HIDDEN when hidden; "you" is true;
 *  - hidden, to anyone else: name_key becomes CONSENT_ANONYMOUS and id_key null.
 * Amount members ("amount_minor", "amount") become null unless consent_sees_amounts().
 * Returns 1 when the item shows the person, 0 when it was anonymised (a person board leaves
 * such items out). */
int consent_apply(json_t *item, const char *id_key, const char *name_key,
                  const struct consent_settings *cs, const char *choice,
                  const struct consent_viewer *v);

#endif
