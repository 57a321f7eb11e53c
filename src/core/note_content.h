/* SPDX-License-Identifier: MIT */
/* Whether an activity's notes have real content (docs/ADOPTION.md, "Notes of real content"):
 * not whitespace, filler, keyboard mash, repeated characters or words, nor nearly the text of
 * one of the person's recent notes. Pure: no I/O, no dictionary of any one language. */
#ifndef UPTAKE_CORE_NOTE_CONTENT_H
#define UPTAKE_CORE_NOTE_CONTENT_H

#include <stddef.h>

/* Only the first NOTE_SCAN_BYTES bytes of a note (cut back to a character boundary) are judged,
 * so the work is linear and bounded however long the note; the same cap applies to each recent
 * note, and only the first NOTE_RECENT_MAX recent notes are compared. */
#define NOTE_SCAN_BYTES 8192
#define NOTE_RECENT_MAX 20

/* Characters (code points) after trimming and collapsing each run of whitespace into one
 * space: the bar ADOPTION_NOTE_CHARS sets today, so "a" + 38 spaces + "b" is 3. A wide letter
 * (Han, kana, Hangul: two columns on a terminal) counts two, as it holds about as much as two
 * Latin letters: 20 of them are enough. */
#define NOTE_MIN_CHARS 40
/* Letters and digits among them: at least half, or the note is mostly punctuation or symbols. */
#define NOTE_MIN_ALNUM_SHARE 0.5
/* Distinct words of two or more letters (case-folded). A character of a script written without
 * spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) counts as a word of its own. */
#define NOTE_MIN_DISTINCT_WORDS 6
/* The most common word may be at most this share of all words ("call call call ..."). */
#define NOTE_MAX_TOP_WORD_SHARE 0.4
/* Shannon entropy of the case-folded letters and digits, in bits per character: ordinary
 * prose in any alphabet has about 4, "aaaa..." 0, "asdfasdf..." 2. */
#define NOTE_MIN_ENTROPY 3.0
/* A word is keyboard mash when it holds NOTE_MASH_RUN or more neighbouring keys of one row of a
 * QWERTY keyboard in order either way ("asdf", "uiop", "fdsa"; "erty" is left out, it is in
 * "property"), or is NOTE_MASH_NO_VOWEL or more ASCII letters without a vowel (aeiouy). The
 * note is mash when such words are at least NOTE_MASH_WORD_SHARE of its words, or when at least
 * NOTE_MASH_HOME_SHARE of its ASCII letters (of 20 or more) come from the home row asdfghjkl
 * (prose in English, German, French or Spanish has about a third). */
#define NOTE_MASH_RUN        4
#define NOTE_MASH_NO_VOWEL   6
#define NOTE_MASH_WORD_SHARE 0.3
#define NOTE_MASH_HOME_SHARE 0.65
/* Words that are not content: a small built-in English list of filler ("test", "asdf", "blah",
 * "note", "call", "ok", "done", "follow up", ...) and of stop words ("the", "and", "with", ...).
 * A note needs NOTE_MIN_CONTENT_WORDS distinct other words of two or more letters (numbers are
 * not content), and "lorem ipsum" or "quick brown fox" anywhere makes it filler. */
#define NOTE_MIN_CONTENT_WORDS 3
/* Nearly the same as a recent note: the Jaccard similarity of the two notes' sets of character
 * trigrams is at least this. Trigrams are taken after case folding, every run of digits made one
 * '0' (so notes that differ only in their numbers are the same) and every run of anything but
 * letters and digits made one space. One word changed in a sentence of ten words stays above it
 * (0.84-0.90); two of the demo's notes of one template sharing two of their three facts stay
 * below (0.72-0.77). */
#define NOTE_MAX_SIMILARITY 0.8

struct note_verdict {
    int real;           /* 1 when the notes have real content */
    const char *reason; /* NULL when real, else a short sentence for the manager (static) */
    double score;       /* 0 when not real, else distinct content words / 12, at most 1 */
    /* The measures, for explanations and tests. */
    size_t chars;      /* code points after collapsing whitespace */
    size_t alnum;      /* letters and digits of them */
    size_t words;      /* words (letters, digits and marks; spaceless-script characters) */
    size_t distinct;   /* distinct words of two or more letters */
    size_t content;    /* of them, neither filler nor stop words */
    double top_share;  /* the most common word's share of words */
    double entropy;    /* bits per letter or digit */
    double mash_share; /* share of words that are keyboard mash */
    double similarity; /* highest similarity to a recent note, 0 without any */
    int similar_to;    /* index in recent of that note, -1 without any */
};

/* Judges body (NUL-terminated UTF-8; NULL is no notes) against recent, the person's nrecent
 * previous notes, newest first (borrowed; NULL entries and invalid ones are skipped). Fills
 * *out; never fails. Reasons: "no notes", "not valid UTF-8 text", "only whitespace",
 * "only punctuation or symbols", "shorter than 40 characters", "repeated characters",
 * "keyboard mash", "the same word over and over", "too few distinct words", "filler words",
 * "nearly the same as an earlier note". */
void note_judge(const char *body, const char *const *recent, size_t nrecent,
                struct note_verdict *out);

#endif
