/* SPDX-License-Identifier: MIT */
/* key=value log lines on stderr; the level is tested before any formatting happens. */
#ifndef UPTAKE_CORE_LOG_H
#define UPTAKE_CORE_LOG_H

enum log_level { LOG_ERR = 0, LOG_WARN = 1, LOG_INFO = 2, LOG_DEBUG = 3 };

extern int log_level;

/* Parses "error", "warn", "info" or "debug"; returns -1 when unknown. */
int log_level_parse(const char *name);
void log_write(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_err(...)                                                                               \
    do {                                                                                           \
        if (log_level >= LOG_ERR)                                                                  \
            log_write(LOG_ERR, __VA_ARGS__);                                                       \
    } while (0)
#define log_warn(...)                                                                              \
    do {                                                                                           \
        if (log_level >= LOG_WARN)                                                                 \
            log_write(LOG_WARN, __VA_ARGS__);                                                      \
    } while (0)
#define log_info(...)                                                                              \
    do {                                                                                           \
        if (log_level >= LOG_INFO)                                                                 \
            log_write(LOG_INFO, __VA_ARGS__);                                                      \
    } while (0)
#define log_debug(...)                                                                             \
    do {                                                                                           \
        if (log_level >= LOG_DEBUG)                                                                \
            log_write(LOG_DEBUG, __VA_ARGS__);                                                     \
    } while (0)

#endif
