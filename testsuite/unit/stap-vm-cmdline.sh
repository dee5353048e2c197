#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# stap-vm-cmdline.sh: vm/stap-vm's command line and its refusals, which
# need no guest: help, usage errors, a module for another kernel, a
# missing kernel image, an empty batch.  Each must fail with status 125
# and one clear "stap-vm: ..." line, before anything boots (QEMU=true
# stands in for qemu, which these paths never start).
set -u
export LC_ALL=C
: "${TOP:?}"

vm=$TOP/vm/stap-vm
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stap-vm-cmdline.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fails=0

# expect RC STDERR-LINE ARGS...: stap-vm ARGS exits with RC and its stderr
# is exactly STDERR-LINE.
expect() {
	local rc=$1 want=$2 got
	shift 2
	got=$(QEMU=true "$vm" "$@" 2>&1 >/dev/null </dev/null)
	local status=$?
	if [ "$status" != "$rc" ] || [ "$got" != "$want" ]; then
		echo "FAIL: stap-vm $*"
		echo "  expected status $rc, stderr: $want"
		echo "  got      status $status, stderr: $got"
		fails=$((fails + 1))
	fi
}

# A file that looks like a module for kernel 9.9.9-test to stap-vm, which
# reads only the vermagic of .modinfo.
printf 'junk\0vermagic=9.9.9-test SMP preempt mod_unload\0name=fake\0' >"$tmp/fake.ko"
mkdir "$tmp/empty"

out=$("$vm" --help)
[ $? = 0 ] && [[ $out == "stap-vm: run a systemtap module"* ]] ||
	{ echo "FAIL: stap-vm --help"; fails=$((fails + 1)); }

expect 125 "stap-vm: unknown option '--bogus' (staprun's options go after --; try --help)" --bogus "$tmp/fake.ko"
expect 125 "stap-vm: option '--timeout' needs a number, not 'soon'" --timeout soon "$tmp/fake.ko"
expect 125 "stap-vm: option '--release' needs an argument" --release
expect 125 "stap-vm: no MODULE.ko among the arguments: -v nothing.ko" -- -v nothing.ko
expect 125 "stap-vm: $tmp/fake.ko is built for kernel 9.9.9-test, not for the guest's 1.2.3" \
	--release 1.2.3 "$tmp/fake.ko"
expect 125 "stap-vm: no kernel image /boot/vmlinuz-9.9.9-test: install linux-image-9.9.9-test" \
	"$tmp/fake.ko"
expect 125 "stap-vm: no cases (NAME.ko or NAME.sh) in $tmp/empty" --batch "$tmp/empty"
expect 125 "stap-vm: --batch takes no module arguments (got 'x.ko')" --batch "$tmp/empty" x.ko
expect 125 "stap-vm: no batch directory '$tmp/none'" --batch "$tmp/none"

[ "$fails" = 0 ] || exit 1
echo "stap-vm command line: all refusals as expected"
