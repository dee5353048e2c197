#!/bin/bash
# dump-upstream-library.sh: `stap --dump-functions` over upstream's own
# tapset library (Debian's systemtap package) prints what upstream 4.8
# prints for it: every public function with its signature and privilege
# tag, in upstream's order.  dump-upstream-library/functions.out is
# upstream's output (`stap -r RELEASE --dump-functions`, its Debian-only
# stderr lines dropped).  Skipped when upstream's library is not installed.
set -u
export LC_ALL=C
: "${STAP:?}"

lib=/usr/share/systemtap/tapset
if [ ! -d "$lib" ]; then
	echo "upstream's tapset library ($lib) is not installed"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dump-upstream-library.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export SYSTEMTAP_TAPSET=$lib SYSTEMTAP_DIR=$tmp

"$STAP" --dump-functions >"$tmp/out" 2>"$tmp/err"
if ! diff -u dump-upstream-library/functions.out "$tmp/out"; then
	cat "$tmp/err"
	exit 1
fi
exit 0
