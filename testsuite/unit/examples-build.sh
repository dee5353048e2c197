#!/bin/bash
# examples-build.sh: every systemtap-doc example that pass 2 accepts (today
# the ones that need no debuginfo, tracepoints or process probes) also
# translates and compiles into a module against the installed headers:
# passes 3 and 4 accept whatever pass 2 hands them.
set -u
export LC_ALL=C
: "${STAP:?}"

examples=/usr/share/systemtap/examples
[ -d "$examples" ] || { echo "SKIP: no $examples (apt-get install systemtap-doc)"; exit 77; }
rel=
for d in /lib/modules/*/build; do
	r=${d%/build}
	r=${r#/lib/modules/}
	[ -f "$d/Makefile" ] && { rel=$r; break; }
done
[ -n "$rel" ] || { echo "SKIP: no kernel headers (apt-get install linux-headers-amd64)"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/examples-build.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export SYSTEMTAP_DIR=$tmp/cache

fail=0 built=0
while IFS= read -r f; do
	"$STAP" -p2 -r "$rel" "$f" >/dev/null 2>&1 || continue
	if "$STAP" -p4 -r "$rel" "$f" >"$tmp/out" 2>"$tmp/err"; then
		built=$((built + 1))
	else
		echo "FAIL: ${f#"$examples"/}: elaborates but does not build:"
		grep -m 5 -E 'error|ERROR' "$tmp/err" | sed 's/^/    /'
		fail=1
	fi
done < <(find "$examples" -name '*.stp' | sort)
echo "examples-build: $built examples built for $rel"
[ "$built" -gt 0 ] || { echo "FAIL: no example got through pass 2"; fail=1; }
exit $fail
