/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * backend.h - passes 3 to 5 in order: translate (or take the module from
 * the cache), build, run; -pN stops after pass N and prints its result.
 */
#ifndef STAP_BACKEND_H
#define STAP_BACKEND_H

#include "session.h"

/* Run passes 3..s->last_pass on s->prog; returns stap's exit status. */
int passes_3_to_5(struct session *s);

#endif
