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
# Test levels (see README.md): level 1, the front end, is what runs today:
# the golden, unit and examples families.  Levels 2 (build modules) and 3
# (load them in a qemu guest) get their families at the marked place below.

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

#{=== run them all ===}

run_golden
run_unit
run_examples

# --- Level 2 (build: -p4 modules against the installed kernel headers) and
# --- level 3 (run: modules loaded in a qemu guest) go here, each as a
# --- run_FAMILY function that calls test_skip when its prerequisites
# --- (kernel headers, qemu, a kernel image) are missing.

if [ "$nfail" -gt 0 ]; then
	echo "failed tests:"
	printf '    %s\n' "${failed[@]:0:50}"
	[ "$nfail" -le 50 ] || echo "    ... and $((nfail - 50)) more"
fi
echo "$npass passed, $nfail failed, $nskip skipped"
[ "$nfail" -eq 0 ]
