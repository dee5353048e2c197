#!/bin/bash
# run-tests.sh: the test harness behind `make check`.
#
# usage: testsuite/run-tests.sh [-v] [FILTER]
#
# Runs every test family below in turn, prints a summary line per family,
# each failure with the first 40 lines of its diff, and at the end exactly
#
#     N passed, N failed, N skipped
#
# It exits 1 if any test failed, else 0.  FILTER runs only the tests whose
# name (as printed, e.g. golden/parseok/probe-begin) contains it; -v also
# prints each passing test.
#
# Environment:
#   STAP          the translator under test (default: ./stap of this tree)
#   TEST_TIMEOUT  seconds one golden case or example may take (default 10)
#   UNIT_TIMEOUT  seconds one unit script may take (default 120)
#
#   STAP_TEST_RELEASE  kernel release for levels 2 and 3 (default: the
#                 first with headers and a /boot image)
#   GUEST_TIMEOUT seconds one stap-vm call of level 3 may take (default 900)
#   BUILD_JOBS    translator runs at once building level-2 modules (default 2)
#
# Test levels (see README.md):
#   1. front end: the golden, unit and examples families;
#   2. build: kernel modules against the installed headers (family build):
#      testsuite/guest/NAME.c, testsuite/runtime/NAME.c (reference modules,
#      -I runtime) in one kbuild run, testsuite/run/NAME.stp with stap -p4;
#   3. run: those modules loaded in Debian's kernel under qemu (vm/stap-vm),
#      all in one guest boot (family run), plus the runner's own tests
#      (family guest).
# A run case is a module source plus what running it must print:
#     testsuite/run/NAME.stp       built with `stap -p4 -m NAME` (options
#                                  from a first line "#! stap OPTIONS",
#                                  script arguments from NAME.args)
#     testsuite/runtime/NAME.c     or a hand-written reference module
#     NAME.out NAME.err NAME.rc    expected stdout, stderr, exit status of
#                                  `staprun NAME.ko` in the guest (each
#                                  optional; NAME.stdout and NAME.stderr
#                                  are accepted for .out and .err)
#     NAME.staprun                 optional staprun arguments (shell words;
#                                  NAME.ko goes last unless named)
#     NAME.timeout                 optional seconds (default 60)
#     NAME.filter                  optional sed -E script applied to the
#                                  expected and the actual stdout and
#                                  stderr alike before they are compared,
#                                  to mask what varies from run to run
#                                  (e.g. the cycle counts of stap -t)
# It fails on any difference, and whatever the output if the guest kernel
# complained (oops, BUG, WARNING, Call Trace in dmesg), gained a taint flag,
# kept the module loaded, or the case timed out.  Details at level 2 and 3
# below.

set -u
export LC_ALL=C

verbose=0
filter=
for arg in "$@"; do
	case $arg in
	-v) verbose=1 ;;
	-h|--help) sed -n '2,/^$/s/^# \{0,1\}//p' "$0"; exit 0 ;;
	-*) echo "run-tests.sh: unknown option '$arg'" >&2; exit 2 ;;
	*) filter=$arg ;;
	esac
done

top=$(cd "$(dirname "$0")/.." && pwd)
STAP=${STAP:-$top/stap}
case $STAP in
*/*) STAP=$(cd "$(dirname "$STAP")" && pwd)/$(basename "$STAP") ;;
*) STAP=$(command -v "$STAP") ;;
esac
export STAP
TEST_TIMEOUT=${TEST_TIMEOUT:-10}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-120}
BUILD_JOBS=${BUILD_JOBS:-2}

if [ ! -x "$STAP" ]; then
	echo "run-tests.sh: no translator at '$STAP' (run make first)" >&2
	exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/stap-tests.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

#{=== bookkeeping ===}

npass=0 nfail=0 nskip=0		# totals
failed=()			# names of the failed tests
fpass=0 ffail=0 fskip=0		# the current family
family=

family_begin() {
	family=$1
	fpass=0 ffail=0 fskip=0
}

family_end() {
	if [ $((fpass + ffail + fskip)) -gt 0 ]; then
		echo "$family: $fpass passed, $ffail failed, $fskip skipped"
	fi
}

# selected NAME: is NAME chosen by the FILTER argument?
selected() {
	[ -z "$filter" ] || [[ $1 == *"$filter"* ]]
}

test_pass() {
	npass=$((npass + 1)) fpass=$((fpass + 1))
	[ $verbose = 0 ] || echo "PASS: $1"
}

# test_fail NAME [DETAILS-FILE]: show at most 40 lines of the details.
test_fail() {
	nfail=$((nfail + 1)) ffail=$((ffail + 1))
	failed+=("$1")
	echo "FAIL: $1"
	if [ $# -gt 1 ] && [ -s "$2" ]; then
		head -n 40 "$2" | sed 's/^/    /'
		local n
		n=$(wc -l <"$2")
		[ "$n" -le 40 ] || echo "    ... ($((n - 40)) more lines)"
	fi
}

# test_skip NAME REASON
test_skip() {
	nskip=$((nskip + 1)) fskip=$((fskip + 1))
	echo "SKIP: $1: $2"
}

# describe_rc RC SECONDS: why a command run under `timeout SECONDS` ended,
# if that was a timeout or a signal.
describe_rc() {
	if [ "$1" -eq 124 ]; then
		echo "timed out after $2 s"
	elif [ "$1" -gt 128 ]; then
		echo "killed by signal $(($1 - 128)) ($(kill -l $(($1 - 128)) 2>/dev/null))"
	fi
}

#{=== family: golden ===}
#
# testsuite/golden/DIR/NAME.stp starts with the line "#! stap OPTIONS".
# From inside DIR we run
#     $STAP OPTIONS NAME.stp ARGS </dev/null
# where OPTIONS are shell words (quotes work, as in a shell) and ARGS are the
# whitespace-separated words of the optional NAME.args taken literally (no
# quotes, no expansion, so a case can pass `"abc` or `$1` to the script), and
# compare stdout, stderr and the exit status with NAME.out, NAME.err and
# NAME.rc.  A crash or a timeout fails whatever NAME.rc says.  The fixtures
# directory holds data for the cases, not cases.

run_golden_case() {
	local dir=$1 name=$2 test=$3
	local first opts rc why ext
	local -a args=()
	local details=$tmp/details

	: >"$details"
	first=$(head -n 1 "$dir/$name.stp")
	case $first in
	'#! stap'*) opts=${first#'#! stap'} ;;
	*)
		echo "first line is not '#! stap OPTIONS'" >"$details"
		test_fail "$test" "$details"
		return
		;;
	esac
	for ext in out err rc; do
		[ -f "$dir/$name.$ext" ] || echo "missing $name.$ext" >>"$details"
	done
	if [ -s "$details" ]; then
		test_fail "$test" "$details"
		return
	fi
	[ -f "$dir/$name.args" ] && read -r -d '' -a args <"$dir/$name.args"

	# The braces send bash's own "Segmentation fault" notice to /dev/null;
	# the crash is reported from the exit status.
	{ (
		cd "$dir" || exit 125
		eval "set -- $opts" || exit 125
		exec timeout -k 2 "$TEST_TIMEOUT" "$STAP" "$@" "$name.stp" "${args[@]}"
	) </dev/null >"$tmp/out" 2>"$tmp/err"; } 2>/dev/null
	rc=$?
	echo "$rc" >"$tmp/rc"

	why=$(describe_rc "$rc" "$TEST_TIMEOUT")
	[ -z "$why" ] || echo "$why" >>"$details"
	for ext in out err rc; do
		diff -u --label "expected $name.$ext" --label "actual $name.$ext" \
			"$dir/$name.$ext" "$tmp/$ext" >>"$details"
	done
	if [ -s "$details" ]; then
		test_fail "$test" "$details"
	else
		test_pass "$test"
	fi
}

run_golden() {
	local dir group stp name
	for dir in "$top"/testsuite/golden/*/; do
		group=$(basename "$dir")
		[ "$group" != fixtures ] || continue
		family_begin "golden/$group"
		for stp in "$dir"*.stp; do
			[ -f "$stp" ] || continue
			name=$(basename "$stp" .stp)
			selected "golden/$group/$name" || continue
			run_golden_case "${dir%/}" "$name" "golden/$group/$name"
		done
		family_end
	done
}

#{=== family: unit ===}
#
# Every executable testsuite/unit/*.sh, run from that directory with STAP
# and TOP (the source tree) in the environment.  Exit 0 passes, 77 skips
# (the last line of output says why), anything else fails.

run_unit() {
	local t name rc why
	family_begin unit
	for t in "$top"/testsuite/unit/*.sh; do
		[ -x "$t" ] || continue
		name=unit/$(basename "$t" .sh)
		selected "$name" || continue
		{ (cd "$top/testsuite/unit" && TOP=$top exec timeout -k 2 "$UNIT_TIMEOUT" "$t") \
			</dev/null >"$tmp/unit.log" 2>&1; } 2>/dev/null
		rc=$?
		case $rc in
		0) test_pass "$name" ;;
		77) test_skip "$name" "$(tail -n 1 "$tmp/unit.log")" ;;
		*)
			why=$(describe_rc "$rc" "$UNIT_TIMEOUT")
			{
				echo "exit status $rc${why:+, $why}; last lines of output:"
				tail -n 38 "$tmp/unit.log"
			} >"$tmp/details"
			test_fail "$name" "$tmp/details"
			;;
		esac
	done
	family_end
}

#{=== family: examples ===}
#
# testsuite/check-examples.sh parses upstream's example scripts with -p1 and
# reports in TAP ("ok N - NAME", "not ok N - NAME" followed by "# " lines,
# "1..0 # SKIP reason"); each example counts as one test.

run_examples() {
	local line name status='' details=$tmp/details
	family_begin examples

	# finish_pending: report the "not ok" whose details were being collected.
	finish_pending() {
		if [ "$status" = fail ]; then
			test_fail "$name" "$details"
		fi
		status=
	}

	while IFS= read -r line; do
		case $line in
		'ok '*' # SKIP'*)
			finish_pending
			name=${line#ok * - } name=${name%% \# SKIP*}
			test_skip "$name" "${line#* \# SKIP }"
			;;
		'ok '*)
			finish_pending
			test_pass "${line#ok * - }"
			;;
		'not ok '*)
			finish_pending
			name=${line#not ok * - } status=fail
			: >"$details"
			;;
		'1..0 # SKIP'*)
			test_skip examples "${line#1..0 # SKIP }"
			;;
		'#'*)
			[ "$status" != fail ] || echo "${line#'# '}" >>"$details"
			;;
		esac
	done < <("$top/testsuite/check-examples.sh" "$filter" 2>&1)
	finish_pending
	family_end
}

#{=== level 2: build ===}
#
# Kernel modules built against the installed headers of RELEASE (the first
# /lib/modules/RELEASE with a build tree, preferring one whose kernel image
# /boot/vmlinuz-RELEASE is installed; STAP_TEST_RELEASE overrides):
#   testsuite/guest/NAME.c    the guest runner's own test modules
#   testsuite/runtime/NAME.c  hand-written reference modules (compiled
#                             with -I runtime)
# all in one kbuild run (M=one directory, -j2, -k), each its own NAME.ko;
# a missing .ko or a compiler or modpost warning about it fails
# build/guest/NAME or build/runtime/NAME.  Then testsuite/run/NAME.stp:
#   stap -p4 -m NAME OPTIONS NAME.stp ARGS   (OPTIONS from an optional first
# line "#! stap OPTIONS", ARGS the words of an optional NAME.args, as for
# golden cases), one test build/run/NAME each.  Module names must be unique
# over the three directories.  The modules go to $tmp/ko/.

kbuild_release() {
	local d rel first=''
	if [ -n "${STAP_TEST_RELEASE:-}" ]; then
		echo "$STAP_TEST_RELEASE"
		return
	fi
	for d in /lib/modules/*/build/Makefile; do
		[ -e "$d" ] || continue
		rel=${d#/lib/modules/} rel=${rel%/build/Makefile}
		[ -n "$first" ] || first=$rel
		if [ -e "/boot/vmlinuz-$rel" ]; then
			echo "$rel"
			return
		fi
	done
	echo "$first"
}

# module_cases: "DIR NAME" for every module source, level 2 and 3 alike.
module_cases() {
	local f
	for f in "$top"/testsuite/guest/*.c "$top"/testsuite/runtime/*.c "$top"/testsuite/run/*.stp; do
		[ -f "$f" ] || continue
		case $f in
		*/guest/*) echo "guest $(basename "$f" .c)" ;;
		*/runtime/*) echo "runtime $(basename "$f" .c)" ;;
		*) echo "run $(basename "$f" .stp)" ;;
		esac
	done
}

# wanted DIR NAME: does the filter select a test that needs this module?
wanted() {
	selected "build/$1/$2" || selected "run/$1/$2" ||
		{ [ "$1" = guest ] && guest_selected; }
}

# guest_selected: is any test of the guest family selected?
guest_selected() {
	local f
	for f in "$top"/testsuite/guest/cases/*.sh "$top"/testsuite/guest/single/*.cmd; do
		[ -f "$f" ] || continue
		f=${f#"$top"/testsuite/guest/} f=${f%.*}
		selected "guest/${f/cases\//batch/}" && return 0
	done
	return 1
}

# stp_build NAME RELEASE: stap -p4 -m NAME of testsuite/run/NAME.stp in
# $tmp/stap-p4/NAME/, its messages in log there.
stp_build() {
	local name=$1 rel=$2 d=$tmp/stap-p4/$1 line
	local -a stapopts=() stapargs=()
	mkdir -p "$d"
	line=$(head -n 1 "$top/testsuite/run/$name.stp")
	[[ $line != '#! stap'* ]] || eval "stapopts=(${line#'#! stap'})"
	[ ! -f "$top/testsuite/run/$name.args" ] ||
		read -r -d '' -a stapargs <"$top/testsuite/run/$name.args"
	# Run-time messages name the script as given: NAME.stp, as in the
	# expected files (upstream's were built the same way).
	ln -sf "$top/testsuite/run/$name.stp" "$d/$name.stp"
	(cd "$d" && exec timeout -k 2 300 "$STAP" -p4 -r "$rel" -m "$name" \
		"${stapopts[@]}" "$name.stp" "${stapargs[@]}") </dev/null >"$d/log" 2>&1
}

run_build() {
	local dir name kb=$tmp/kbuild objs='' rel log=$tmp/kbuild.log first args
	local -a cases=() stapopts=() stapargs=()
	family_begin build
	mkdir -p "$tmp/ko" "$kb"
	while read -r dir name; do
		wanted "$dir" "$name" && cases+=("$dir/$name")
	done < <(module_cases)
	[ "${#cases[@]}" -gt 0 ] || { family_end; return; }
	rel=$(kbuild_release)
	if [ -z "$rel" ] || [ ! -e "/lib/modules/$rel/build/Makefile" ]; then
		test_skip build "no kernel headers (install linux-headers-amd64)"
		family_end
		return
	fi
	KBUILD_RELEASE=$rel
	# Duplicate module names would overwrite each other.
	local dup
	dup=$(printf '%s\n' "${cases[@]##*/}" | sort | uniq -d | head -n 1)
	if [ -n "$dup" ]; then
		echo "module name '$dup' is used twice in testsuite/{guest,runtime,run}" >"$tmp/details"
		test_fail "build/$dup" "$tmp/details"
	fi
	for first in "${cases[@]}"; do
		case $first in
		guest/*|runtime/*)
			cp "$top/testsuite/$first.c" "$kb/" && objs="$objs ${first##*/}.o" ;;
		esac
	done
	if [ -n "$objs" ]; then
		printf 'obj-m := %s\nccflags-y := -I%s\n' "$objs" "$top/runtime" >"$kb/Kbuild"
		make -k -j2 -C "/lib/modules/$rel/build" M="$kb" modules >"$log" 2>&1
	fi
	# The scripts: BUILD_JOBS translator runs at a time, each in its own
	# directory.
	for first in "${cases[@]}"; do
		[[ $first == run/* ]] && [[ ${first#run/} =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || continue
		while [ "$(jobs -rp | wc -l)" -ge "$BUILD_JOBS" ]; do wait -n; done
		stp_build "${first#run/}" "$rel" &
	done
	wait
	for first in "${cases[@]}"; do
		dir=${first%%/*} name=${first##*/}
		case $dir in
		guest|runtime)
			# The lines about this module: its source, objects, .ko.
			grep -E "(/|^)$name\.(c|o|mod\.o|ko)\b|\[.*/$name\.ko\]" "$log" |
				grep -E '(warning|error):|(WARNING|ERROR): |undefined!' >"$tmp/details"
			if [ -f "$kb/$name.ko" ] && [ ! -s "$tmp/details" ]; then
				cp "$kb/$name.ko" "$tmp/ko/"
				selected "build/$first" && test_pass "build/$first"
			else
				[ -f "$kb/$name.ko" ] || echo "no $name.ko; last lines of make:" >>"$tmp/details"
				[ -f "$kb/$name.ko" ] || tail -n 20 "$log" >>"$tmp/details"
				selected "build/$first" && test_fail "build/$first" "$tmp/details"
			fi
			;;
		run)
			if [[ ! $name =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
				echo "'$name' cannot be a module name (letters, digits and _ only)" >"$tmp/details"
				test_fail "build/$first" "$tmp/details"
				continue
			fi
			if [ -f "$tmp/stap-p4/$name/$name.ko" ]; then
				mv "$tmp/stap-p4/$name/$name.ko" "$tmp/ko/"
				selected "build/$first" && test_pass "build/$first"
			else
				selected "build/$first" && test_fail "build/$first" "$tmp/stap-p4/$name/log"
			fi
			;;
		esac
	done
	family_end
}

#{=== level 3: run (and the guest runner's own tests) ===}
#
# Modules run in Debian's kernel booted under qemu by vm/stap-vm.
#
# Family "run": every module built at level 2 from testsuite/runtime/ and
# testsuite/run/ runs in ONE guest boot (stap-vm --batch) as
#     staprun STAPRUN-ARGS NAME.ko
# (STAPRUN-ARGS: shell words from an optional NAME.staprun; write NAME.ko
# among them where it belongs, else it goes last; NAME.timeout: seconds,
# default 60) and its stdout, stderr and exit status are compared with
# NAME.out, NAME.err and NAME.rc beside the source.  A case fails whatever
# its output if the kernel complained in dmesg (oops, BUG, WARNING, Call
# Trace, lockup), gained a taint flag, kept the module loaded or the case
# timed out or hung the guest.  A module without expected files still runs
# (the kernel must stay healthy) but counts as skipped.
#
# Family "guest": stap-vm's own tests, with the modules of testsuite/guest/
# and testsuite/guest/insmod-run standing in for staprun.
#   cases/NAME.sh (+ .env, .timeout): one batch, several boots (cases that
#     hang or hurt the kernel force reboots); expected NAME.out, NAME.err,
#     NAME.rc ("none": the case never completes) and NAME.problems (EREs,
#     each matching a line of what stap-vm found wrong; without the file
#     nothing may be wrong).
#   single/NAME.cmd: stap-vm's arguments (shell words; @KO@ is the built
#     modules' directory, @GUEST@ testsuite/guest, @TMP@ a scratch
#     directory); expected NAME.out, NAME.rc, NAME.err or NAME.err-re (EREs,
#     each matching a stderr line), NAME.file (contents of @TMP@/NAME.file);
#     NAME.signal: a signal sent to stap-vm once the run printed to stdout.
#
# Both skip (with the reason) without qemu, the kernel image, busybox-static,
# the modules (level 2), or for "run" staprun/staprun.

STAPVM=$top/vm/stap-vm
GUEST_TIMEOUT=${GUEST_TIMEOUT:-900}

# guest_missing: why the guest cannot run here, or nothing.
guest_missing() {
	if [ -z "${KBUILD_RELEASE:-}" ]; then
		echo "no modules were built (level 2 skipped)"
	elif ! command -v qemu-system-x86_64 >/dev/null; then
		echo "no qemu-system-x86_64 (install qemu-system-x86)"
	elif [ ! -e "/boot/vmlinuz-$KBUILD_RELEASE" ]; then
		echo "no kernel image /boot/vmlinuz-$KBUILD_RELEASE (install linux-image-$KBUILD_RELEASE)"
	elif [ ! -r "/boot/vmlinuz-$KBUILD_RELEASE" ]; then
		echo "/boot/vmlinuz-$KBUILD_RELEASE is not readable (chmod a+r it)"
	elif ! /bin/busybox cpio --help 2>&1 | grep -q -- -o; then
		echo "no /bin/busybox able to write cpio archives (install busybox-static)"
	fi
}

# check_result SRCDIR NAME RESDIR RESNAME: compare one case's results with
# the expected files; details of a mismatch in $tmp/details.  Returns 0
# when it passes, 1 when it fails, 2 when there is nothing to compare.
check_result() {
	local src=$1 name=$2 res=$3 rname=$4 ext re exp act d=$tmp/details expected=0
	: >"$d"
	if [ -f "$src/$name.rc" ] && [ "$(cat "$src/$name.rc")" = none ]; then
		expected=1
		[ ! -f "$res/$rname.rc" ] || echo "the case completed (status $(cat "$res/$rname.rc")) but should not" >>"$d"
	else
		# Expected stdout in NAME.out or NAME.stdout, stderr in NAME.err
		# or NAME.stderr.
		for ext in out:stdout stdout:stdout err:stderr stderr:stderr rc:rc; do
			[ -f "$src/$name.${ext%%:*}" ] || continue
			expected=1
			if [ -f "$res/$rname.${ext#*:}" ]; then
				exp=$src/$name.${ext%%:*} act=$res/$rname.${ext#*:}
				if [ -f "$src/$name.filter" ]; then
					sed -E -f "$src/$name.filter" "$exp" >"$tmp/filtered.exp"
					sed -E -f "$src/$name.filter" "$act" >"$tmp/filtered.act"
					exp=$tmp/filtered.exp act=$tmp/filtered.act
				fi
				diff -u --label "expected $name.${ext%%:*}" --label "actual $name.${ext%%:*}" \
					"$exp" "$act" >>"$d"
			else
				echo "no $rname.${ext#*:}: the case did not complete" >>"$d"
			fi
		done
	fi
	if [ -f "$src/$name.problems" ]; then
		expected=1
		while IFS= read -r re; do
			grep -qE -- "$re" "$res/$rname.problems" 2>/dev/null ||
				echo "no problem reported matching: $re" >>"$d"
		done <"$src/$name.problems"
	fi
	if [ ! -f "$src/$name.problems" ] && [ -s "$res/$rname.problems" ]; then
		{ echo "stap-vm found problems:"; sed 's/^/  /' "$res/$rname.problems"; } >>"$d"
		if [ -s "$res/$rname.dmesg" ]; then
			echo "kernel messages during the case (last 20 lines):"
			tail -n 20 "$res/$rname.dmesg" | sed 's/^/  /'
		fi >>"$d"
		return 1
	fi
	[ ! -s "$d" ] || return 1
	[ "$expected" = 1 ] || return 2
	return 0
}

run_run() {
	local first dir name why batch=$tmp/run-batch n=0 words any=0
	family_begin run
	mkdir -p "$batch"
	while read -r dir name; do
		[ "$dir" != guest ] || continue
		selected "run/$dir/$name" || continue
		any=1
		if [ ! -f "$tmp/ko/$name.ko" ]; then
			[ -z "${KBUILD_RELEASE:-}" ] || test_skip "run/$dir/$name" "not built (see build/$dir/$name)"
			continue
		fi
		cp "$tmp/ko/$name.ko" "$batch/"
		[ ! -f "$top/testsuite/$dir/$name.staprun" ] || cp "$top/testsuite/$dir/$name.staprun" "$batch/$name.args"
		[ ! -f "$top/testsuite/$dir/$name.timeout" ] || cp "$top/testsuite/$dir/$name.timeout" "$batch/"
		echo "$dir" >"$batch/$name.from"
		n=$((n + 1))
	done < <(module_cases)
	if [ "$n" = 0 ]; then
		[ -n "${KBUILD_RELEASE:-}" ] || [ "$any" = 0 ] || test_skip run "no modules were built (level 2 skipped)"
		family_end
		return
	fi
	why=$(guest_missing)
	[ -n "$why" ] || [ -x "$top/staprun/staprun" ] || why="no staprun/staprun (run make)"
	if [ -n "$why" ]; then
		test_skip run "$why"
		family_end
		return
	fi
	timeout -k 5 "$GUEST_TIMEOUT" "$STAPVM" --release "$KBUILD_RELEASE" \
		--staprun "$top/staprun/staprun" --batch "$batch" >"$tmp/stap-vm.out" 2>&1
	words=$?
	if [ "$words" -ge 124 ]; then
		{ echo "stap-vm --batch ended with status $words:"; cat "$tmp/stap-vm.out" "$batch/stap-vm.log"; } >"$tmp/details" 2>/dev/null
		test_fail "run (guest)" "$tmp/details"
	elif [ -s "$batch/stap-vm.health" ]; then
		{ echo "the guest kernel was unwell outside the cases:"; cat "$batch/stap-vm.health"; } >"$tmp/details"
		test_fail "run (guest health)" "$tmp/details"
	fi
	for first in "$batch"/*.from; do
		name=$(basename "$first" .from) dir=$(cat "$first")
		check_result "$top/testsuite/$dir" "$name" "$batch" "$name"
		case $? in
		0) test_pass "run/$dir/$name" ;;
		1) test_fail "run/$dir/$name" "$tmp/details" ;;
		2) test_skip "run/$dir/$name" "ran healthy, but no expected $name.out/.err/.rc" ;;
		esac
	done
	family_end
}

# guest_signalled SIG ARGS...: stap-vm ARGS, sent SIG (as by Ctrl-C) once
# the run has printed something; results in $tmp/single/r.*.
guest_signalled() {
	local sig=$1
	shift
	(
		set -m	# else the background stap-vm would ignore SIGINT
		"$STAPVM" --release "$KBUILD_RELEASE" "$@" \
			</dev/null >"$tmp/single/r.stdout" 2>"$tmp/single/r.stderr" &
		p=$! i=0
		while [ ! -s "$tmp/single/r.stdout" ] && [ $i -lt 600 ] && kill -0 $p 2>/dev/null; do
			sleep 0.2
			i=$((i + 1))
		done
		kill -"$sig" $p 2>/dev/null
		wait $p
		echo $? >"$tmp/single/r.rc"
	)
}

run_guest() {
	local why src=$top/testsuite/guest f name batch=$tmp/guest-batch rc
	local -a args
	guest_selected || return
	family_begin guest
	why=$(guest_missing)
	for f in "$src"/*.c; do
		f=$(basename "$f" .c)
		[ -n "$why" ] || [ -f "$tmp/ko/$f.ko" ] || why="$f.ko was not built (see build/guest/$f)"
	done
	if [ -n "$why" ]; then
		test_skip guest "$why"
		family_end
		return
	fi
	# The batch: shell cases with the modules as data.
	mkdir -p "$batch/data"
	cp "$tmp"/ko/vm*.ko "$batch/data/"
	for f in "$src"/cases/*.sh; do
		name=$(basename "$f" .sh)
		selected "guest/batch/$name" || continue
		cp "$f" "$batch/"
		for ext in env timeout; do
			[ ! -f "$src/cases/$name.$ext" ] || cp "$src/cases/$name.$ext" "$batch/"
		done
	done
	if ls "$batch"/*.sh >/dev/null 2>&1; then
		timeout -k 5 "$GUEST_TIMEOUT" "$STAPVM" --release "$KBUILD_RELEASE" --grace 5 \
			--batch "$batch" >"$tmp/stap-vm.out" 2>&1
		rc=$?
		if [ "$rc" -ge 124 ]; then
			{ echo "stap-vm --batch ended with status $rc:"; cat "$tmp/stap-vm.out" "$batch/stap-vm.log"; } >"$tmp/details" 2>/dev/null
			test_fail "guest/batch" "$tmp/details"
		fi
		for f in "$batch"/*.sh; do
			name=$(basename "$f" .sh)
			if check_result "$src/cases" "$name" "$batch" "$name"; then
				test_pass "guest/batch/$name"
			else
				test_fail "guest/batch/$name" "$tmp/details"
			fi
		done
	fi
	# Single runs: one boot each.
	for f in "$src"/single/*.cmd; do
		name=$(basename "$f" .cmd)
		selected "guest/single/$name" || continue
		rm -rf "$tmp/single" && mkdir -p "$tmp/single"
		eval "args=($(sed -e "s|@KO@|$tmp/ko|g" -e "s|@GUEST@|$src|g" -e "s|@TMP@|$tmp/single|g" "$f"))"
		if [ -f "$src/single/$name.signal" ]; then
			guest_signalled "$(cat "$src/single/$name.signal")" "${args[@]}"
		else
			timeout -k 5 "$GUEST_TIMEOUT" "$STAPVM" --release "$KBUILD_RELEASE" "${args[@]}" \
				</dev/null >"$tmp/single/r.stdout" 2>"$tmp/single/r.stderr"
			echo $? >"$tmp/single/r.rc"
		fi
		check_result "$src/single" "$name" "$tmp/single" r
		if [ -f "$src/single/$name.err-re" ]; then
			while IFS= read -r re; do
				grep -qE -- "$re" "$tmp/single/r.stderr" ||
					echo "no stderr line matches: $re" >>"$tmp/details"
			done <"$src/single/$name.err-re"
		fi
		if [ -f "$src/single/$name.file" ]; then
			diff -u --label "expected $name.file" --label "actual $name.file" \
				"$src/single/$name.file" "$tmp/single/$name.file" >>"$tmp/details" 2>&1
		fi
		if [ -s "$tmp/details" ]; then
			{ echo "stderr was:"; sed 's/^/  /' "$tmp/single/r.stderr"; } >>"$tmp/details"
			test_fail "guest/single/$name" "$tmp/details"
		else
			test_pass "guest/single/$name"
		fi
	done
	family_end
}

#{=== run them all ===}

run_golden
run_unit
run_examples
run_build
run_run
run_guest

if [ "$nfail" -gt 0 ]; then
	echo "failed tests:"
	printf '    %s\n' "${failed[@]:0:50}"
	[ "$nfail" -le 50 ] || echo "    ... and $((nfail - 50)) more"
fi
echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
