#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# staprun-guest.sh: staprun against the real runtime in a real kernel:
# small scripts built with `stap -p4` and run in one qemu guest boot
# (vm/stap-vm --batch), through the paths the session unit test can only
# fake: insertion and removal, module parameters, -c, -x, -o, --timeout,
# SIGINT (also while -c runs), -L/-A/-d (as upstream's, -L reads nothing:
# the begin probe's output waits for -A), -R and "File exists", an
# insertion the kernel refuses, and a script error.
#
# Skips (exit 77, saying why) without kernel headers, a kernel image,
# qemu, busybox or a translator that builds the main test module; a
# target() or error() module that does not build is a failure.
set -u
export LC_ALL=C
: "${TOP:?}"

skip() { echo "SKIP: $*"; exit 77; }

sr=$TOP/staprun/staprun
[ -x "$sr" ] || skip "$sr not built (run make)"
. "$TOP/testsuite/unit/guest-prereq.inc"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/staprun-guest.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/cases"
c=$tmp/cases
: "${STAP:=$TOP/stap}"
[ -x "$STAP" ] || skip "no translator at $STAP (run make)"

# build NAME SCRIPT: NAME.ko in the cases directory, or 1.
build() {
	(cd "$c" && "$STAP" -p4 -r "$rel" -m "$1" -e "$2") \
		>"$tmp/build-$1.log" 2>&1 && [ -f "$c/$1.ko" ]
}
# stapr_run: prints the global `greeting` at begin, "end" at end; it
# never exits by itself.
build stapr_run 'global greeting = "none"
probe begin { printf("begin greeting=%s\n", greeting) }
probe end { println("end") }' || {
	cat "$tmp/build-stapr_run.log"
	skip "the translator cannot build the test module"
}
build_failed=
# stapr_tgt: target(), for -x and -c.
build stapr_tgt 'probe begin { printf("target=%d\n", target()) }
probe end { println("end") }' || { echo "cannot build stapr_tgt"; build_failed=1; }
# stapr_err: error() in begin.
build stapr_err 'probe begin { println("before"); error("boom") }' ||
	{ echo "cannot build stapr_err"; build_failed=1; }

# Each case is a busybox sh script; stap-vm runs it with the modules
# beside it and writes NAME.stdout, NAME.stderr, NAME.rc.
# (A module with no NAME.sh of its own would be a case of its own.)
cat >"$c/stapr_run.sh" <<'EOF'
staprun --timeout=1 stapr_run.ko; echo "rc=$?"
EOF
cat >"$c/b-params.sh" <<'EOF'
staprun -b 1 --timeout=1 stapr_run.ko 'greeting=hi there'; echo "rc=$?"
EOF
cat >"$c/c-cmd.sh" <<'EOF'
staprun -c 'echo child' stapr_run.ko
staprun -c false stapr_run.ko >/dev/null; echo "rc=$?"
EOF
if [ -f "$c/stapr_tgt.ko" ]; then
	cat >"$c/stapr_tgt.sh" <<'EOF'
staprun -x 1 --timeout=1 stapr_tgt.ko
staprun -c 'echo child' stapr_tgt.ko | sed 's/target=[1-9][0-9]*/target=PID/'
EOF
fi
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
if [ -f "$c/stapr_err.ko" ]; then
	cat >"$c/stapr_err.sh" <<'EOF'
staprun stapr_err.ko; echo "rc=$?"
EOF
fi

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
expect stapr_run "begin greeting=none${nl}end${nl}rc=0${nl}" ""
expect b-params "begin greeting=hi there${nl}end${nl}rc=0${nl}" ""
expect c-cmd "begin greeting=none${nl}child${nl}end${nl}rc=1${nl}" \
	"WARNING: Child process exited with status 1${nl}"
expect d-sigint "begin greeting=none${nl}end${nl}rc=0${nl}rc=1${nl}" \
	"WARNING: Child process exited with signal 2 (Interrupt)${nl}"
expect e-detach "L rc=0
begin greeting=none
end
R rc=0
begin greeting=none
end
A rc=0
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
expect f-output "rc=0${nl}begin greeting=none${nl}end${nl}" ""
expect g-fail "rc=1${nl}" \
	"ERROR: Couldn't insert module '/tmp/junk.ko': Invalid module format${nl}"
expect stapr_err "before${nl}rc=1${nl}" "ERROR: boom
WARNING: Number of errors: 1, skipped probes: 0
"
expect stapr_tgt "target=1${nl}end${nl}target=PID${nl}child${nl}end${nl}" ""
[ -z "$build_failed" ] || fail=1
[ "$fail" = 0 ] || { echo "stap-vm log:"; cat "$tmp/vm.log"; }
exit $fail
