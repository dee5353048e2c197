#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# staprun-session.sh: staprun's session code (staprun/session.c) against a
# fake module on a socketpair, through build/test-session (see
# staprun/test_session.c): output passthrough, warnings and errors on
# stderr and the exit status, STP_REQUEST_EXIT answered with STP_EXIT,
# START failure, -o FILE, -c CMD started only once the module is live,
# SIGINT/SIGQUIT, --timeout, -L (STP_START_LOAD_ONLY, nothing read), -A,
# system(), a lost channel, SIGUSR2 and -S switching of -o files.
set -u
export LC_ALL=C
: "${TOP:?}"

drv=$TOP/build/test-session
if [ ! -x "$drv" ]; then
	echo "SKIP: $drv not built (run make check)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/staprun-session.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# check NAME EXPECTED-RC EXPECTED-STDOUT EXPECTED-STDERR -- SCENARIO ARGS...
# Runs the driver and compares its stdout, stderr and exit status.
check() {
	local name=$1 rc=$2 out=$3 err=$4 got
	shift 5
	timeout -k 2 20 "$drv" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	printf '%s' "$out" >"$tmp/out.exp"
	printf '%s' "$err" >"$tmp/err.exp"
	if [ "$got" != "$rc" ] ||
		! cmp -s "$tmp/out" "$tmp/out.exp" ||
		! cmp -s "$tmp/err" "$tmp/err.exp"; then
		echo "FAIL: $name (exit status $got, expected $rc)"
		diff -u --label expected-stdout --label stdout "$tmp/out.exp" "$tmp/out"
		diff -u --label expected-stderr --label stderr "$tmp/err.exp" "$tmp/err"
		fail=1
	else
		echo "ok: $name"
	fi
}

nl=$'\n'

check "output passes through, REQUEST_EXIT gets EXIT" 0 \
	"begin${nl}hello${nl}end${nl}" \
	"test-session: end=done status=0${nl}" -- hello fake.ko

check "warnings once, plain text, ERROR gives status 1" 1 \
	"output between${nl}" \
	"WARNING: first warning
plain text from the module
WARNING: second warning
ERROR: division by 0 near operator '/' at <input>:1:27
WARNING: Number of errors: 1, skipped probes: 0
test-session: end=done status=1${nl}" -- oob fake.ko

check "-w suppresses warnings, not errors" 1 \
	"output between${nl}" \
	"plain text from the module
ERROR: division by 0 near operator '/' at <input>:1:27
test-session: end=done status=1${nl}" -- oob -w fake.ko

# With -v every warning is shown, repeats included (and staprun's own
# debug lines, which start with "staprun: ").
timeout -k 2 20 "$drv" oob -v fake.ko >/dev/null 2>"$tmp/err"
n=$(grep -c '^WARNING: first warning$' "$tmp/err")
if [ "$n" = 3 ]; then
	echo "ok: -v shows repeated warnings"
else
	echo "FAIL: -v shows repeated warnings: $n times, expected 3"
	fail=1
fi

# 1024 distinct warnings are remembered; later ones are shown every time.
timeout -k 2 20 "$drv" dedup fake.ko >/dev/null 2>"$tmp/err"
if [ "$(grep -c '^WARNING: w0$' "$tmp/err")" = 1 ] &&
	[ "$(grep -c '^WARNING: w1029$' "$tmp/err")" = 2 ] &&
	[ "$(grep -c '^WARNING deduplication table full$' "$tmp/err")" = 1 ] &&
	[ "$(grep -A1 '^WARNING: w1024$' "$tmp/err" | tail -n 1)" = \
		"WARNING deduplication table full" ] &&
	[ "$(grep -c '^WARNING: w' "$tmp/err")" = 1031 ]; then
	echo "ok: warning deduplication is bounded"
else
	echo "FAIL: warning deduplication is bounded"
	fail=1
fi

check "START failure after the module's ERROR" 1 "" \
	"ERROR: probe registration error [man warning::pass5] (rc -22)
test-session: end=done status=1${nl}" -- startfail fake.ko

check "START failure without a message is reported" 1 "" \
	"ERROR: The module failed to start: Cannot allocate memory
test-session: end=done status=1${nl}" -- startfail-quiet fake.ko

# A kallsyms file: only the wanted symbols, first vmlinux address, never 0.
cat >"$tmp/kallsyms" <<'EOF'
ffffffff81000000 T _stext
ffffffff81000010 t not_wanted
0000000000000000 T module_kallsyms_on_each_symbol
ffffffff81123450 T kallsyms_lookup_name
ffffffffc0000000 T kallsyms_on_each_symbol	[some_module]
ffffffff81123500 T kallsyms_on_each_symbol
ffffffff81123600 T kallsyms_lookup_name
EOF
export STAPRUN_TEST_KALLSYMS=$tmp/kallsyms TZ=UTC
check "symbols, time zone, privilege and target before START" 0 \
	"symbol _stext ffffffff81000000
symbol kallsyms_lookup_name ffffffff81123450
symbol kallsyms_on_each_symbol ffffffff81123500
tzinfo UTC 0
privilege 0x6
target 0
end${nl}" "test-session: end=done status=0${nl}" -- prelude fake.ko
unset STAPRUN_TEST_KALLSYMS
check "-x PID is the target" 0 \
	"tzinfo UTC 0
privilege 0x6
target 4242
end${nl}" "test-session: end=done status=0${nl}" -- prelude -x 4242 fake.ko

check "-o FILE gets the output" 0 "" \
	"test-session: end=done status=0${nl}" -- hello -o "$tmp/o.txt" fake.ko
if [ "$(cat "$tmp/o.txt")" = "begin${nl}hello${nl}end" ]; then
	echo "ok: -o FILE content"
else
	echo "FAIL: -o FILE content:"; cat "$tmp/o.txt"; fail=1
fi

check "SIGINT sends STP_EXIT; end output drains" 0 \
	"running${nl}end${nl}" "test-session: end=done status=0${nl}" -- sigint fake.ko

check "the third SIGINT stops waiting" 0 \
	"running${nl}" "test-session: end=forced status=0${nl}" -- sigint3 fake.ko

check "SIGQUIT detaches without STP_EXIT" 0 \
	"running${nl}" "test-session: end=detach status=0${nl}" -- quit fake.ko

check "-L detaches once started, reads nothing" 0 "" \
	"test-session: end=detach status=0${nl}" -- loadonly -L fake.ko

check "-A attaches without STP_START" 0 "attached${nl}end${nl}" \
	"test-session: end=done status=0${nl}" -- attach -A fake

check "--timeout sends STP_EXIT after the time" 0 "end${nl}" \
	"test-session: end=done status=0${nl}" -- timeout --timeout=1 fake.ko

export TEST_FLAG=$tmp/flag
check "-c CMD runs once the module is live; its exit stops the module" 0 \
	"module-live${nl}end${nl}" "test-session: end=done status=0${nl}" \
	-- cmd -c "cat $TEST_FLAG" fake.ko
rm -f "$TEST_FLAG"
check "-c through the shell; a failing command means status 1" 1 \
	"MODULE-LIVE${nl}end${nl}" \
	"WARNING: Child process exited with status 3
test-session: end=done status=1${nl}" \
	-- cmd -c "tr a-z A-Z < $TEST_FLAG; exit 3" fake.ko
rm -f "$TEST_FLAG"
check "-c CMD killed by a signal" 1 "end${nl}" \
	"WARNING: Child process exited with signal 9 (Killed)
test-session: end=done status=1${nl}" \
	-- cmd -c 'kill -9 $$' fake.ko
check "SIGINT sent to staprun goes to the -c command" 1 "end${nl}" \
	"WARNING: Child process exited with signal 2 (Interrupt)
test-session: end=done status=1${nl}" \
	-- cmd-sigint -c 'sleep 10' fake.ko
rm -f "$TEST_FLAG"
check "-c CMD never runs when START fails" 1 "" \
	"ERROR: The module failed to start: Input/output error
test-session: end=done status=1${nl}" \
	-- cmd-startfail -c "cat $TEST_FLAG" fake.ko

export TEST_SYSTEM_OUT=$tmp/system.out
check "STP_SYSTEM runs the command" 0 "end${nl}" \
	"test-session: end=done status=0${nl}" -- system fake.ko
if [ "$(cat "$TEST_SYSTEM_OUT" 2>/dev/null)" != from-system ]; then
	echo "FAIL: system() command output"; fail=1
fi

check "unknown messages are warned about and skipped" 0 "end${nl}" \
	"WARNING: Ignored message of type 99
test-session: end=done status=0${nl}" -- unknown fake.ko

check "a lost channel is an error" 1 "running${nl}" \
	"ERROR: Unexpected end of the control channel
test-session: end=forced status=1${nl}" -- eof fake.ko

# Three messages of the largest size, 65528 bytes each.
timeout -k 2 20 "$drv" big fake.ko >"$tmp/out" 2>"$tmp/err"
if [ $? = 0 ] && [ "$(wc -c <"$tmp/out")" = $((3 * 65528)) ] &&
	[ -z "$(tr -d x <"$tmp/out")" ]; then
	echo "ok: largest messages pass through"
else
	echo "FAIL: largest messages pass through"; cat "$tmp/err"; fail=1
fi

# A reader that goes away: staprun stops the module, quietly, status 1.
timeout -k 2 20 "$drv" epipe fake.ko 2>"$tmp/err" | true
rc=${PIPESTATUS[0]}
if [ "$rc" = 1 ] && [ "$(cat "$tmp/err")" = "test-session: end=done status=1" ]; then
	echo "ok: closed stdout stops the module"
else
	echo "FAIL: closed stdout stops the module (status $rc)"; cat "$tmp/err"; fail=1
fi

# Output that blocks (a reader that stopped reading) must not make
# staprun deaf to interrupts.
mkfifo "$tmp/fifo"
exec 3<>"$tmp/fifo"
timeout -k 2 20 "$drv" blocked fake.ko >"$tmp/fifo" 2>"$tmp/err"
rc=$?
exec 3>&-
if [ "$rc" = 1 ] && [ "$(cat "$tmp/err")" = "test-session: end=forced status=1" ]; then
	echo "ok: interrupts get through while the output blocks"
else
	echo "FAIL: interrupts get through while the output blocks (status $rc)"
	cat "$tmp/err"; fail=1
fi

# SIGUSR2 and -S: upstream's file names (FILE, FILE.1; FILE.0, FILE.1,
# ...), a file switched before output that would grow it past SIZE MiB,
# and only the N newest kept.
mkdir "$tmp/u" "$tmp/r" "$tmp/r2"
check "SIGUSR2 switches -o to FILE.1" 0 "" \
	"test-session: end=done status=0${nl}" -- usr2 -o "$tmp/u/out" fake.ko
if [ "$(cd "$tmp/u" && ls)" = "out${nl}out.1" ] &&
	[ "$(cat "$tmp/u/out")" = one ] && [ "$(cat "$tmp/u/out.1")" = "two${nl}end" ]; then
	echo "ok: SIGUSR2 files"
else
	echo "FAIL: SIGUSR2 files"; ls -l "$tmp/u"; fail=1
fi
check "SIGUSR2 without -o is ignored" 0 "one${nl}two${nl}end${nl}" \
	"test-session: end=done status=0${nl}" -- usr2 fake.ko
check "-S 1,2" 0 "" "test-session: end=done status=0${nl}" \
	-- rotate -o "$tmp/r/o" -S 1,2 fake.ko
got=$(cd "$tmp/r" && wc -c o* | head -n -1 | awk '{print $2, $1}')
if [ "$got" = "o.1 1020000${nl}o.2 360004" ]; then
	echo "ok: -S 1,2 files"
else
	echo "FAIL: -S 1,2 files:"; echo "$got"; fail=1
fi
check "-S 1" 0 "" "test-session: end=done status=0${nl}" \
	-- rotate -o "$tmp/r2/o" -S 1 fake.ko
"$drv" rotate fake.ko >"$tmp/r2/full" 2>/dev/null
if [ "$(cd "$tmp/r2" && ls)" = "full${nl}o.0${nl}o.1${nl}o.2" ] &&
	cat "$tmp/r2/o.0" "$tmp/r2/o.1" "$tmp/r2/o.2" | cmp -s - "$tmp/r2/full"; then
	echo "ok: -S 1 files hold all the output"
else
	echo "FAIL: -S 1 files"; ls -l "$tmp/r2"; fail=1
fi

exit $fail
