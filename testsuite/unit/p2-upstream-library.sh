#!/bin/bash
# p2-upstream-library.sh: our pass 2 elaborates scripts against upstream's
# own tapset library (Debian's systemtap package, read through our index)
# and prints what upstream 4.8 prints for them with -p2.  The expected
# stdout of each p2-upstream-library/NAME.stp is upstream's (NAME.out),
# for scripts whose output holds no library code.  Skipped when upstream's
# library is not installed.
set -u
export LC_ALL=C
: "${STAP:?}" "${TOP:?}"

lib=/usr/share/systemtap/tapset
if [ ! -d "$lib" ]; then
	echo "upstream's tapset library ($lib) is not installed"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/p2-upstream-library.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export SYSTEMTAP_TAPSET=$lib SYSTEMTAP_DIR=$tmp

fail=0
cd "$(dirname "$0")/p2-upstream-library" || exit 2
for f in *.stp; do
	n=${f%.stp}
	if ! "$STAP" -p2 "$f" 2>"$tmp/err" | diff -u "$n.out" - >"$tmp/diff"; then
		echo "FAIL $n:"; cat "$tmp/diff" "$tmp/err"; fail=1
	fi
done
exit $fail
