/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * astcopy.h - deep copies of statements and expressions, so that every
 * derived probe owns its nodes (pass 2 annotates them per probe).
 * Tokens are shared: they are never modified.
 */
#ifndef STAP_ASTCOPY_H
#define STAP_ASTCOPY_H

#include "ast.h"

struct expr *copy_expr(struct arena *a, const struct expr *e);
struct stmt *copy_stmt(struct arena *a, const struct stmt *s);

#endif
