/* SPDX-License-Identifier: MIT */
/* Consent on public boards: the effective choice, initials, amounts and the public form of a
 * person item (see consent.h). */
#include "core/consent.h"

#include "core/buf.h"
#include "core/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const names[] = {"name", "initials", "hidden"};

int consent_parse(const char *s)
{
    for (int i = 0; s && i < 3; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

const char *consent_choice_name(int choice)
{
    return choice >= 0 && choice < 3 ? names[choice] : names[0];
}

int consent_effective(const struct consent_settings *cs, const char *choice)
{
    int c = consent_parse(choice);

    if (c < 0)
        c = cs->default_choice >= 0 && cs->default_choice < 3 ? cs->default_choice : CONSENT_NAME;
    if (c == CONSENT_HIDDEN && !cs->allow_hiding)
        c = CONSENT_INITIALS;
    return c;
}

/* Word separators: white space (Unicode Zs and the ASCII controls), hyphens and dots, so
 * "Jean-Luc" gives "J. L." and "R. O." gives itself again. */
static int separates(utf8proc_int32_t c)
{
    utf8proc_category_t k = utf8proc_category(c);

    return c == '-' || c == '.' || c == '\t' || c == '\n' || c == '\r' ||
           k == UTF8PROC_CATEGORY_ZS || k == UTF8PROC_CATEGORY_PD || k == UTF8PROC_CATEGORY_ZL ||
           k == UTF8PROC_CATEGORY_ZP;
}

char *consent_initials(const char *name)
{
    struct buf b = BUF_INIT;
    size_t len = name ? strlen(name) : 0, i = 0;
    int in_word = 0;

    buf_adds(&b, "");
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)name + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) { /* not UTF-8: skip the byte, it ends no word */
            i++;
            continue;
        }
        i += (size_t)k;
        if (separates(c)) {
            in_word = 0;
            continue;
        }
        if (in_word)
            continue;
        in_word = 1;
        /* Only letters and digits start an initial: "(Rita)" gives "R.". */
        utf8proc_category_t cat = utf8proc_category(c);
        if (cat < UTF8PROC_CATEGORY_LU ||
            (cat > UTF8PROC_CATEGORY_LO && cat != UTF8PROC_CATEGORY_ND)) {
            in_word = 0;
            continue;
        }
        utf8proc_uint8_t out[4];
        utf8proc_ssize_t n = utf8proc_encode_char(utf8proc_toupper(c), out);
        if (b.len)
            buf_adds(&b, " ");
        buf_add(&b, out, (size_t)n);
        buf_adds(&b, ".");
    }
    return buf_detach(&b, NULL);
}

char *consent_display_name(const char *name, int effective)
{
    if (effective == CONSENT_HIDDEN)
        return NULL;
    if (effective == CONSENT_INITIALS)
        return consent_initials(name);
    return xstrdup(name ? name : "");
}

int consent_sees_amounts(const struct consent_settings *cs, const struct consent_viewer *v,
                         int64_t owner_id)
{
    if (v && (v->is_admin || v->manages_owner || (owner_id && v->user_id == owner_id)))
        return 1;
    return cs->peers_see_amounts != 0;
}

int consent_apply(json_t *item, const char *id_key, const char *name_key,
                  const struct consent_settings *cs, const char *choice,
                  const struct consent_viewer *v)
{
    json_t *id = json_object_get(item, id_key);
    int64_t person = json_is_integer(id) ? (int64_t)json_integer_value(id) : 0;
    int effective = consent_effective(cs, choice), self = v && person && v->user_id == person;
    char *shown =
        consent_display_name(json_string_value(json_object_get(item, name_key)), effective);
    int kept = 1;

    if (!consent_sees_amounts(cs, v, person)) {
        if (json_object_get(item, "amount_minor"))
            json_object_set_new(item, "amount_minor", json_null());
        if (json_object_get(item, "amount"))
            json_object_set_new(item, "amount", json_null());
    }
    if (self) {
        json_object_set_new(item, name_key, json_string(shown ? shown : CONSENT_YOU_HIDDEN));
        json_object_set_new(item, "you", json_true());
    } else if (shown) {
        json_object_set_new(item, name_key, json_string(shown));
    } else {
        json_object_set_new(item, name_key, json_string(CONSENT_ANONYMOUS));
        json_object_set_new(item, id_key, json_null());
        kept = 0;
    }
    json_object_set_new(item, "visibility", json_string(consent_choice_name(effective)));
    free(shown);
    return kept;
}
