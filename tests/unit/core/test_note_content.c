/* SPDX-License-Identifier: MIT */
/* Tests of src/core/note_content.c: which notes have real content, with examples both ways. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/note_content.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void expect(const char *body, const char *const *recent, size_t n, int real,
                   const char *reason)
{
    struct note_verdict v;

    note_judge(body, recent, n, &v);
    if (v.real != real || (reason && (!v.reason || strcmp(v.reason, reason) != 0))) {
        print_error("note \"%.80s\": real %d reason %s (chars %zu alnum %zu words %zu distinct "
                    "%zu content %zu top %.2f entropy %.2f mash %.2f sim %.2f)\n",
                    body ? body : "(null)", v.real, v.reason ? v.reason : "-", v.chars, v.alnum,
                    v.words, v.distinct, v.content, v.top_share, v.entropy, v.mash_share,
                    v.similarity);
        fail();
    }
    assert_true(real ? v.reason == NULL && v.score > 0 : v.reason != NULL && v.score == 0);
}

static void test_real(void **state)
{
    static const char *const notes[] = {
        "Spoke with Dana about the Q3 renewal; she needs pricing for 40 seats by Friday and wants "
        "a demo for her CFO.",
        "Left voicemail for Tom; will call back Tue.",
        "Called Dana, no answer. Will try again tomorrow morning.",
        "Dana: pricing for 40 seats by Friday, demo for the CFO",
        "Met the IT team; SSO via Okta is a must-have, they test in March.",
        "Budget approved, PO expected next week. Send the order form to procurement.",
        "Discussed the renewal; follow up next week.",
        "They want a property management module and a liberty of choice on hosting.",
        "Quote sent: 3 x Enterprise license, 12% discount, valid until 31.12.",
        /* other languages */
        "Mit Frau Müller über die Verlängerung gesprochen; sie braucht bis Freitag ein Angebot "
        "für 40 Plätze.",
        "Échange avec Hélène sur le renouvellement : elle veut un devis pour 40 postes avant "
        "vendredi.",
        "Hablé con Begoña sobre la renovación; necesita el precio de 40 licencias antes del "
        "viernes.",
        "田中さんと第3四半期の更新について話しました。金曜日までに40席分の見積もりが必要で、CFO向け"
        "のデ"
        "モも希望しています。",
        "Обсудили с Иваном продление договора; нужна цена на 40 мест до пятницы.",
        "김 부장님과 3분기 갱신에 대해 통화했습니다. 금요일까지 40석 견적이 필요합니다.",
        /* short: wide characters count two towards the 40 */
        "客户对价格满意，下周签合同。需要准备法务审核材料和发票。",
        "ลูกค้าสนใจแพ็กเกจองค์กร ต้องการใบเสนอราคาภายในวันศุกร์นี้ครับ",
        "Kunde möchte Testzugang für 30 Tage; Rückruf nächste Woche geplant.",
        "Client injoignable, message laissé. Rappeler jeudi après-midi sans faute.",
        /* hard: keyboard-row words, numbers, acronyms without vowels, filler words among facts */
        "Typewriter company, wrote a report on their property portfolio power quota.",
        "PO 4711-2026 received, invoice INV-0042 sent, delivery 2026-12-15.",
        "Discussed SLA, SSO, CRM, ERP, API, KPI, NDA, DPA and MSA with CTO.",
        "Called, no answer, left a voicemail, will follow up Monday.",
        "Email sent with the updated quote and the meeting notes from today.",
        "Called back, no answer again, will try later today or tomorrow.",
    };

    (void)state;
    for (size_t i = 0; i < sizeof notes / sizeof *notes; i++)
        expect(notes[i], NULL, 0, 1, NULL);
}

static void test_junk(void **state)
{
    static const char *const cases[][2] = {
        {"a                                      b", "shorter than 40 characters"},
        {"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "repeated characters"},
        {"asdf asdf asdf asdf asdf asdf asdf asdf asdf", "keyboard mash"},
        {"qwertyuiop qwertyuiop qwertyuiop qwertyuiop", "keyboard mash"},
        {"sdkfjh sdkjfh lkjsdf sdlkfj sdfkjh lsdkfj ghsldk", "keyboard mash"},
        {"jfkdls jfkdlsa fjdkslaj fkdlsajf kdlsaj fkdlsa", NULL},
        {"test test test test test test test test test", "the same word over and over"},
        {"call call call call call call call call call", "the same word over and over"},
        {"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod", "filler words"},
        {"The quick brown fox jumps over the lazy dog, again and again.", "filler words"},
        {"test note call done ok follow up blah n/a etc info update", "filler words"},
        {"ok ok ok done done done call call note note test blah", NULL},
        {"abcabcabcabcabcabcabcabcabcabcabcabcabcabc", NULL},
        {"ababab ababab ababab ababab ababab ababab ab", NULL},
        {"!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "only punctuation or symbols"},
        {".,;:-_!?()[]{}<>/\\|@#$%^&*+=~`'\" .,;:-_!?()[]", "only punctuation or symbols"},
        {"😀😀😀😀😀😀😀😀😀😀"
         "😀😀😀😀😀😀😀😀😀😀"
         "😀😀😀😀😀😀😀😀😀😀"
         "😀😀😀😀😀😀😀😀😀😀",
         "only punctuation or symbols"},
        {"🎉🚀👍🔥💯✅🙌😀😎🤝"
         "🎉🚀👍🔥💯✅🙌😀😎🤝"
         "🎉🚀👍🔥💯✅🙌😀😎🤝"
         "🎉🚀👍🔥💯✅🙌😀😎🤝",
         "only punctuation or symbols"},
        {"ok call done, will check again later, nothing new today, see above", "filler words"},
        {"Test call with the new dialer, ignore this entry, it was only a test", "filler words"},
        {"dfghdfgh hjkhjk ertyerty tyutyu uioyuio cvbncvbn fghfgh jkljkl", "keyboard mash"},
        {"了解。了解。了解。了解。了解。了解。了解。了解。了解。", "the same word over and over"},
        {"ああああああああああああああああああああああ", NULL},
        {"テストテストテストテストテストテストテストテスト", NULL},
        {"   \t\n  \n  ", "only whitespace"},
        {"", "no notes"},
        {"Call back later", "shorter than 40 characters"},
        {"1234567890 1234567890 1234567890 1234567890", NULL},
        {"a b c d e f g h i j k l m n o p q r s t u v", "too few distinct words"},
        {"Filler note number 17 for the points bench", "filler words"},
        {"x1 x2 x3 x4 x5 x6 x7 x8 x9 x10 x11 x12 x13 x14", NULL},
    };

    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        expect(cases[i][0], NULL, 0, 0, cases[i][1]);
    expect(NULL, NULL, 0, 0, "no notes");
}

/* What a bench generates: 50 notes of one template, only the number changes. */
static void test_bench_filler(void **state)
{
    char notes[50][64];
    const char *recent[20];

    (void)state;
    for (int i = 0; i < 50; i++) {
        snprintf(notes[i], sizeof notes[i], "Bench activity %d: discussed renewal pricing today",
                 i);
        size_t n = 0;
        for (int j = i - 1; j >= 0 && n < 20; j--)
            recent[n++] = notes[j];
        expect(notes[i], recent, n, i == 0, i ? "nearly the same as an earlier note" : NULL);
    }
}

static void test_near_identical(void **state)
{
    static const char twin[] = "Spoke with Dana about the Q3 renewal; she needs pricing for 40 "
                               "seats by Friday and wants a demo for her CFO.";
    const char *recent[] = {
        "Budget approved, PO expected next week. Send the order form to procurement.", twin};
    struct note_verdict v;

    (void)state;
    /* One word changed, a number changed, case and punctuation changed. */
    expect("Spoke with Dana about the Q3 renewal; she needs pricing for 40 seats by Monday and "
           "wants a demo for her CFO.",
           recent, 2, 0, "nearly the same as an earlier note");
    expect("Spoke with Dana about the Q4 renewal; she needs pricing for 55 seats by Friday and "
           "wants a demo for her CFO.",
           recent, 2, 0, "nearly the same as an earlier note");
    expect("SPOKE WITH DANA ABOUT THE Q3 RENEWAL - SHE NEEDS PRICING FOR 40 SEATS BY FRIDAY AND "
           "WANTS A DEMO FOR HER CFO",
           recent, 2, 0, "nearly the same as an earlier note");
    note_judge(twin, recent, 2, &v);
    assert_int_equal(v.similar_to, 1);
    assert_true(v.similarity > 0.99);
    /* The same deal, new facts: real. */
    expect("Dana confirmed 40 seats; her CFO joins the demo on Thursday and legal reviews the DPA.",
           recent, 2, 1, NULL);
    /* Recent notes that are NULL or not UTF-8 are skipped. */
    const char *odd[] = {NULL, "\xff\xfe broken", twin};
    note_judge(twin, odd, 3, &v);
    assert_int_equal(v.similar_to, 2);
    assert_false(v.real);
}

static void test_invalid_utf8(void **state)
{
    (void)state;
    expect("Spoke with Dana about the renewal \xc3\x28 pricing for forty seats", NULL, 0, 0,
           "not valid UTF-8 text");
    expect("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff", NULL,
           0, 0, "not valid UTF-8 text");
    expect("Truncated at the end of a long enough note for the judge \xe2\x82", NULL, 0, 0,
           "not valid UTF-8 text");
    expect("Surrogate \xed\xa0\x80 in a note that would otherwise be long enough", NULL, 0, 0,
           "not valid UTF-8 text");
}

/* 100 KB of real text and of junk: judged on the first NOTE_SCAN_BYTES, cut at a character. */
static void test_long(void **state)
{
    static const char piece[] = "Zoë at Müller GmbH asked about pricing for 40 seats. ";
    size_t size = 100 * 1024, n = 0;
    char *big = malloc(size + 1);
    const char *recent[NOTE_RECENT_MAX];
    struct note_verdict v;

    (void)state;
    assert_non_null(big);
    while (n + sizeof piece - 1 <= size) {
        memcpy(big + n, piece, sizeof piece - 1);
        n += sizeof piece - 1;
    }
    big[n] = '\0';
    /* One sentence over and over is nearly the same as itself, not new content each time. */
    note_judge(big, NULL, 0, &v);
    assert_true(v.chars <= NOTE_SCAN_BYTES);
    for (size_t i = 0; i < NOTE_RECENT_MAX; i++)
        recent[i] = big;
    note_judge(big, recent, NOTE_RECENT_MAX, &v);
    assert_false(v.real);
    memset(big, 'a', size);
    big[size] = '\0';
    expect(big, NULL, 0, 0, "repeated characters");
    /* Invalid bytes past the cap are not read. */
    memset(big, ' ', size);
    memcpy(big, piece, sizeof piece - 1);
    memcpy(big + sizeof piece - 1, piece, sizeof piece - 1);
    big[size - 2] = '\xff';
    expect(big, NULL, 0, 1, NULL);
    free(big);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real),         cmocka_unit_test(test_junk),
        cmocka_unit_test(test_bench_filler), cmocka_unit_test(test_near_identical),
        cmocka_unit_test(test_invalid_utf8), cmocka_unit_test(test_long),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
