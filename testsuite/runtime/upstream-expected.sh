#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
#
# upstream-expected.sh: what upstream SystemTap prints for a script, the
# source of the expected files of the run tests.
#
#   upstream-expected.sh [-o DIR] [-r RELEASE] NAME.stp [STAP-OPTIONS...]
#
# Builds NAME.stp with Debian's stap 4.8 (/usr/bin/stap) against a private
# copy of its runtime, patched so that it compiles for this kernel (its
# task_work_cancel became task_work_cancel_func, see design.md), and runs
# the module with upstream's own staprun and stapio in the qemu guest
# (vm/stap-vm).  Writes DIR/NAME.stdout, NAME.stderr and NAME.rc (DIR
# defaults to the directory of NAME.stp); staprun arguments come from
# NAME.staprun beside the script, as in the run tests.  Nothing outside
# a temporary directory is modified.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
rel=$(ls /lib/modules | head -1)
out=
while [ $# -gt 0 ]; do
	case $1 in
	-o) out=$2; shift 2 ;;
	-r) rel=$2; shift 2 ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || { sed -n '3,/^$/s/^# \{0,1\}//p' "$0"; exit 2; }
stp=$1
shift
name=$(basename "$stp" .stp)
[ -n "$out" ] || out=$(cd "$(dirname "$stp")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cp -r /usr/share/systemtap/runtime "$tmp/runtime"
sed -i -e 's/typeof(&task_work_cancel) task_work_cancel_fn/typeof(\&task_work_cancel_func) task_work_cancel_fn/' \
	-e 's/kallsyms_lookup_name("task_work_cancel")/kallsyms_lookup_name("task_work_cancel_func")/' \
	"$tmp/runtime/stp_task_work.c"
cp "$stp" "$tmp/$name.stp"
(cd "$tmp" && /usr/bin/stap -r "$rel" -R "$tmp/runtime" -p4 -m "$name" "$@" "$name.stp" \
	2>&1 >/dev/null | grep -v -e '^WARNING: Kernel function symbol table missing' \
		-e 'README.Debian' >&2) || true
[ -f "$tmp/$name.ko" ] || { echo "upstream-expected.sh: upstream stap could not build $stp" >&2; exit 1; }

args=
[ -f "${stp%.stp}.staprun" ] && args=$(cat "${stp%.stp}.staprun")
case " $args " in
*" $name.ko "*) set -- $args ;;
*) set -- $args "$name.ko" ;;
esac
rc=0
(cd "$tmp" && "$top/vm/stap-vm" --staprun /usr/bin/staprun \
	--add /usr/lib/systemtap/stapio "$@" >"$tmp/out" 2>"$tmp/err") || rc=$?
cp "$tmp/out" "$out/$name.stdout"
cp "$tmp/err" "$out/$name.stderr"
echo "$rc" >"$out/$name.rc"
echo "upstream-expected.sh: $out/$name.{stdout,stderr,rc} (exit status $rc)"
