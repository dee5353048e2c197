// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * stap-merge - merge the per-CPU files of a bulk-mode run (stap -b).
 *
 *   stap-merge [-v] [-o OUTPUT] FILE...
 *
 * Each FILE is a sequence of records, a struct stp_trace_hdr (sequence
 * number, payload length; runtime/transport_msgs.h) followed by the
 * payload, as staprun writes them for one CPU.  The payloads of all files
 * are written in sequence order, which is the order in which the probe
 * handlers flushed their output, so the result is what a run without -b
 * would have printed.
 *
 * The command line, messages and exit codes are upstream's (stap-merge of
 * SystemTap 4.8, by observation):
 *   -v           before each payload, "[CPU:I, seq=S, length=L]" on stdout,
 *                I being the position of its file among the arguments
 *   -o OUTPUT    write the payloads to OUTPUT; stdout then gets
 *                "sequence had N drops" at the end
 *   a sequence number that skips some ("got 7. expected 5" on stderr) is
 *   counted as drops: output that found the module's buffer full.
 *   Exit status 0; 255 for a bad command line or a file that cannot be
 *   opened; 253 for a record cut short.
 * A truncated header ends its file quietly, as does a sequence number 0.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../runtime/transport_msgs.h"

#define MAX_FILES 1024

struct input {
	FILE *f;
	struct stp_trace_hdr next;	/* next.sequence 0: file done */
};

static void usage(const char *prog)
{
	fprintf(stderr, "%s [-v] [-o output_filename] input_files ...\n", prog);
	exit(255);
}

/* advance: read the next header of IN (sequence 0 at the end). */
static void advance(struct input *in)
{
	if (fread(&in->next, sizeof(in->next), 1, in->f) != 1)
		in->next.sequence = 0;
}

/* lowest: the input whose next record comes first, or -1 when all done. */
static int lowest(const struct input *in, int n)
{
	int i, best = -1;

	for (i = 0; i < n; i++)
		if (in[i].next.sequence &&
		    (best < 0 || in[i].next.sequence < in[best].next.sequence))
			best = i;
	return best;
}

/* copy: LEN payload bytes of IN to OUT. */
static void copy(struct input *in, uint32_t len, FILE *out)
{
	static char *buf;
	static size_t size;

	if (len > size) {
		free(buf);
		buf = malloc(len);
		size = buf ? len : 0;
		if (!buf) {
			fprintf(stderr, "Memory allocation failed.\n");
			exit(254);
		}
	}
	if (len && fread(buf, len, 1, in->f) != 1) {
		fprintf(stderr, "fread error: got %d\n", 0);
		exit(253);
	}
	if (len && fwrite(buf, len, 1, out) != 1) {
		fprintf(stderr, "fwrite error: %s\n", strerror(errno));
		exit(253);
	}
}

int main(int argc, char **argv)
{
	static struct input in[MAX_FILES];
	const char *outname = NULL;
	FILE *out = stdout;
	long expected = 0, drops = 0;
	int c, n = 0, i, verbose = 0;

	while ((c = getopt(argc, argv, "vo:")) != -1) {
		if (c == 'v')
			verbose = 1;
		else if (c == 'o')
			outname = optarg;
		else
			usage(argv[0]);
	}
	if (optind == argc)
		usage(argv[0]);
	for (; optind < argc; optind++, n++) {
		if (n == MAX_FILES) {
			fprintf(stderr, "too many files (MAX_NR_CPUS=%d)\n",
				MAX_FILES);
			return 255;
		}
		in[n].f = fopen(argv[optind], "r");
		if (!in[n].f) {
			fprintf(stderr, "error opening file %s.\n", argv[optind]);
			return 255;
		}
		advance(&in[n]);
	}
	if (outname && !(out = fopen(outname, "w"))) {
		fprintf(stderr, "ERROR: couldn't open output file %s: errcode = %s\n",
			outname, strerror(errno));
		return 255;
	}
	while ((i = lowest(in, n)) >= 0) {
		struct stp_trace_hdr h = in[i].next;

		if (verbose)
			printf("[CPU:%d, seq=%u, length=%u]\n", i, h.sequence,
			       h.len);
		copy(&in[i], h.len, out);
		if (++expected != (long)h.sequence) {
			fprintf(stderr, "got %u. expected %ld\n", h.sequence,
				expected);
			drops += (long)h.sequence - expected;
			expected = h.sequence;
		}
		advance(&in[i]);
	}
	for (i = 0; i < n; i++)
		fclose(in[i].f);
	if (fclose(out) != 0) {
		fprintf(stderr, "ERROR: couldn't write output: %s\n",
			strerror(errno));
		return 253;
	}
	/* Upstream's summary reaches stdout only when the data went elsewhere. */
	if (outname)
		printf("sequence had %ld drops\n", drops);
	return 0;
}
