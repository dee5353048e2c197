#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-p4.sh: how fast is our pass 4 (`stap -p4`), against upstream's?
#
# usage: bench/bench-p4.sh
#
# Times, for the hello world script
#     probe begin { println("hello"); exit() }
# each of these, for our ./stap and for upstream's /usr/bin/stap:
#   p1-3   `stap -p3`                       passes 1-3 (no module built)
#   cold   `stap -p4 --disable-cache`       a full module build
#   hit    `stap -p4` with a warm cache     end to end through pass 4
# and prints each figure, upstream's, the ratio upstream/ours and PASS or
# MISS against the project's targets: p1-3 under 20 ms, cold under 3 s,
# hit under 50 ms.  No -m: with -m both translators bypass the cache
# (a hit would rebuild).  Both translators get a fresh private cache
# (SYSTEMTAP_DIR) and `-r RELEASE`, RELEASE the first under /lib/modules
# with a build tree.  Times are wall-clock, best of $RUNS (cold: of
# $COLD_RUNS; upstream's cold build takes 15-30 s, so its default is 1).
#
# Upstream 4.8's pass 4 does not build against Debian's 6.1.0-56 kernel
# unless its runtime is patched (task_work_cancel changed); when it fails,
# its cold and hit figures are shown as "failed" and the ratio as "-".
#
# Exits 0 when our figures could be measured (PASS or MISS alike), 1 when
# ours failed to build the module.
#
# Environment:
#   STAP            our translator (default: ./stap of this tree)
#   UPSTREAM_STAP   upstream's (default /usr/bin/stap; skipped if missing)
#   RUNS            timed runs for p1-3 and hit (default 5)
#   COLD_RUNS       timed cold builds of ours (default 3)
#   UPSTREAM_COLD_RUNS  timed cold builds of upstream's (default 1)
#   BENCH_OUT       scratch directory (default build/bench-p4)

set -u
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
STAP=${STAP:-$top/stap}
UPSTREAM_STAP=${UPSTREAM_STAP:-/usr/bin/stap}
RUNS=${RUNS:-5}
COLD_RUNS=${COLD_RUNS:-3}
UPSTREAM_COLD_RUNS=${UPSTREAM_COLD_RUNS:-1}
out=${BENCH_OUT:-$top/build/bench-p4}
script='probe begin { println("hello"); exit() }'

rel=
for d in /lib/modules/*; do
	[ -e "$d/build/Makefile" ] && { rel=$(basename "$d"); break; }
done
if [ -z "$rel" ]; then
	echo "bench-p4.sh: no kernel build tree under /lib/modules (install linux-headers-amd64)" >&2
	exit 1
fi
if [ ! -x "$STAP" ]; then
	echo "bench-p4.sh: no translator at $STAP (run make)" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out"

# best_ms N CMD...: run CMD N times in $out/work, print the best wall
# time in milliseconds, or "failed" if any run failed (log in $out/log).
best_ms() {
	local n=$1 i t0 t1 ms best=
	shift
	for ((i = 0; i < n; i++)); do
		rm -f "$out"/work/*.ko
		t0=$(date +%s%N)
		(cd "$out/work" && "$@") </dev/null >"$out/log" 2>&1 || { echo failed; return; }
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		[ -z "$best" ] || [ "$ms" -lt "$best" ] && best=$ms
	done
	echo "$best"
}

# measure WHO STAP COLDRUNS: set p13_WHO, cold_WHO, hit_WHO.
measure() {
	local who=$1 stap=$2 cold=$3
	mkdir -p "$out/work" "$out/cache-$who"
	export SYSTEMTAP_DIR=$out/cache-$who
	printf -v "p13_$who" %s "$(best_ms "$RUNS" "$stap" -r "$rel" -p3 -e "$script")"
	printf -v "cold_$who" %s "$(best_ms "$cold" "$stap" -r "$rel" -p4 --disable-cache -e "$script")"
	# Fill the cache once, then time the hits.
	if (cd "$out/work" && "$stap" -r "$rel" -p4 -e "$script") </dev/null >"$out/log" 2>&1; then
		printf -v "hit_$who" %s "$(best_ms "$RUNS" "$stap" -r "$rel" -p4 -e "$script")"
	else
		printf -v "hit_$who" %s failed
	fi
	unset SYSTEMTAP_DIR
}

fmt() {	# milliseconds as seconds with 3 decimals, or the word
	case $1 in
	failed | -) echo "$1" ;;
	*) printf '%d.%03d s' $(($1 / 1000)) $(($1 % 1000)) ;;
	esac
}

row() {	# row LABEL OURS UPSTREAM TARGET_MS
	local ratio=- verdict=MISS
	case $2$3 in
	*failed* | *-*) ;;
	*) [ "$2" -gt 0 ] && ratio=$(awk -v u="$3" -v o="$2" 'BEGIN { printf "%.1fx", u / o }') ;;
	esac
	case $2 in
	failed) verdict=MISS ;;
	*) [ "$2" -lt "$4" ] && verdict=PASS ;;
	esac
	printf '%-8s %12s %12s %9s   %s (target < %s)\n' "$1" "$(fmt "$2")" "$(fmt "$3")" "$ratio" "$verdict" "$(fmt "$4")"
}

echo "kernel release: $rel"
echo "script: $script"
measure ours "$STAP" "$COLD_RUNS"
if [ -x "$UPSTREAM_STAP" ]; then
	measure upstream "$UPSTREAM_STAP" "$UPSTREAM_COLD_RUNS"
else
	p13_upstream=- cold_upstream=- hit_upstream=-
	echo "(no upstream stap at $UPSTREAM_STAP: its column is empty)"
fi
printf '%-8s %12s %12s %9s\n' "" ours upstream "up/ours"
row p1-3 "$p13_ours" "$p13_upstream" 20
row cold "$cold_ours" "$cold_upstream" 3000
row hit "$hit_ours" "$hit_upstream" 50
case $cold_ours$hit_ours in
*failed*) echo "bench-p4.sh: our stap -p4 failed; see $out/log" >&2; exit 1 ;;
esac
exit 0
