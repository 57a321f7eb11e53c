/* SPDX-License-Identifier: MIT */
/* Placeholder until the demo generator lands in this file. */
#include "demo/demo.h"

int demo_generate(struct store *st, const struct demo_options *opts, struct err *err)
{
    return err_set(err, UPT_EIO, "the demo generator is not built yet");
}
