/* SPDX-License-Identifier: MIT */
/* The demo's notes against core/note_content.c, so judging notes keeps the archetypes apart:
 * every genuine note names_activity writes is real, also against the same person's previous 20;
 * what the hurried and the junk logger type (a bare subject, no body) is not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/note_content.h"
#include "demo/names.h"
#include "demo/rng.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NOTES 2000

static void test_genuine_notes(void **state)
{
    static const char *const kinds[] = {"call", "email", "meeting", "note"};
    static const char *const people[][3] = {
        {"Dana", "Whitfield", "Acme"},   {"Jürgen", "Köhler", "Köhler Bau"},
        {"Hélène", "Dubois", "Lumière"}, {"Tom", "Baker", "Northwind"},
        {"Begoña", "Ruiz", "Iberia"},    {"Ann", "Lee", "Contoso"},
    };
    char *notes[NOTES];
    const char *recent[NOTE_RECENT_MAX];
    struct rng r;
    int fake = 0, near = 0;
    double worst = 0;

    (void)state;
    rng_seed(&r, 1, 0);
    for (int i = 0; i < NOTES; i++) {
        struct buf subject = BUF_INIT, body = BUF_INIT;
        const char *const *p = people[rng_below(&r, 6)];
        names_activity(&r, kinds[rng_below(&r, 4)], p[0], p[1], p[2], &subject, &body);
        notes[i] = buf_detach(&body, NULL);
        buf_release(&subject);
    }
    for (int i = 0; i < NOTES; i++) {
        struct note_verdict v;
        size_t n = 0;

        note_judge(notes[i], NULL, 0, &v);
        if (!v.real) {
            print_message("not real (%s): %s\n", v.reason, notes[i]);
            fake++;
        }
        for (int j = i - 1; j >= 0 && n < NOTE_RECENT_MAX; j--)
            recent[n++] = notes[j];
        note_judge(notes[i], recent, n, &v);
        if (v.similarity > worst && v.similarity < 1)
            worst = v.similarity;
        if (!v.real && v.reason && strcmp(v.reason, "nearly the same as an earlier note") == 0) {
            near++;
            if (near <= 3)
                print_message("%.2f: %s\n  vs %s\n", v.similarity, notes[i], recent[v.similar_to]);
        }
    }
    print_message("demo notes: %d of %d not real alone, %d nearly the same as one of the "
                  "previous 20; highest similarity below 1: %.2f\n",
                  fake, NOTES, near, worst);
    assert_int_equal(fake, 0);
    /* Two notes of one template with the same topic, detail and next step differ only in the
     * names: nearly the same, and rare: 21 of 2,000 with this seed. */
    assert_true(near < NOTES / 50);
    for (int i = 0; i < NOTES; i++)
        free(notes[i]);
}

static void test_junk_notes(void **state)
{
    static const char *const kinds[] = {"call", "email", "meeting", "note"};
    struct rng r;
    struct note_verdict v;

    (void)state;
    rng_seed(&r, 2, 0);
    /* The junk logger and the hurried send no body; were the subject taken as the notes, it
     * would not be real either. */
    note_judge(NULL, NULL, 0, &v);
    assert_false(v.real);
    for (int i = 0; i < 200; i++) {
        note_judge(names_junk_subject(&r), NULL, 0, &v);
        assert_false(v.real);
        note_judge(names_terse_subject(&r, kinds[i % 4]), NULL, 0, &v);
        assert_false(v.real);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_genuine_notes),
        cmocka_unit_test(test_junk_notes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
