// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * fuzz_parse.c - libFuzzer harness for pass 1: lexer, preprocessor, parser
 * and the -p1 printer.
 *
 * Built by `make fuzz' with clang -fsanitize=fuzzer,address,undefined.  The
 * whole input is one script.  Its first byte also picks the mode, so one
 * corpus reaches every combination without spending bytes on a header:
 *   bit 0      privileged (-g), which unlocks embedded C and guru-only code
 *   bits 1-2   how many fake script arguments ($1, $2) there are: 0, 1 or 2
 * The environment %( conditions see is fixed, so a finding reproduces.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "ast_print.h"
#include "diag.h"
#include "parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A few CONFIG_ values, so CONFIG_X == "y" and friends go both ways. */
static const char *fuzz_config(void *ctx, const char *name)
{
	static const char *const table[][2] = {
		{ "CONFIG_MODULES", "y" },
		{ "CONFIG_SMP", "y" },
		{ "CONFIG_HZ", "250" },
		{ "CONFIG_DEBUG_INFO", "m" },
		{ "CONFIG_LOCALVERSION", "\"-amd64\"" },
	};
	size_t i;

	(void)ctx;
	for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (strcmp(name, table[i][0]) == 0)
			return table[i][1];
	return NULL;
}

/*
 * Arguments are plain text substituted at the character level by the
 * lexer: one number and one string-ish word cover both @N and $N uses.
 */
static char fuzz_arg1[] = "42";
static char fuzz_arg2[] = "foo";
static char *fuzz_argv[] = { fuzz_arg1, fuzz_arg2, NULL };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* Diagnostics are the parser's normal output, not a finding. */
	static FILE *devnull;
	struct pp_env env = {
		.kernel_v = "6.1.0",
		.kernel_vr = "6.1.0-56-amd64",
		.arch = "x86_64",
		.runtime = "kernel",
		.systemtap_v = "4.8",
		.privilege = "stapdev",
		.config = fuzz_config,
	};
	struct lex_args args = { fuzz_argv, 0 };
	struct parse_opts opts = {
		.env = &env,
		.args = &args,
		.lib_macros = NULL,
		.compat = 408,
	};
	struct srcfile src = { .name = "<input>" };
	struct stapfile *f;
	struct arena a;
	char *text;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		if (!devnull)
			abort();
		diag.out = devnull;
	}
	if (size > 0) {
		opts.privileged = data[0] & 1;
		args.argc = (data[0] >> 1) & 3;
		if (args.argc > 2)
			args.argc = 2;
	}
	env.guru = opts.privileged;

	/* The lexer wants NUL-terminated text; libFuzzer's data is not. */
	text = malloc(size + 1);
	if (!text)
		abort();
	memcpy(text, data, size);
	text[size] = '\0';
	src.text = text;
	src.len = size;

	arena_init(&a);
	f = parse_file(&a, &src, &opts);
	/* The printer walks every node, so a malformed tree shows up here. */
	if (f)
		print_file(devnull, f);
	arena_release(&a);
	free(text);
	/* Counts and seen messages are global: each input starts afresh. */
	diag_reset();
	return 0;
}
