/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ast_print.h - print parse trees in upstream's -p1 format. */
#ifndef STAP_AST_PRINT_H
#define STAP_AST_PRINT_H

#include <stdio.h>

#include "ast.h"

void print_file(FILE *out, const struct stapfile *f);
void print_expr(FILE *out, const struct expr *e);
void print_stmt(FILE *out, const struct stmt *s);
void print_probe_point(FILE *out, const struct probe_point *pp);
/* A literal string in source form: "..." with '"' escaped. */
void print_string_literal(FILE *out, const char *s);

#endif
