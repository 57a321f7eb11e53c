/* SPDX-License-Identifier: MIT */
/* json_check_keys (json_keys.h). */
#include "core/json_keys.h"

#include <string.h>

int json_check_keys(const json_t *body, const char *const *allowed, const char *types,
                    struct err *err)
{
    const char *key;
    json_t *v;
    size_t ntypes = strlen(types);

    if (!json_is_object(body))
        return err_set(err, UPT_EMALFORMED, "the body must be a JSON object");
    json_object_foreach((json_t *)body, key, v)
    {
        int i = 0;
        while (allowed[i] && strcmp(allowed[i], key) != 0)
            i++;
        if (!allowed[i])
            return err_field(err, UPT_EMALFORMED, key, "unknown field '%s'", key);
        char t = (size_t)i < ntypes ? types[i] : '?';
        if ((t == 's' && !json_is_string(v)) ||
            (t == 'i' && !json_is_integer(v) && !json_is_null(v)) ||
            (t == 'b' && !json_is_boolean(v)))
            return err_field(err, UPT_EMALFORMED, key, "'%s' must be %s", key,
                             t == 's'   ? "a string"
                             : t == 'i' ? "an integer"
                                        : "true or false");
    }
    return 0;
}
