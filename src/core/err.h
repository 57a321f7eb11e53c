/* SPDX-License-Identifier: MIT */
/* Error codes and the error detail a person reads: what failed, and which field. */
#ifndef UPTAKE_CORE_ERR_H
#define UPTAKE_CORE_ERR_H

enum upt_err {
    UPT_OK = 0,
    UPT_EMALFORMED = -1, /* malformed JSON, unknown field, wrong type: 400 */
    UPT_EINVAL = -2,     /* a value fails validation: 422 */
    UPT_ENOTFOUND = -3,  /* 404 */
    UPT_ECONFLICT = -4,  /* 409 */
    UPT_EAUTH = -5,      /* 401 */
    UPT_EPERM = -6,      /* 403 */
    UPT_ETOOBIG = -7,    /* 413 */
    UPT_ELIMIT = -8,     /* rate limited: 429 */
    UPT_EDB = -9,        /* storage failure: 500 */
    UPT_EIO = -10,       /* other I/O failure: 500 */
    UPT_EVERSION = -11,  /* database from a newer uptake: refused */
};

struct err {
    int code;       /* enum upt_err, 0 when unset */
    char field[64]; /* the field concerned, or "" */
    char message[256];
};

#define ERR_INIT                                                                                   \
    {                                                                                              \
        0, "", ""                                                                                  \
    }

/* Records code and a printf-style message in err (which may be NULL); returns code. */
int err_set(struct err *err, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Like err_set(), naming the field the message concerns. */
int err_field(struct err *err, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A stable snake_case name for code, e.g. "not_found"; used as the JSON error code. */
const char *err_code_name(int code);

/* Clears err for reuse. */
void err_clear(struct err *err);

#endif
