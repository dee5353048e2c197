/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * translate.h - pass 3: the elaborated program (elab.h) as kernel C.
 */
#ifndef STAP_TRANSLATE_H
#define STAP_TRANSLATE_H

#include <stdbool.h>

#include "session.h"

/* Write s->prog as C to s->c_path; false after reporting an error. */
bool translate(struct session *s);

#endif
