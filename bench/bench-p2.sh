#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-p2.sh: how fast is our pass 2 (`stap -p2`), against upstream's?
#
# usage: bench/bench-p2.sh
#
# Times `stap -p2 -e 'probe begin { printf("hi\n"); exit() }'` (best of
# $RUNS, wall clock):
#   ours         with our library (tapset/ of this tree), index cached;
#   ours-cold    the same with an empty cache (the index is rebuilt);
#   ours-big     with upstream's whole library (/usr/share/systemtap/tapset,
#                about 460 files) as SYSTEMTAP_TAPSET, index cached: how the
#                index scales (only the files the script needs are parsed);
#   upstream     /usr/bin/stap -p2 with its library (it parses all of it).
# Prints a table, the ratios against upstream, and checks the target: ours
# under 20 ms (PASS or MISS; a MISS does not change the exit status).
# Also compares our -p2 output with upstream's (stdout).
#
# Environment:
#   STAP            our translator (default ./stap of this tree)
#   UPSTREAM_STAP   upstream's (default /usr/bin/stap; skipped if missing)
#   RUNS            timed runs per command (default 10)

set -u
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
STAP=${STAP:-$top/stap}
UPSTREAM_STAP=${UPSTREAM_STAP:-/usr/bin/stap}
RUNS=${RUNS:-10}
TARGET_MS=20
SCRIPT='probe begin { printf("hi\n"); exit() }'

if [ ! -x "$STAP" ]; then
	echo "bench-p2: $STAP not built (run make)" >&2
	exit 1
fi
release=
for m in /lib/modules/*; do
	if [ -d "$m/build" ]; then release=${m##*/}; break; fi
done

work=$(mktemp -d "${TMPDIR:-/tmp}/bench-p2.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT

# best_ms CMD...: the fastest of $RUNS runs, in ms with one decimal.
best_ms() {
	local i t0 t1 best=
	for ((i = 0; i < RUNS; i++)); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		if [ -z "$best" ] || [ $((t1 - t0)) -lt "$best" ]; then
			best=$((t1 - t0))
		fi
	done
	printf '%d.%d' $((best / 1000000)) $((best / 100000 % 10))
}

# cold: a fresh cache directory for every run.
cold_run() {
	rm -rf "$work/cold"
	SYSTEMTAP_DIR=$work/cold "$STAP" -p2 -e "$SCRIPT"
}

export SYSTEMTAP_DIR=$work/warm
"$STAP" -p2 -e "$SCRIPT" >"$work/ours.out" 2>"$work/ours.err" || {
	echo "bench-p2: our stap failed:" >&2; cat "$work/ours.err" >&2; exit 1; }
SYSTEMTAP_TAPSET=/usr/share/systemtap/tapset "$STAP" -p2 -e "$SCRIPT" \
	>/dev/null 2>&1

ours=$(best_ms "$STAP" -p2 -e "$SCRIPT")
cold=$(best_ms cold_run)
big=
if [ -d /usr/share/systemtap/tapset ]; then
	big=$(SYSTEMTAP_TAPSET=/usr/share/systemtap/tapset best_ms "$STAP" -p2 -e "$SCRIPT")
fi
up=
if [ -x "$UPSTREAM_STAP" ] && [ -n "$release" ]; then
	up=$(best_ms "$UPSTREAM_STAP" -r "$release" -p2 -e "$SCRIPT")
	"$UPSTREAM_STAP" -r "$release" -p2 -e "$SCRIPT" >"$work/up.out" 2>/dev/null
fi

ratio() {	# ratio A B: B / A, one decimal
	awk -v a="$1" -v b="$2" 'BEGIN { if (a > 0) printf "%.1fx", b / a; else print "-" }'
}

printf '%-12s %10s %12s\n' "run" "best ms" "vs upstream"
printf '%-12s %10s %12s\n' "ours" "$ours" "${up:+$(ratio "$ours" "$up")}"
printf '%-12s %10s %12s\n' "ours-cold" "$cold" "${up:+$(ratio "$cold" "$up")}"
[ -n "$big" ] && printf '%-12s %10s %12s\n' "ours-big" "$big" "${up:+$(ratio "$big" "$up")}"
[ -n "$up" ] && printf '%-12s %10s\n' "upstream" "$up"

if awk -v m="$ours" -v t="$TARGET_MS" 'BEGIN { exit !(m < t) }'; then
	echo "PASS: ours ${ours} ms < ${TARGET_MS} ms"
else
	echo "MISS: ours ${ours} ms >= ${TARGET_MS} ms"
fi
if [ -n "$up" ]; then
	if cmp -s "$work/ours.out" "$work/up.out"; then
		echo "output: same as upstream"
	else
		echo "output differs from upstream:"
		diff "$work/up.out" "$work/ours.out" | head -20
	fi
fi
exit 0
