#!/bin/bash
# regex.sh: the DFA that pass 3 compiles for =~ (translator/regex.c)
# agrees with glibc's POSIX regexec (REG_EXTENDED) on whether each
# pattern matches each string, and rejects malformed patterns.
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
		if (!regex_compile(line, name, &out, &err)) {
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
exit $fail
