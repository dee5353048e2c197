#!/bin/bash
# const-fold.sh: pass 2 folds literal expressions as upstream does; the
# bodies -vp2 prints for data/const-fold.stp equal upstream 4.8's
# (data/const-fold.vp2.out, its stdout; the -v pass lines on stderr hold
# timings, so only stdout is compared).
set -u
export LC_ALL=C
: "${STAP:?}"

cd "$(dirname "$0")/data" || exit 2
out=$(mktemp "${TMPDIR:-/tmp}/const-fold.XXXXXX") || exit 2
trap 'rm -f "$out"' EXIT
"$STAP" -vp2 const-fold.stp >"$out" 2>/dev/null || { echo "stap -vp2 failed"; exit 1; }
diff -u const-fold.vp2.out "$out"
