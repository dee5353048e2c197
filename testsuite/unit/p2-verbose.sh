#!/bin/bash
# p2-verbose.sh: `stap -vp2` prints each function's and probe's body after
# its header, with internal names, as upstream 4.8 does.  The expected
# stdout of each p2-verbose/NAME.stp is upstream's (NAME.out), with the
# options in NAME.opts if there is one; stderr is not compared (-v adds
# pass timings).
set -u
export LC_ALL=C
: "${STAP:?}" "${TOP:?}"

fail=0
cd "$(dirname "$0")/p2-verbose" || exit 2
for f in *.stp; do
	n=${f%.stp}
	opts=
	[ -f "$n.opts" ] && opts=$(cat "$n.opts")	# e.g. -u
	# shellcheck disable=SC2086
	if ! "$STAP" -vp2 $opts "$f" 2>/dev/null | diff -u "$n.out" - >/tmp/p2v.$$; then
		echo "FAIL $n:"; cat /tmp/p2v.$$; fail=1
	fi
done
rm -f /tmp/p2v.$$
exit $fail
