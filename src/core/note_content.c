/* SPDX-License-Identifier: MIT */
/* note_judge (note_content.h): one pass over the code points of a note, then measures on its
 * words and a trigram comparison with the recent notes. */
#include "core/note_content.h"

#include "core/xalloc.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

enum cls { C_SPACE, C_OTHER, C_LETTER, C_DIGIT, C_MARK, C_SPACELESS };

/* A note's case-folded code points and their classes. */
struct scan {
    uint32_t *cp;
    unsigned char *cls;
    size_t n;
};

struct word {
    uint64_t hash;
    size_t start, len;
    size_t letters, digits;
    int ascii;
};

/* What people type to make a record count: placeholders, test words, bare kinds of activity
 * ("call", "note", "mtg"), acknowledgements. Words a real note uses for its facts ("email",
 * "meeting", "quote") are not here: the list only decides a note made of nothing else. */
static const char *const fillers[] = {
    "test",     "testing",   "tested",   "tests",    "asdf",        "asd",    "lorem",   "ipsum",
    "dolor",    "sit",       "amet",     "blah",     "bla",         "na",     "note",    "notes",
    "noted",    "call",      "calls",    "called",   "calling",     "mtg",    "ok",      "okay",
    "done",     "follow",    "followup", "followed", "fu",          "tbd",    "todo",    "xxx",
    "xx",       "foo",       "bar",      "baz",      "qwerty",      "hello",  "hi",      "etc",
    "misc",     "stuff",     "thing",    "things",   "info",        "update", "check",   "checked",
    "touch",    "base",      "filler",   "dummy",    "placeholder", "sample", "text",    "random",
    "whatever", "something", "nothing",  "see",      "above",       "below",  "same",    "entry",
    "log",      "logged",    "activity", "ignore",   "yes",         "no",     "nope",    "yep",
    "good",     "fine",      "nice",     "great",    "cool",        "thanks", "thx",     "hmm",
    "lol",      "abc",       "xyz",      "number",   "nr",          "num",    "generic", "default",
};

static const char *const stops[] = {
    "the",  "an",   "and",  "or",    "but",   "of",    "to",    "in",    "on",     "at",    "for",
    "with", "from", "by",   "as",    "is",    "are",   "was",   "were",  "be",     "been",  "it",
    "its",  "this", "that", "these", "those", "he",    "she",   "they",  "we",     "you",   "me",
    "him",  "her",  "them", "us",    "my",    "our",   "your",  "their", "his",    "do",    "did",
    "does", "have", "has",  "had",   "will",  "would", "can",   "could", "should", "not",   "so",
    "if",   "then", "than", "too",   "very",  "just",  "about", "up",    "out",    "all",   "any",
    "some", "more", "also", "there", "here",  "what",  "which", "who",   "when",   "where", "how",
    "why",  "am",   "into", "only",  "new",   "now",   "later", "today", "back",   "again",
};

/* QWERTY rows; "erty" is in "property", "liberty" and "poverty". */
static const char *const rows[] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};

static int is_spaceless(uint32_t c)
{
    return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x31f0 && c <= 0x31ff) ||
           (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x4e00 && c <= 0x9fff) ||
           (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff66 && c <= 0xff9f) ||
           (c >= 0x20000 && c <= 0x2ffff) || (c >= 0x0e00 && c <= 0x0eff) ||
           (c >= 0x1000 && c <= 0x109f) || (c >= 0x1780 && c <= 0x17ff);
}

static enum cls classify(int32_t c)
{
    if (is_spaceless((uint32_t)c))
        return C_SPACELESS;
    switch (utf8proc_category(c)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
        return C_LETTER;
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
        return C_DIGIT;
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return C_MARK;
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return C_SPACE;
    default:
        return c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' ? C_SPACE : C_OTHER;
    }
}

/* The length of s to judge: at most NOTE_SCAN_BYTES, cut back to the start of a character. */
static size_t scan_len(const char *s)
{
    size_t len = strnlen(s, NOTE_SCAN_BYTES + 1);

    if (len > NOTE_SCAN_BYTES) {
        len = NOTE_SCAN_BYTES;
        while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
            len--;
    }
    return len;
}

/* Decodes s into sc (caller releases with scan_release); -1 when it is not valid UTF-8. */
static int scan_text(const char *s, struct scan *sc)
{
    size_t len = scan_len(s), i = 0;

    sc->n = 0;
    sc->cp = xmalloc((len + 1) * sizeof *sc->cp);
    sc->cls = xmalloc(len + 1);
    while (i < len) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k < 0)
            return -1;
        sc->cls[sc->n] = (unsigned char)classify(c);
        sc->cp[sc->n++] = (uint32_t)utf8proc_tolower(c);
        i += (size_t)k;
    }
    return 0;
}

static void scan_release(struct scan *sc)
{
    free(sc->cp);
    free(sc->cls);
    sc->cp = NULL;
    sc->cls = NULL;
}

static int in_wordish(unsigned char c)
{
    return c == C_LETTER || c == C_DIGIT || c == C_MARK;
}

/* The words of sc: runs of letters, digits and marks; each spaceless-script character alone.
 * Returns how many, into *out (caller frees). */
static size_t split_words(const struct scan *sc, struct word **out)
{
    struct word *w = xmalloc((sc->n + 1) * sizeof *w);
    size_t nw = 0, i = 0;

    while (i < sc->n) {
        if (!in_wordish(sc->cls[i]) && sc->cls[i] != C_SPACELESS) {
            i++;
            continue;
        }
        struct word *x = &w[nw++];
        size_t end = i + 1;
        memset(x, 0, sizeof *x);
        x->start = i;
        if (sc->cls[i] != C_SPACELESS)
            while (end < sc->n && in_wordish(sc->cls[end]))
                end++;
        else /* a combining mark after it belongs to it */
            while (end < sc->n && sc->cls[end] == C_MARK)
                end++;
        x->len = end - i;
        x->hash = 1469598103934665603ULL;
        x->ascii = 1;
        for (size_t j = i; j < end; j++) {
            x->hash = (x->hash ^ sc->cp[j]) * 1099511628211ULL;
            x->letters += sc->cls[j] == C_LETTER || sc->cls[j] == C_SPACELESS;
            x->digits += sc->cls[j] == C_DIGIT;
            x->ascii &= sc->cp[j] < 0x80 && sc->cls[j] == C_LETTER;
        }
        i = end;
    }
    *out = w;
    return nw;
}

static int word_is(const struct scan *sc, const struct word *w, const char *ascii)
{
    size_t n = strlen(ascii);

    if (w->len != n)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (sc->cp[w->start + i] != (unsigned char)ascii[i])
            return 0;
    return 1;
}

static int word_in(const struct scan *sc, const struct word *w, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (word_is(sc, w, list[i]))
            return 1;
    return 0;
}

/* The position of letter c in a keyboard row and the row, or -1. */
static int key_of(uint32_t c, int *row)
{
    for (int r = 0; r < 3; r++) {
        const char *p = c < 0x80 ? strchr(rows[r], (int)c) : NULL;
        if (p && c) {
            *row = r;
            return (int)(p - rows[r]);
        }
    }
    return -1;
}

static int is_mash(const struct scan *sc, const struct word *w)
{
    int vowel = 0, run = 1, dir = 0, prow = -1, ppos = -1;

    if (!w->ascii)
        return 0;
    for (size_t i = 0; i < w->len; i++) {
        uint32_t c = sc->cp[w->start + i];
        int row = -1, pos = key_of(c, &row);
        int step = pos >= 0 && row == prow ? pos - ppos : 0;

        vowel |= strchr("aeiouy", (int)c) != NULL;
        if ((step == 1 || step == -1) && (run == 1 || step == dir)) {
            dir = step;
            run++;
        } else {
            run = 1;
            dir = 0;
            if (step == 1 || step == -1) {
                dir = step;
                run = 2;
            }
        }
        if (run >= NOTE_MASH_RUN) {
            /* The run's first key is run - 1 letters back. */
            const uint32_t *r = &sc->cp[w->start + i + 1 - (size_t)run];
            int erty = run == 4 && ((r[0] == 'e' && r[1] == 'r' && r[2] == 't' && r[3] == 'y') ||
                                    (r[0] == 'y' && r[1] == 't' && r[2] == 'r' && r[3] == 'e'));
            if (!erty)
                return 1;
        }
        prow = row;
        ppos = pos;
    }
    return !vowel && w->letters >= NOTE_MASH_NO_VOWEL;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return (x > y) - (x < y);
}

static int cmp_word(const void *a, const void *b)
{
    uint64_t x = ((const struct word *)a)->hash, y = ((const struct word *)b)->hash;
    return (x > y) - (x < y);
}

/* The sorted distinct trigram hashes of sc's normalised text (see NOTE_MAX_SIMILARITY) into
 * *out (caller frees); returns how many. */
static size_t trigrams(const struct scan *sc, uint32_t **out)
{
    uint32_t *t = xmalloc((sc->n + 1) * sizeof *t), *g;
    size_t n = 0, ng = 0;

    for (size_t i = 0; i < sc->n; i++) {
        unsigned char c = sc->cls[i];
        uint32_t v;
        if (c == C_DIGIT)
            v = '0';
        else if (c == C_LETTER || c == C_MARK || c == C_SPACELESS)
            v = sc->cp[i];
        else
            v = ' ';
        if ((v == ' ' && (n == 0 || t[n - 1] == ' ')) || (v == '0' && n > 0 && t[n - 1] == '0'))
            continue;
        t[n++] = v;
    }
    while (n > 0 && t[n - 1] == ' ')
        n--;
    g = xmalloc((n + 1) * sizeof *g);
    for (size_t i = 0; i + 3 <= n || (i == 0 && n > 0); i++) {
        uint32_t h = 2166136261u;
        for (size_t j = i; j < i + 3 && j < n; j++)
            h = (h ^ t[j]) * 16777619u;
        g[ng++] = h;
    }
    free(t);
    qsort(g, ng, sizeof *g, cmp_u32);
    n = 0;
    for (size_t i = 0; i < ng; i++)
        if (n == 0 || g[n - 1] != g[i])
            g[n++] = g[i];
    *out = g;
    return n;
}

static double jaccard(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    size_t i = 0, j = 0, both = 0;

    if (na == 0 || nb == 0)
        return 0;
    while (i < na && j < nb) {
        if (a[i] == b[j]) {
            both++;
            i++;
            j++;
        } else if (a[i] < b[j]) {
            i++;
        } else {
            j++;
        }
    }
    return (double)both / (double)(na + nb - both);
}

/* Shannon entropy in bits of the letters and digits of sc. */
static double entropy(const struct scan *sc)
{
    uint32_t *v = xmalloc((sc->n + 1) * sizeof *v);
    size_t n = 0;
    double h = 0;

    for (size_t i = 0; i < sc->n; i++)
        if (sc->cls[i] == C_LETTER || sc->cls[i] == C_DIGIT || sc->cls[i] == C_SPACELESS)
            v[n++] = sc->cp[i];
    qsort(v, n, sizeof *v, cmp_u32);
    for (size_t i = 0, run = 1; i < n; i++, run++)
        if (i + 1 == n || v[i + 1] != v[i]) {
            double p = (double)run / (double)n;
            h -= p * log2(p);
            run = 0;
        }
    free(v);
    return h;
}

static const char *measure(const struct scan *sc, struct note_verdict *out)
{
    struct word *w = NULL;
    size_t nw, top = 0, nmash = 0, ascii = 0, home = 0;
    int lorem = 0;
    const char *reason = NULL;

    /* Characters with whitespace collapsed: every non-space, and one per inner run of spaces;
     * a wide letter (Han, kana, Hangul) counts two, as on a terminal: it holds about as much. */
    for (size_t i = 0; i < sc->n; i++) {
        unsigned char c = sc->cls[i];
        size_t width = 1;
        if (c == C_LETTER || c == C_SPACELESS)
            width = utf8proc_charwidth((utf8proc_int32_t)sc->cp[i]) == 2 ? 2 : 1;
        if (c == C_SPACE)
            continue;
        out->chars += width + (out->chars > 0 && i > 0 && sc->cls[i - 1] == C_SPACE);
        if (c == C_LETTER || c == C_SPACELESS || c == C_DIGIT)
            out->alnum += width;
    }
    out->entropy = entropy(sc);
    for (size_t i = 0; i < sc->n; i++)
        if (sc->cls[i] == C_LETTER && sc->cp[i] < 0x80) {
            ascii++;
            home += strchr(rows[1], (int)sc->cp[i]) != NULL;
        }
    nw = split_words(sc, &w);
    out->words = nw;
    for (size_t i = 0; i < nw; i++) {
        nmash += is_mash(sc, &w[i]);
        if (i + 1 < nw && ((word_is(sc, &w[i], "lorem") && word_is(sc, &w[i + 1], "ipsum")) ||
                           (word_is(sc, &w[i], "quick") && word_is(sc, &w[i + 1], "brown"))))
            lorem = 1;
    }
    out->mash_share = nw ? (double)nmash / (double)nw : 0;
    qsort(w, nw, sizeof *w, cmp_word);
    for (size_t i = 0, run = 1; i < nw; i++, run++) {
        if (i + 1 < nw && w[i + 1].hash == w[i].hash)
            continue;
        if (run > top)
            top = run;
        run = 0;
        if (w[i].letters < 2 && !(w[i].letters == 1 && sc->cls[w[i].start] == C_SPACELESS))
            continue;
        out->distinct++;
        if (!word_in(sc, &w[i], fillers, sizeof fillers / sizeof *fillers) &&
            !word_in(sc, &w[i], stops, sizeof stops / sizeof *stops))
            out->content++;
    }
    out->top_share = nw ? (double)top / (double)nw : 0;
    free(w);

    if (out->chars == 0)
        reason = "only whitespace";
    else if (out->alnum == 0 || (double)out->alnum < NOTE_MIN_ALNUM_SHARE * (double)out->chars)
        reason = "only punctuation or symbols";
    else if (out->chars < NOTE_MIN_CHARS)
        reason = "shorter than 40 characters";
    else if (out->mash_share >= NOTE_MASH_WORD_SHARE)
        reason = "keyboard mash";
    else if (nw >= 3 && out->top_share > NOTE_MAX_TOP_WORD_SHARE)
        reason = "the same word over and over";
    else if (out->entropy < NOTE_MIN_ENTROPY)
        reason = "repeated characters";
    else if (ascii >= 20 && (double)home >= NOTE_MASH_HOME_SHARE * (double)ascii)
        reason = "keyboard mash";
    else if (lorem)
        reason = "filler words";
    else if (out->distinct < NOTE_MIN_DISTINCT_WORDS)
        reason = "too few distinct words";
    else if (out->content < NOTE_MIN_CONTENT_WORDS)
        reason = "filler words";
    return reason;
}

void note_judge(const char *body, const char *const *recent, size_t nrecent,
                struct note_verdict *out)
{
    struct scan sc = {0}, rs = {0};
    uint32_t *mine = NULL, *theirs = NULL;
    size_t nmine, ntheirs;

    memset(out, 0, sizeof *out);
    out->similar_to = -1;
    if (!body || !*body) {
        out->reason = "no notes";
        return;
    }
    if (scan_text(body, &sc) < 0) {
        out->reason = "not valid UTF-8 text";
        goto out;
    }
    out->reason = measure(&sc, out);
    if (out->reason)
        goto out;
    /* The same bytes as a recent note: similarity 1, the highest, without any trigrams (a note
     * pasted again and again is the common case of gaming, and it should be the cheap one). */
    for (size_t i = 0; i < nrecent && i < NOTE_RECENT_MAX; i++) {
        if (recent[i] && strcmp(recent[i], body) == 0) {
            out->similarity = 1.0;
            out->similar_to = (int)i;
            out->reason = "nearly the same as an earlier note";
            goto out;
        }
    }
    nmine = trigrams(&sc, &mine);
    for (size_t i = 0; i < nrecent && i < NOTE_RECENT_MAX; i++) {
        if (!recent[i] || scan_text(recent[i], &rs) < 0) {
            scan_release(&rs);
            continue;
        }
        ntheirs = trigrams(&rs, &theirs);
        double sim = jaccard(mine, nmine, theirs, ntheirs);
        if (sim > out->similarity) {
            out->similarity = sim;
            out->similar_to = (int)i;
        }
        free(theirs);
        theirs = NULL;
        scan_release(&rs);
    }
    if (out->similarity >= NOTE_MAX_SIMILARITY) {
        out->reason = "nearly the same as an earlier note";
        goto out;
    }
    out->real = 1;
    out->score = out->content >= 12 ? 1.0 : (double)out->content / 12.0;
out:
    free(mine);
    scan_release(&sc);
}
