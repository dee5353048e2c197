#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# staprun-guest.sh: staprun against the real runtime in a real kernel: two
# small modules built against runtime/ and run in one qemu guest boot
# (vm/stap-vm --batch), through the paths the session unit test can only
# fake: insertion and removal, module parameters, -c, -x, -o, --timeout,
# SIGINT (also while -c runs), -L/-A/-d, -R and "File exists", an
# insertion the kernel refuses, and a script error.
#
# Skips (exit 77, saying why) without kernel headers, a kernel image,
# qemu or busybox; if the modules no longer build against runtime/ (its
# interface changed), it skips and says so too: the modules below are
# written in the shape pass 3 generates and need updating then.
set -u
export LC_ALL=C
: "${TOP:?}"

skip() { echo "SKIP: $*"; exit 77; }

sr=$TOP/staprun/staprun
[ -x "$sr" ] || skip "$sr not built (run make)"
rel=${STAP_TEST_RELEASE:-}
if [ -z "$rel" ]; then
	for r in $(ls /lib/modules 2>/dev/null); do
		if [ -e "/lib/modules/$r/build/Makefile" ] && [ -e "/boot/vmlinuz-$r" ]; then
			rel=$r
			break
		fi
	done
fi
[ -n "$rel" ] || skip "no kernel with both headers and /boot image"
[ -r "/boot/vmlinuz-$rel" ] || skip "/boot/vmlinuz-$rel is not readable"
command -v qemu-system-x86_64 >/dev/null || skip "no qemu-system-x86_64"
command -v busybox >/dev/null || skip "no busybox"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/staprun-guest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/src" "$tmp/cases"

# stapr_run: begin prints target() and the module parameter `greeting`,
# end prints "end"; it never exits by itself.
cat >"$tmp/src/stapr_run.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime.h"
union stp_probe_locals { char none; };
union stp_frame { char none; };
static char *greeting = "none";
module_param(greeting, charp, 0);
static void probe_0(struct context *c)
{
	stp_printf("begin target=%d greeting=%s\n", _stp_target(), greeting);
}
static void probe_1(struct context *c)
{
	stp_println("end");
}
static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};
static const struct stp_probe stp_end_probes[] = {
	{ .pp = "end", .handler = probe_1 },
};
static struct stp_module stp_module = {
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.end = stp_end_probes,
	.nend = ARRAY_SIZE(stp_end_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
};
EOF
# stapr_err: begin fails with error("boom").
cat >"$tmp/src/stapr_err.c" <<'EOF'
// SPDX-License-Identifier: GPL-2.0-or-later
#include "runtime.h"
union stp_probe_locals { char none; };
union stp_frame { char none; };
static void probe_0(struct context *c)
{
	stp_println("before");
	stp_error_msg(c, "boom");
}
static const struct stp_probe stp_begin_probes[] = {
	{ .pp = "begin", .handler = probe_0 },
};
static struct stp_module stp_module = {
	.begin = stp_begin_probes,
	.nbegin = ARRAY_SIZE(stp_begin_probes),
	.locals_size = sizeof(union stp_probe_locals),
	.frame_size = sizeof(union stp_frame),
};
EOF
if ! sh "$TOP/testsuite/runtime/build.sh" -r "$rel" -o "$tmp/cases" \
	"$tmp/src/stapr_run.c" "$tmp/src/stapr_err.c" >"$tmp/build.log" 2>&1; then
	tail -n 20 "$tmp/build.log"
	skip "the test modules no longer build against runtime/ (update staprun-guest.sh)"
fi

# Each case is a busybox sh script; stap-vm runs it with the modules
# beside it and writes NAME.stdout, NAME.stderr, NAME.rc.
c=$tmp/cases
# (A module with no NAME.sh of its own would be a case of its own.)
cat >"$c/stapr_run.sh" <<'EOF'
staprun --timeout=1 stapr_run.ko; echo "rc=$?"
EOF
cat >"$c/b-params.sh" <<'EOF'
staprun -x 1 -b 1 --timeout=1 stapr_run.ko 'greeting=hi there'; echo "rc=$?"
EOF
cat >"$c/c-cmd.sh" <<'EOF'
staprun -c 'echo child' stapr_run.ko | sed 's/target=[1-9][0-9]*/target=PID/'
staprun -c false stapr_run.ko >/dev/null; echo "rc=$?"
EOF
cat >"$c/d-sigint.sh" <<'EOF'
staprun stapr_run.ko & pid=$!
sleep 2; kill -INT $pid; wait $pid; echo "rc=$?"
staprun -c 'sleep 100' stapr_run.ko >/dev/null & pid=$!
sleep 2; kill -INT $pid; wait $pid; echo "rc=$?"
EOF
cat >"$c/e-detach.sh" <<'EOF'
staprun -L stapr_run.ko; echo "L rc=$?"
staprun stapr_run.ko 2>&1 >/dev/null | sed "s|$PWD/||" >&2
staprun -R --timeout=1 stapr_run.ko; echo "R rc=$?"
staprun -A stapr_run & pid=$!
sleep 1; kill -TERM $pid; wait $pid; echo "A rc=$?"
staprun -L stapr_run.ko 2>/dev/null; echo "L rc=$?"
staprun -d stapr_run; echo "d rc=$?"
staprun -d stapr_run; echo "d rc=$?"
grep -c stapr /proc/modules
EOF
cat >"$c/f-output.sh" <<'EOF'
staprun -o /tmp/out.txt --timeout=1 stapr_run.ko; echo "rc=$?"
cat /tmp/out.txt
EOF
cat >"$c/g-fail.sh" <<'EOF'
echo junk >/tmp/junk.ko
staprun /tmp/junk.ko; echo "rc=$?"
EOF
cat >"$c/stapr_err.sh" <<'EOF'
staprun stapr_err.ko; echo "rc=$?"
EOF

timeout -k 5 300 "$TOP/vm/stap-vm" --release "$rel" --staprun "$sr" \
	--batch "$c" >"$tmp/vm.log" 2>&1
vmrc=$?
if [ "$vmrc" = 125 ]; then
	cat "$tmp/vm.log"
	echo "stap-vm could not run the guest"
	exit 1
fi

fail=0
# expect NAME STDOUT STDERR: compare a case's output (its rc is the
# status of its last command, which the scripts print themselves).
expect() {
	local name=$1
	printf '%s' "$2" >"$tmp/exp.out"
	printf '%s' "$3" >"$tmp/exp.err"
	if cmp -s "$tmp/exp.out" "$c/$name.stdout" &&
		cmp -s "$tmp/exp.err" "$c/$name.stderr" &&
		[ ! -s "$c/$name.problems" ]; then
		echo "ok: $name"
	else
		echo "FAIL: $name"
		diff -u --label expected-stdout --label stdout "$tmp/exp.out" "$c/$name.stdout"
		diff -u --label expected-stderr --label stderr "$tmp/exp.err" "$c/$name.stderr"
		cat "$c/$name.problems" 2>/dev/null
		fail=1
	fi
}

nl=$'\n'
expect stapr_run "begin target=0 greeting=none${nl}end${nl}rc=0${nl}" ""
expect b-params "begin target=1 greeting=hi there${nl}end${nl}rc=0${nl}" ""
expect c-cmd "begin target=PID greeting=none${nl}child${nl}end${nl}rc=1${nl}" \
	"WARNING: Child process exited with status 1${nl}"
expect d-sigint "begin target=0 greeting=none${nl}end${nl}rc=0${nl}rc=1${nl}" \
	"WARNING: Child process exited with signal 2 (Interrupt)${nl}"
expect e-detach "begin target=0 greeting=none
L rc=0
begin target=0 greeting=none
end
R rc=0
end
A rc=0
begin target=0 greeting=none
L rc=0
d rc=0
d rc=1
0
" "
Disconnecting from systemtap module.
To reconnect, type \"staprun -A stapr_run\"
ERROR: Couldn't insert module 'stapr_run.ko': File exists
ERROR: Rerun with staprun option '-R' to rename this module.
ERROR: 'stapr_run' is not a zombie systemtap module.
"
expect f-output "rc=0${nl}begin target=0 greeting=none${nl}end${nl}" ""
expect g-fail "rc=1${nl}" \
	"ERROR: Couldn't insert module '/tmp/junk.ko': Invalid module format${nl}"
expect stapr_err "before${nl}rc=1${nl}" "ERROR: boom
WARNING: Number of errors: 1, skipped probes: 0
"
[ "$fail" = 0 ] || { echo "stap-vm log:"; cat "$tmp/vm.log"; }
exit $fail
