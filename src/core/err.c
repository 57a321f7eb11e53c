/* SPDX-License-Identifier: MIT */
/* Error detail helpers: one place formats the messages people read. */
#include "core/err.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void vset(struct err *err, int code, const char *field, const char *fmt, va_list ap)
{
    if (!err)
        return;
    err->code = code;
    snprintf(err->field, sizeof err->field, "%s", field ? field : "");
    vsnprintf(err->message, sizeof err->message, fmt, ap);
}

int err_set(struct err *err, int code, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset(err, code, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int err_field(struct err *err, int code, const char *field, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vset(err, code, field, fmt, ap);
    va_end(ap);
    return code;
}

const char *err_code_name(int code)
{
    switch (code) {
    case UPT_EMALFORMED:
        return "bad_request";
    case UPT_EINVAL:
        return "invalid_field";
    case UPT_ENOTFOUND:
        return "not_found";
    case UPT_ECONFLICT:
        return "conflict";
    case UPT_EAUTH:
        return "unauthorized";
    case UPT_EPERM:
        return "forbidden";
    case UPT_ETOOBIG:
        return "too_large";
    case UPT_ELIMIT:
        return "rate_limited";
    case UPT_EVERSION:
        return "version";
    case UPT_EDB:
    case UPT_EIO:
    default:
        return "internal";
    }
}

void err_clear(struct err *err)
{
    memset(err, 0, sizeof *err);
}
