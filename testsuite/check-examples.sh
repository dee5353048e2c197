#!/bin/bash
# check-examples.sh: parse upstream SystemTap's example scripts with our
# translator (pass 1 only) and report in TAP.
#
# usage: testsuite/check-examples.sh [FILTER]
#
# Every *.stp under $EXAMPLES_DIR (default /usr/share/systemtap/examples,
# from Debian's systemtap-doc) is one test, named examples/SUBDIR/FILE.stp;
# FILTER keeps only names that contain it.  A test passes when, run from the
# script's own directory as
#     $STAP -g -p1 FILE.stp [ARGS] </dev/null
# it exits 0 with nothing on stderr.  Exits 1 if any test failed.
#
# Options and arguments, a general rule rather than a list per file:
#   -g     always: some examples embed C (%{ ... %}), which needs guru mode.
#   ARGS   many examples use $1..$N or @1..@N, and pass 1 substitutes $i as
#          tokens, so its value matters: `probe $1 {` needs an identifier,
#          `timer.s($1)` a number.  So we pass N arguments, N the highest
#          index the script mentions; argument i is `1` if `$i` appears inside
#          the parentheses of a probe point on a `probe` line (timer.s($1),
#          kernel.data($1)), else `begin`, an identifier, which parses both as
#          a probe point and as an expression.  Upstream's stap 4.8 parses
#          all examples but KNOWN_BAD with this rule.
#
# Environment: STAP (default: ./stap of this tree), EXAMPLES_DIR,
# TEST_TIMEOUT (seconds per run, default 10).

set -u
export LC_ALL=C

filter=${1:-}
top=$(cd "$(dirname "$0")/.." && pwd)
STAP=${STAP:-$top/stap}
case $STAP in
*/*) STAP=$(cd "$(dirname "$STAP")" && pwd)/$(basename "$STAP") ;;
esac
EXAMPLES_DIR=${EXAMPLES_DIR:-/usr/share/systemtap/examples}
TEST_TIMEOUT=${TEST_TIMEOUT:-10}

# Examples that are not scripts at all, with the reason; upstream rejects
# them too.  Reported as skipped.
declare -A KNOWN_BAD=(
	[security-band-aids/security-bandaid-template.stp]="a template with '{...}' placeholders, not a script"
)

if [ ! -d "$EXAMPLES_DIR" ]; then
	if [ -z "$filter" ]; then
		echo "1..0 # SKIP $EXAMPLES_DIR not found (apt-get install systemtap-doc)"
	else
		echo "1..0"
	fi
	exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stap-examples.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# dummy_args FILE: print the arguments the rule above gives FILE, one a line.
dummy_args() {
	local f=$1 n i
	n=$(grep -oE '[$@][0-9]+' "$f" | tr -d '$@' | sort -n | tail -n 1)
	for ((i = 1; i <= ${n:-0}; i++)); do
		if grep -qE "^[[:space:]]*probe[^{]*[[:alnum:]_]\\([^)]*\\\$$i([^0-9]|\$)" "$f"; then
			echo 1
		else
			echo begin
		fi
	done
}

# try FILE ARGS...: run the translator on FILE from its directory; succeed
# if it exits 0 with an empty stderr.  Leaves the evidence in $tmp.
try() {
	local f=$1 rc
	shift
	(cd "$(dirname "$f")" && exec timeout -k 2 "$TEST_TIMEOUT" \
		"$STAP" -g -p1 "$(basename "$f")" "$@") </dev/null >/dev/null 2>"$tmp/err"
	rc=$?
	echo "$rc" >"$tmp/rc"
	[ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]
}

mapfile -t files < <(cd "$EXAMPLES_DIR" && find . -name '*.stp' | sed 's|^\./||' | sort)
selected=()
for rel in "${files[@]}"; do
	[ -z "$filter" ] || [[ examples/$rel == *"$filter"* ]] || continue
	selected+=("$rel")
done

echo "1..${#selected[@]}"
n=0 failed=0
for rel in "${selected[@]}"; do
	n=$((n + 1))
	f=$EXAMPLES_DIR/$rel
	if [ -n "${KNOWN_BAD[$rel]:-}" ]; then
		echo "ok $n - examples/$rel # SKIP ${KNOWN_BAD[$rel]}"
		continue
	fi
	mapfile -t args < <(dummy_args "$f")
	if try "$f" "${args[@]}"; then
		echo "ok $n - examples/$rel"
		continue
	fi
	failed=$((failed + 1))
	echo "not ok $n - examples/$rel"
	echo "# cd $(dirname "$f") && stap -g -p1 $(basename "$f") ${args[*]}"
	echo "# exit status $(cat "$tmp/rc"), stderr:"
	head -n 30 "$tmp/err" | sed 's/^/#   /'
done
[ "$failed" -eq 0 ]
