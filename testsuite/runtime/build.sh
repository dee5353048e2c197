#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Build the hand-written reference modules of testsuite/runtime against
# the installed kernel headers; any compiler warning is a failure.
#   build.sh [-r RELEASE] [-o OUTDIR] [module.c ...]
# Prints PASS/FAIL per module, SKIP if there is no kernel build tree.
set -u
here=$(cd "$(dirname "$0")" && pwd)
runtime=$(cd "$here/../../runtime" && pwd)
rel=$(ls /lib/modules 2>/dev/null | head -1)
out=
while [ $# -gt 0 ]; do
	case $1 in
	-r) rel=$2; shift 2 ;;
	-o) out=$2; shift 2 ;;
	*) break ;;
	esac
done
kdir=/lib/modules/$rel/build
if [ -z "$rel" ] || [ ! -e "$kdir/Makefile" ]; then
	echo "SKIP: runtime build: no kernel build tree (install linux-headers-$rel)"
	exit 0
fi
[ $# -gt 0 ] || set -- "$here"/*.c
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
objs=
for f in "$@"; do
	cp "$f" "$tmp/"
	objs="$objs $(basename "$f" .c).o"
done
cat > "$tmp/Kbuild" <<EOK
obj-m := $objs
ccflags-y := -I$runtime
EOK
if ! make -C "$kdir" M="$tmp" -j2 modules > "$tmp/log" 2>&1; then
	cat "$tmp/log"
	echo "FAIL: runtime build: make failed"
	exit 1
fi
if grep -q 'warning:' "$tmp/log"; then
	grep -B2 -A6 'warning:' "$tmp/log"
	echo "FAIL: runtime build: compiler warnings"
	exit 1
fi
rc=0
for o in $objs; do
	m=${o%.o}
	if [ -f "$tmp/$m.ko" ]; then
		echo "PASS: runtime build $m"
		if [ -n "$out" ]; then
			mkdir -p "$out" && cp "$tmp/$m.ko" "$out/"
		fi
	else
		echo "FAIL: runtime build $m"
		rc=1
	fi
done
exit $rc
