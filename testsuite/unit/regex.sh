#!/bin/bash
# regex.sh: the DFA that pass 3 compiles for =~ (translator/regex.c)
# agrees with glibc's POSIX regexec (REG_EXTENDED) on whether each
# pattern matches each string, and rejects malformed patterns.  The
# programs it compiles for matched() (run by runtime/regex.c, built here
# in user space) give the subexpressions regexec gives, on cases where
# regexec agrees with upstream SystemTap 4.8 (run/regex_captures has
# upstream's own output), and upstream's match where regexec's differs.
set -u
export LC_ALL=C
: "${TOP:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/regex.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
CC=${CC:-cc}

# Patterns, one per line.
cat >"$tmp/patterns" <<'PAT'
abc
^abc
abc$
^abc$
a.c
a*
^a*$
ab+c
ab?c
a|b|c
^(ab|cd)+$
(a|b)*c
x{3}
^x{2,3}$
^x{2,}$
^(ab){0,2}$
[abc]+
^[^abc]+$
[a-z][0-9]
^[[:alpha:]_][[:alnum:]_]*$
[[:space:]]
[[:digit:]]+\.[[:digit:]]+
\.
a\+b
^$
()
(^a|b$)
^.*$
[]a]
[^]a]
[a-]
(a|)b
^(a*)*$
((a|b)c)*d
^[[:upper:]]+$
sys_(open|openat|read)$
^/usr/lib/.*\.so
PAT

# Strings, one per line (the empty line is the empty string).
cat >"$tmp/strings" <<'STR'

abc
xabcx
abcabc
ab
ac
abbbc
a
b
c
ababcd
abcd
cdab
xxx
xx
xxxx
x
z9
A_b9
9abc
 
3.14
a.b
a+b
]
-
bc
aabaa
acbcd
sys_openat
sys_open_x
/usr/lib/libc.so.6
ABC
AbC
STR

cat >"$tmp/gen.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "regex.h"
int main(int argc, char **argv)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen(argv[1], "r");
	struct strbuf out = STRBUF_INIT;
	(void)argc;
	while (fgets(line, sizeof(line), f)) {
		char name[32];
		const char *err;
		line[strcspn(line, "\n")] = 0;
		snprintf(name, sizeof(name), "re%d", n++);
		if (!regex_compile(line, name, NULL, &out, &err)) {
			fprintf(stderr, "%s: %s\n", line, err);
			return 1;
		}
	}
	printf("#include <stdint.h>\ntypedef uint8_t u8;\ntypedef uint16_t u16;\n%s", out.buf);
	printf("static int64_t (*const matchers[])(const char *) = {");
	for (int i = 0; i < n; i++)
		printf("re%d,", i);
	printf("};\n#define NRE %d\n", n);
	return 0;
}
C

cat >"$tmp/run.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "matchers.c"
int main(int argc, char **argv)
{
	char s[1024];
	FILE *f = fopen(argv[1], "r");
	(void)argc;
	while (fgets(s, sizeof(s), f)) {
		s[strcspn(s, "\n")] = 0;
		for (int i = 0; i < NRE; i++)
			printf("%d", (int)matchers[i](s));
		printf("\n");
	}
	return 0;
}
C

cat >"$tmp/ref.c" <<'C'
#include <regex.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	char pats[100][256], s[1024];
	regex_t re[100];
	int n = 0;
	FILE *p = fopen(argv[1], "r"), *f = fopen(argv[2], "r");
	(void)argc;
	while (fgets(pats[n], sizeof(pats[n]), p)) {
		pats[n][strcspn(pats[n], "\n")] = 0;
		if (regcomp(&re[n], pats[n], REG_EXTENDED | REG_NOSUB))
			return 2;
		n++;
	}
	while (fgets(s, sizeof(s), f)) {
		s[strcspn(s, "\n")] = 0;
		for (int i = 0; i < n; i++)
			printf("%d", regexec(&re[i], s, 0, NULL, 0) == 0);
		printf("\n");
	}
	return 0;
}
C

fail=0
$CC -std=c11 -D_GNU_SOURCE -I"$TOP/translator" -o "$tmp/gen" "$tmp/gen.c" \
	"$TOP/translator/regex.c" "$TOP/translator/strbuf.c" \
	"$TOP/translator/arena.c" || exit 1
"$tmp/gen" "$tmp/patterns" >"$tmp/matchers.c" || exit 1
$CC -std=c11 -o "$tmp/run" -I"$tmp" "$tmp/run.c" || exit 1
$CC -std=gnu11 -o "$tmp/ref" "$tmp/ref.c" || exit 1
"$tmp/run" "$tmp/strings" >"$tmp/ours"
"$tmp/ref" "$tmp/patterns" "$tmp/strings" >"$tmp/theirs"
if ! diff "$tmp/theirs" "$tmp/ours"; then
	echo "regex: the DFA disagrees with regexec (rows: strings, columns: patterns)"
	fail=1
fi

# Malformed patterns are errors, not crashes.
for bad in '(' 'a)' '[a' '*a' 'a{2,1}' 'a{1' '[[:nope:]]' 'a\'; do
	if printf '%s\n' "$bad" >"$tmp/bad" && "$tmp/gen" "$tmp/bad" >/dev/null 2>"$tmp/err"; then
		echo "regex: '$bad' was accepted"
		fail=1
	elif ! grep -q . "$tmp/err"; then
		echo "regex: '$bad' failed without a message"
		fail=1
	fi
done
# ---- subexpressions: the runtime's matcher in user space ----

# string TAB pattern, one case a line.
cat >"$tmp/cases" <<'CASES'
abab	(a|ab)(c|bab)
aa	(a*)*
b	(a*)*
ab	(a|b)*
abc	(a|b)*c
aaa	(a*)(a)
ab	(a?)((ab)?)(b?)
abcd	(a|ab)(bcd|c)d?
xyz	y*
xy	(x)?y
y	(x)?y
foo=bar	([a-z]+)=([a-z]+)
aaa	^(a+)$
aaaa	(a){2}
ab	()b
b	(a)|b
c	(a)|(b)|c
xyzabcabc	(abc)+
abcd	(a(b(c))(d))
hello world	(o)( )(w)
zzz	a|(b)
abcabc	(a|b|c)*
aXbXc	X(.)X
abc	(a)(b)(c)(d)?
aaab	(a+)(a*)b
aaa	(a?)*
ab	(a|ab)(b?)
xabx	(a|ab|abx)
babab	(ba|b)*(ab)?
x+y	(\+)
ab12cd	([[:digit:]]+)([a-z])
aaa	a{2}(a)
abcabc	(abc){1,2}
abab	(ab|a)(bab)?
Ab	([A-Z])([a-z])
abcd	(a|ab)(c|bcd)(d*)
abb	(a|ab)(b*)
xy	x*
yx	x*
aa	(a|aa)?(a?)
abc	(a|ab)(bc|c)
aaa	(a+|b)*
aab	ab|aab
aba	(a(b)?)+
abab	(a|b)*b
xaaay	a+
aXbXcX	(.X)+
abcabd	(ab)(c|d)
ab	(a|ab)(c|b)?
aaa	(a)(a)?(a)?(a)?
-12	^(-?)([0-9]+)$
path/to/file.c	([^/]*)$
path/to/file.c	^(.*)/([^/]*)$
a	(((((a)))))
key: value	^([^:]+):[[:space:]]*(.*)$
CASES

# Where upstream differs from regexec: upstream reports the match that
# ends first (then a later end only if the thread of highest priority
# there has the same start), regexec the leftmost-longest.  Upstream's
# outputs: run/regex_captures, run/regex_first_end.
cat >"$tmp/upstream" <<'UP'
xabcd =~ abcd|b: [b]
abcd =~ bc|abcd: [bc]
zxabcd =~ b|abcd: [b]
abcd =~ bc|abcd|bcd: [bc]
xabcd =~ b|abcd|bcd: [b]
abcde =~ cd|abcde|cde: [cd]
abcabc =~ (c|abca)(bc)?: [c] [c] []
xyxyz =~ y|xyxyz|yxyz: [y]
UP

cat >"$tmp/cgen.c" <<'C'
#include <stdio.h>
#include <string.h>
#include "regex.h"
/* The DFA and program of each case's pattern, and a table of them. */
int main(int argc, char **argv)
{
	char line[1024];
	int n = 0;
	FILE *f = fopen(argv[1], "r");
	struct strbuf out = STRBUF_INIT;
	(void)argc;
	while (fgets(line, sizeof(line), f)) {
		char name[32], *re = strchr(line, '\t') + 1;
		const char *err;
		struct regex_captures caps;
		re[strcspn(re, "\n")] = 0;
		snprintf(name, sizeof(name), "re%d", n++);
		if (!regex_compile(re, name, &caps, &out, &err)) {
			fprintf(stderr, "%s: %s\n", re, err);
			return 1;
		}
	}
	printf("%s", out.buf);
	printf("static const struct stp_regex *const progs[] = {");
	for (int i = 0; i < n; i++)
		printf("&re%d_re,", i);
	printf("};\nstatic int64_t (*const dfas[])(const char *) = {");
	for (int i = 0; i < n; i++)
		printf("re%d,", i);
	printf("};\n");
	return 0;
}
C

# runtime/regex.c with the few kernel names it uses.
cat >"$tmp/crun.c" <<'C'
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef int16_t s16;
typedef uint32_t u32;
#define __maybe_unused __attribute__((unused))
#define MAXSTRINGLEN 512
#define STP_REGEX_NINSN 4000
#define STP_REGEX_NTHREAD 4000
#define STP_REGEX_NSLOT 64
typedef char string_t[MAXSTRINGLEN];
#include "regex.h"
struct context {
	struct stp_regex_match regex_match;
};
static long strscpy(char *d, const char *s, size_t n)
{
	size_t l = strnlen(s, n - 1);
	memcpy(d, s, l);
	d[l] = 0;
	return (long)l;
}
#include "regex.c"
#include "progs.c"
static struct context ctx;
int main(int argc, char **argv)
{
	char line[1024], out[MAXSTRINGLEN];
	FILE *f = fopen(argv[1], "r");
	int i = 0;
	(void)argc;
	while (fgets(line, sizeof(line), f)) {
		char *re = strchr(line, '\t');
		int64_t n, g;
		*re++ = 0;
		re[strcspn(re, "\n")] = 0;
		if (!stp_regex_record(&ctx, progs[i], dfas[i], line)) {
			printf("%s !~ %s\n", line, re);
		} else {
			stp_regex_ngroups(&ctx, &n);
			printf("%s =~ %s:", line, re);
			for (g = 0; g < n; g++) {	/* n counts group 0 too */
				stp_regex_group(&ctx, g, out);
				printf(" [%s]", out);
			}
			printf(" %s\n", stp_regex_group(&ctx, n, out) ==
			       STP_REGEX_NONEXISTENT ? "end" : "more?");
		}
		i++;
	}
	return 0;
}
C

cat >"$tmp/cref.c" <<'C'
#include <regex.h>
#include <stdio.h>
#include <string.h>
int main(int argc, char **argv)
{
	char line[1024];
	FILE *f = fopen(argv[1], "r");
	(void)argc;
	while (fgets(line, sizeof(line), f)) {
		char *re = strchr(line, '\t');
		regmatch_t m[20];
		regex_t r;
		*re++ = 0;
		re[strcspn(re, "\n")] = 0;
		if (regcomp(&r, re, REG_EXTENDED))
			return 2;
		if (regexec(&r, line, 20, m, 0)) {
			printf("%s !~ %s\n", line, re);
			continue;
		}
		printf("%s =~ %s:", line, re);
		for (size_t i = 0; i <= r.re_nsub; i++)
			printf(" [%.*s]", m[i].rm_so < 0 ? 0 : (int)(m[i].rm_eo - m[i].rm_so),
			       line + (m[i].rm_so < 0 ? 0 : m[i].rm_so));
		printf(" end\n");
		regfree(&r);
	}
	return 0;
}
C

$CC -std=c11 -D_GNU_SOURCE -I"$TOP/translator" -o "$tmp/cgen" "$tmp/cgen.c" \
	"$TOP/translator/regex.c" "$TOP/translator/strbuf.c" \
	"$TOP/translator/arena.c" || exit 1
sed 's/^\([^:]*\) =~ \([^:]*\):.*/\1\t\2/' "$tmp/upstream" >"$tmp/upcases"
cat "$tmp/cases" "$tmp/upcases" >"$tmp/all"
"$tmp/cgen" "$tmp/all" >"$tmp/progs.c" || exit 1
$CC -std=gnu11 -Wall -Wextra -I"$TOP/runtime" -I"$tmp" -o "$tmp/crun" "$tmp/crun.c" || exit 1
$CC -std=gnu11 -o "$tmp/cref" "$tmp/cref.c" || exit 1
"$tmp/crun" "$tmp/all" >"$tmp/cours"
"$tmp/cref" "$tmp/cases" >"$tmp/ctheirs"
sed 's/$/ end/' "$tmp/upstream" >>"$tmp/ctheirs"
if ! diff "$tmp/ctheirs" "$tmp/cours"; then
	echo "regex: subexpressions differ (< expected, > runtime/regex.c)"
	fail=1
fi
exit $fail
