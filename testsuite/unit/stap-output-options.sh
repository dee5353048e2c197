#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stap-output-options.sh: what stap makes of -b, -F, -S and -s for pass 5:
# the staprun command line (seen through a stand-in for stap-vm, so no
# guest is booted) is upstream's (buildrun.cxx: -F gives -L without -o,
# -D with -o; -S is passed on; -s N gives -b N), and -b builds the module
# in bulk mode.  -S is checked with upstream's safety pattern and message.
# Running the options for real: staprun-output-guest.sh.
set -u
export LC_ALL=C
: "${TOP:?}" "${STAP:?}"

rel=
for r in $(ls /lib/modules 2>/dev/null); do
	[ -e "/lib/modules/$r/build/Makefile" ] && { rel=$r; break; }
done
[ -n "$rel" ] || { echo "SKIP: no kernel headers"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stap-output-options.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0
cat >"$tmp/fakevm" <<'EOF'
#!/bin/sh
# Prints staprun's arguments, those after --, one per line.
while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
shift
for a; do case $a in *.ko) echo MODULE.ko ;; *) echo "$a" ;; esac; done
EOF
chmod +x "$tmp/fakevm"

# args NAME EXPECTED STAP-OPTIONS...: staprun's arguments, one per line.
args() {
	local name=$1 exp=$2
	shift 2
	(cd "$tmp" && SYSTEMTAP_STAPVM=$tmp/fakevm "$STAP" --vm -r "$rel" "$@" \
		-e 'probe begin { exit() }') >"$tmp/out" 2>"$tmp/err"
	if [ "$(cat "$tmp/out")" = "$exp" ]; then
		echo "ok: $name"
	else
		echo "FAIL: $name"
		echo "expected:"; echo "$exp"; echo "got:"; cat "$tmp/out" "$tmp/err"
		fail=1
	fi
}
nl=$'\n'
args "-F without -o: staprun -L" "-L${nl}MODULE.ko" -F
args "-F with -o: staprun -D" "-o${nl}x.out${nl}-D${nl}MODULE.ko" -F -o x.out
args "-S passed on" "-o${nl}x.out${nl}-S${nl}2,3${nl}MODULE.ko" -S 2,3 -o x.out
args "-s N: staprun -b N" "-b${nl}3${nl}MODULE.ko" -s 3

"$STAP" -p1 -S 1,x -e 'probe begin {}' >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 1 ] && [ "$(cat "$tmp/err")" = "ERROR: Safety pattern mismatch for -S parameter ('1,x' vs. '^[0-9]+(,[0-9]+)?\$') rc=1" ]; then
	echo "ok: bad -S"
else
	echo "FAIL: bad -S (rc $rc)"; cat "$tmp/err"; fail=1
fi

# -b: the runtime's bulk mode (per-CPU trace files) is in the module.
for b in "" -b; do
	(cd "$tmp" && "$STAP" -p4 -r "$rel" $b -m "bulk${b#-}" \
		-e 'probe begin { exit() }') >/dev/null 2>"$tmp/err" || {
		echo "FAIL: cannot build with '$b'"; cat "$tmp/err"; fail=1; continue; }
done
if [ -f "$tmp/bulkb.ko" ] && [ -f "$tmp/bulk.ko" ]; then
	if grep -qa 'trace%d' "$tmp/bulkb.ko" && ! grep -qa 'trace%d' "$tmp/bulk.ko"; then
		echo "ok: -b builds a bulk-mode module"
	else
		echo "FAIL: -b does not select the bulk-mode runtime"; fail=1
	fi
fi
exit $fail
