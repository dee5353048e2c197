/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * run.h - pass 5: run the module with staprun, here or (--vm) in a
 * throwaway qemu guest of the target kernel.
 */
#ifndef STAP_RUN_H
#define STAP_RUN_H

#include "session.h"

/* Run s->module_path; returns staprun's exit status (0 = success). */
int run_module(struct session *s);

#endif
