#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
#
# bench-p1.sh: how fast is our pass 1 (`stap -p1`), against upstream's?
#
# usage: bench/bench-p1.sh
#
# 1. Builds two inputs under $BENCH_OUT (default build/bench):
#      examples.stp  every example script of Debian's systemtap-doc, made
#                    fit for concatenation (see the Perl below) and joined
#                    into one file; a file upstream still rejects is dropped
#                    (the count used is printed);
#      1mib.stp      the same scripts, repeated with fresh names per copy,
#                    until the file holds at least 1 MiB;
#    plus tiny.stp, a one-line script, to show start-up cost.
# 2. Times `stap -g -p1 FILE` of ours and of upstream on each (best of
#    $RUNS, with hyperfine when installed, else a `date +%s%N` loop), prints
#    a table and checks the targets: ours at least 20x faster than upstream
#    on the large inputs, and under 50 ms per MiB of script.  PASS or MISS
#    per target; a MISS does not change the exit status.
# 3. Compares our -p1 output (stdout, stderr less upstream's Debian-only
#    lines, exit status) with upstream's on each input, and shows the first
#    differing lines when they differ.
#
# Exits 0 when everything ran; 1 when something could not run, or when a
# translator rejected a benchmark input (its timing is then of an error
# path, and is marked so).
#
# Environment:
#   STAP            our translator (default: ./stap of this tree; built with
#                   `make` if missing)
#   UPSTREAM_STAP   upstream's (default /usr/bin/stap; skipped if missing)
#   EXAMPLES_DIR    default /usr/share/systemtap/examples
#   RUNS            timed runs per command, best one counts (default 10)
#   BENCH_OUT       where inputs, outputs and logs go (default build/bench)
#   BENCH_TAPSET    SYSTEMTAP_TAPSET for both translators (default
#                   /usr/share/systemtap/tapset, upstream's own library):
#                   the examples use upstream's library macros (@choose_defined,
#                   @prometheus_*), which our still empty tapset/ lacks.  Set
#                   it to the empty string to run ours with its own tapset/.

set -u
export LC_ALL=C

top=$(cd "$(dirname "$0")/.." && pwd)
STAP=${STAP:-$top/stap}
UPSTREAM_STAP=${UPSTREAM_STAP:-/usr/bin/stap}
EXAMPLES_DIR=${EXAMPLES_DIR:-/usr/share/systemtap/examples}
RUNS=${RUNS:-10}
BENCH_OUT=${BENCH_OUT:-$top/build/bench}
BENCH_TAPSET=${BENCH_TAPSET-/usr/share/systemtap/tapset}

# Targets from the issue.
TARGET_RATIO=20         # ours at least this many times faster than upstream
TARGET_MS_PER_MIB=50    # ours at most this many ms for 1 MiB of script
MIB=1048576

# Lines that only Debian's build of upstream prints on stderr.
DEBIAN_ONLY='^WARNING: Kernel function symbol table missing \[man warning::symbols\]$|^Tip: /usr/share/doc/systemtap/README\.Debian should help you get started\.$'

die() { echo "bench-p1: $*" >&2; exit 1; }
status=0

# ---------------------------------------------------------------- set-up

if [ ! -x "$STAP" ]; then
	echo "bench-p1: $STAP missing, running make" >&2
	make -C "$top" -s >&2 || die "make failed"
fi
[ -x "$STAP" ] || die "no translator at $STAP"
[ -d "$EXAMPLES_DIR" ] || die "$EXAMPLES_DIR not found (apt-get install systemtap-doc)"
command -v perl >/dev/null || die "perl not found"
mkdir -p "$BENCH_OUT" || die "cannot create $BENCH_OUT"
if [ -n "$BENCH_TAPSET" ]; then
	export SYSTEMTAP_TAPSET=$BENCH_TAPSET
fi

# The kernel release both translators preprocess for (kernel_v, CONFIG_*):
# upstream needs one it has headers for, so take it from /lib/modules,
# preferring the running kernel's.
rel=
if [ -d "/lib/modules/$(uname -r)" ]; then
	rel=$(uname -r)
else
	rel=$(ls /lib/modules 2>/dev/null | sort -V | tail -n 1)
fi
ours=("$STAP")
upstream=()
if [ -x "$UPSTREAM_STAP" ] && [ -n "$rel" ]; then
	upstream=("$UPSTREAM_STAP" -r "$rel")
	ours+=(-r "$rel")
elif [ -x "$UPSTREAM_STAP" ]; then
	echo "bench-p1: nothing in /lib/modules: upstream skipped" >&2
else
	echo "bench-p1: $UPSTREAM_STAP not found: upstream skipped" >&2
fi
# Options for every run: -g because some examples embed C (%{ %}).
opts=(-g -p1)

# ---------------------------------------------------------------- inputs

# The Perl program that joins scripts into one.  Each script gets a suffix
# of its own (_c<copy>f<index>) on the names that would clash when joined:
#   - globals: a second `global x` is a pass-1 error ("duplicate global
#     name"); every identifier token equal to a name the script declares
#     global is renamed, so its uses follow (locals that happen to share the
#     name too, harmlessly);
#   - macros: `@define m` twice in one file is a pass-1 error; the
#     definition's name and every @m are renamed.
# Functions and probe aliases may repeat at pass 1, so they are left alone.
# Script arguments are substituted as upstream's lexer would, by the rule
# of testsuite/check-examples.sh: $i becomes `1` when it is used inside a
# probe point's parentheses (timer.s($1)), else `begin`; @i the same as a
# string; $# and @# the highest index used.  Strings, comments and embedded
# C are copied untouched.
#
# usage: perl -e "$CONCAT_PL" -- [--until BYTES] MAPFILE FILE... >OUT
# Writes the scripts, each after a `# ---- FILE` comment line, repeating
# the whole list until OUT holds at least BYTES (default: once), and
# MAPFILE, one `FIRSTLINE FILE` a line, to map a line of OUT to its script.
read -r -d '' CONCAT_PL <<'PERL'
use strict;
use warnings;

my $until = 0;
if (@ARGV && $ARGV[0] eq '--until') { shift @ARGV; $until = shift @ARGV; }
my $mapfile = shift @ARGV;
my @files = @ARGV;

# Split a script into tokens [kind, text].  Kinds: c (comment, space,
# embedded C), s (string), n ($N @N $# @#), d ($name), a (@name), i
# (identifier), p (anything else: numbers, operators).
sub tokens {
	my ($src) = @_;
	my @tok;
	for ($src) {
		while (1) {
			if (/\G(%\{.*?%\})/gcs) { push @tok, ['c', $1] }
			elsif (/\G("(?:[^"\\]|\\.)*")/gcs) { push @tok, ['s', $1] }
			elsif (/\G([\$\@](?:\d+|#))/gc) { push @tok, ['n', $1] }
			elsif (/\G(#[^\n]*|\/\/[^\n]*|\/\*.*?\*\/|\s+)/gcs) { push @tok, ['c', $1] }
			elsif (/\G(\$\w*)/gc) { push @tok, ['d', $1] }
			elsif (/\G(\@\w*)/gc) { push @tok, ['a', $1] }
			elsif (/\G([A-Za-z_]\w*)/gc) { push @tok, ['i', $1] }
			elsif (/\G(\d\w*)/gc) { push @tok, ['p', $1] }
			elsif (/\G(.)/gcs) { push @tok, ['p', $1] }
			else { last }
		}
	}
	return @tok;
}

# The script in $src, made fit for joining, names suffixed with $sfx.
sub rewrite {
	my ($src, $sfx) = @_;

	# Dummy argument values (see above).
	my $nargs = 0;
	while ($src =~ /[\$\@](\d+)/g) { $nargs = $1 if $1 > $nargs }
	my @arg;
	for my $i (1 .. $nargs) {
		$arg[$i] = $src =~ /^[ \t]*probe[^{\n]*[[:alnum:]_]\([^)\n]*\$$i(?:[^0-9]|$)/m
			? '1' : 'begin';
	}

	my @tok = tokens($src);
	my @sig = grep { $_->[0] ne 'c' } @tok;

	# Collect the names: `global a, b[10], c%, d = -1` and `@define m`.
	my (%global, %macro);
	for (my $k = 0; $k < @sig; $k++) {
		my ($kind, $t) = @{$sig[$k]};
		if ($kind eq 'a' && $t eq '@define' && $k + 1 < @sig && $sig[$k + 1][0] eq 'i') {
			$macro{$sig[$k + 1][1]} = 1;
		} elsif ($kind eq 'i' && $t eq 'global') {
			while (++$k < @sig && $sig[$k][0] eq 'i') {
				$global{$sig[$k][1]} = 1;
				# skip `%`, `[N]`, `%`, `= [-]VALUE`; go on after a `,`
				my $next = sub { $k + 1 < @sig ? $sig[$k + 1][1] : '' };
				$k++ if $next->() eq '%';
				if ($next->() eq '[') { $k++ while $k < $#sig && $sig[$k][1] ne ']' }
				$k++ if $next->() eq '%';
				if ($next->() eq '=') {
					$k++;
					$k++ if $next->() =~ /^[-+]$/;
					$k++;
				}
				last unless $next->() eq ',';
				$k++;
			}
		}
	}

	my $out = '';
	my $after_define = 0;
	for my $t (@tok) {
		my ($kind, $s) = @$t;
		my $was_define = $kind eq 'a' && $s eq '@define';
		if ($kind eq 'n') {
			my ($sigil, $what) = $s =~ /^(.)(.*)$/;
			my $v = $what eq '#' ? $nargs : $arg[$what] // '';
			$s = $sigil eq '$' ? $v : "\"$v\"";
		} elsif ($kind eq 'i' && ($global{$s} || ($after_define && $macro{$s}))) {
			$s .= $sfx;
		} elsif ($kind eq 'a' && $macro{substr($s, 1)}) {
			$s .= $sfx;
		}
		$after_define = $was_define ? 1 : $kind eq 'c' ? $after_define : 0;
		$out .= $s;
	}
	$out .= "\n" unless $out =~ /\n\z/;
	return $out;
}

my @src;
for my $f (@files) {
	open(my $fh, '<', $f) or die "$f: $!\n";
	local $/;
	push @src, scalar <$fh>;
	close $fh;
}
open(my $map, '>', $mapfile) or die "$mapfile: $!\n";
my ($bytes, $line, $copy) = (0, 1, 0);
do {
	$copy++;
	for my $i (0 .. $#files) {
		my $text = "# ---- $files[$i]\n" . rewrite($src[$i], "_c${copy}f" . ($i + 1));
		print $map "$line $files[$i]\n";
		print $text;
		$bytes += length $text;
		$line += ($text =~ tr/\n//);
	}
} while ($bytes < $until);
PERL

# run_p1 WHO FILE OUTPREFIX: run translator WHO (ours or upstream) once on
# FILE; its stdout, stderr (Debian-only lines removed) and exit status go to
# OUTPREFIX.{out,err,rc}.
run_p1() {
	local who=$1 file=$2 pre=$3 rc
	local -n cmd=$who
	"${cmd[@]}" "${opts[@]}" "$file" </dev/null >"$pre.out" 2>"$pre.raw-err"
	rc=$?
	echo "$rc" >"$pre.rc"
	grep -Ev "$DEBIAN_ONLY" "$pre.raw-err" >"$pre.err"
	return "$rc"
}

# have WHO: is translator WHO (ours or upstream) there to run?
have() {
	local -n c=$1
	[ ${#c[@]} -gt 0 ]
}

# The oracle that decides which examples are usable: upstream if we have it.
if have upstream; then oracle=upstream; else oracle=ours; fi

mapfile -t examples < <(cd "$EXAMPLES_DIR" && find . -name '*.stp' | sed 's|^\./||' | sort)
[ ${#examples[@]} -gt 0 ] || die "no *.stp under $EXAMPLES_DIR"

# examples.stp: join them all, then drop the script the oracle's first error
# points at, until the oracle accepts the whole with nothing on stderr.
in_ex=$BENCH_OUT/examples.stp
dropped=()
echo "Building $in_ex from ${#examples[@]} examples in $EXAMPLES_DIR (checked with $oracle's -p1)"
for ((attempt = 1; ; attempt++)); do
	(cd "$EXAMPLES_DIR" && perl -e "$CONCAT_PL" -- "$BENCH_OUT/examples.map" \
		"${examples[@]}") >"$in_ex" || die "cannot build $in_ex"
	if run_p1 "$oracle" "$in_ex" "$BENCH_OUT/check" && [ ! -s "$BENCH_OUT/check.err" ]; then
		break
	fi
	line=$(grep -oE "$(basename "$in_ex"):[0-9]+" "$BENCH_OUT/check.err" | head -n 1 | cut -d: -f2)
	[ -n "$line" ] && [ "$attempt" -le 20 ] || {
		sed 's/^/    /' "$BENCH_OUT/check.err" | head -n 20 >&2
		die "$oracle rejects $in_ex and no script to drop could be found"
	}
	bad=$(awk -v l="$line" '$1 <= l { f = $2 } END { print f }' "$BENCH_OUT/examples.map")
	dropped+=("$bad: $(grep -m1 -E 'error|warning' "$BENCH_OUT/check.err")")
	for i in "${!examples[@]}"; do
		[ "${examples[$i]}" = "$bad" ] && unset 'examples[i]'
	done
	examples=("${examples[@]}")
done
echo "  used ${#examples[@]} scripts, dropped ${#dropped[@]}:"
for d in "${dropped[@]}"; do echo "    $d"; done

# 1mib.stp: the same scripts again and again, fresh names per copy.
in_big=$BENCH_OUT/1mib.stp
(cd "$EXAMPLES_DIR" && perl -e "$CONCAT_PL" -- --until "$MIB" "$BENCH_OUT/1mib.map" \
	"${examples[@]}") >"$in_big" || die "cannot build $in_big"
copies=$(grep -c "^# ---- ${examples[0]}\$" "$in_big")
echo "Built $in_big: $copies copies of the examples"

# tiny.stp: start-up cost, next to nothing to parse.
in_tiny=$BENCH_OUT/tiny.stp
echo 'probe begin { println("hello, world"); exit() }' >"$in_tiny"

inputs=("$in_tiny" "$in_ex" "$in_big")
declare -A label=(
	[$in_tiny]="tiny (1 line)"
	[$in_ex]="examples (${#examples[@]} scripts)"
	[$in_big]="1 MiB ($copies copies)"
)

# ---------------------------------------------------------------- correctness

# Before timing: does each translator accept each input, and do ours and
# upstream's outputs agree?
declare -A ok matches
echo
echo "Output check: ours vs upstream, stdout + stderr (less Debian-only lines) + exit status"
for in in "${inputs[@]}"; do
	base=$BENCH_OUT/$(basename "$in" .stp)
	for who in ours upstream; do
		have "$who" || continue
		if run_p1 "$who" "$in" "$base.$who"; then ok[$who:$in]=1; else ok[$who:$in]=0; fi
		if [ "${ok[$who:$in]}" = 0 ]; then
			echo "  ${label[$in]}: $who rejects it (exit $(cat "$base.$who.rc")):"
			head -n 8 "$base.$who.err" | sed 's/^/      /'
			status=1
		fi
	done
	have upstream || continue
	d=$base.diff
	{
		diff -u --label upstream.stdout --label ours.stdout "$base.upstream.out" "$base.ours.out"
		diff -u --label upstream.stderr --label ours.stderr "$base.upstream.err" "$base.ours.err"
		diff -u --label upstream.rc --label ours.rc "$base.upstream.rc" "$base.ours.rc"
	} >"$d"
	if [ -s "$d" ]; then
		matches[$in]=no
		echo "  ${label[$in]}: DIFFER ($(grep -c '^[-+][^-+]' "$d") lines; full diff in $d); first lines:"
		head -n 20 "$d" | sed 's/^/      /'
	else
		matches[$in]=yes
		echo "  ${label[$in]}: MATCH ($(wc -l <"$base.ours.out") lines of parse tree)"
		rm -f "$d"
	fi
done

# ---------------------------------------------------------------- timing

# time_it WHO FILE: print "WALL CPU" for WHO's `-g -p1 FILE`, output
# discarded: WALL is the best of $RUNS wall-clock times in ms, CPU the mean
# user+system time in ms (hyperfine only, else "-").  Prints nothing if it
# could not be timed.  CPU time is the steadier number on a busy machine.
have_hyperfine=
command -v hyperfine >/dev/null && have_hyperfine=1
time_it() {
	local who=$1 file=$2 csv=$BENCH_OUT/timing.csv best='' t0 t1 r
	local -n cmd=$who
	if [ -n "$have_hyperfine" ]; then
		# -N: no shell in between; -i: time a rejected input too.
		hyperfine -N -i --warmup 2 --runs "$RUNS" --style basic \
			--export-csv "$csv" "$(printf '%q ' "${cmd[@]}" "${opts[@]}" "$file")" \
			>>"$BENCH_OUT/hyperfine.log" 2>&1 || return
		# columns: command,mean,stddev,median,user,system,min,max (seconds)
		awk -F, 'NR == 2 { printf "%.2f %.2f", $7 * 1000, ($5 + $6) * 1000 }' "$csv"
	else
		for ((r = 0; r < RUNS; r++)); do
			t0=$(date +%s%N)
			"${cmd[@]}" "${opts[@]}" "$file" </dev/null >/dev/null 2>&1
			t1=$(date +%s%N)
			((best == "" || t1 - t0 < best)) && best=$((t1 - t0))
		done
		awk -v ns="$best" 'BEGIN { printf "%.2f -", ns / 1e6 }'
	fi
}

echo
echo "Timing: \`stap -g -p1 FILE\`, $RUNS runs each, output discarded" \
	"($([ -n "$have_hyperfine" ] && echo hyperfine || echo "bash loop")," \
	"SYSTEMTAP_TAPSET=${SYSTEMTAP_TAPSET:-unset})"
: >"$BENCH_OUT/hyperfine.log"
declare -A ms cpu
for in in "${inputs[@]}"; do
	for who in ours upstream; do
		have "$who" || continue
		read -r "ms[$who:$in]" "cpu[$who:$in]" < <(time_it "$who" "$in")
		[ -n "${ms[$who:$in]:-}" ] || { echo "bench-p1: could not time $who on $in" >&2; status=1; }
	done
done

# ratio A B: A / B with one decimal, or "-" when either is missing.
ratio() {
	awk -v a="${1:-}" -v b="${2:-}" \
		'BEGIN { if (a > 0 && b > 0) printf "%.1f", a / b; else print "-" }'
}

# The table: best wall-clock ms, the ratio upstream/ours of those, and mean
# CPU ms.  A `!` marks the time of a run that rejected its input.
echo
fmt='%-24s %8s %9s %9s %7s   %9s %9s %7s  %s\n'
printf "$fmt" "" "" "wall ms" "" "" "cpu ms" "" "" ""
printf "$fmt" input bytes ours upstream ratio ours upstream ratio "same output"
for in in "${inputs[@]}"; do
	o=${ms[ours:$in]:--} u=${ms[upstream:$in]:--}
	[ "${ok[ours:$in]:-1}" = 1 ] || o="$o!"
	[ "${ok[upstream:$in]:-1}" = 1 ] || u="$u!"
	printf "$fmt" "${label[$in]}" "$(wc -c <"$in")" \
		"$o" "$u" "$(ratio "${ms[upstream:$in]:-}" "${ms[ours:$in]:-}")x" \
		"${cpu[ours:$in]:--}" "${cpu[upstream:$in]:--}" \
		"$(ratio "${cpu[upstream:$in]:-}" "${cpu[ours:$in]:-}")x" \
		"${matches[$in]:--}"
done
echo "(wall: best of $RUNS; cpu: mean user+system; ratio: upstream / ours;"
echo " same output: our -p1 output equals upstream's; ! = rejected the input)"

# The targets, judged on the best wall-clock times.
echo
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }
for in in "$in_ex" "$in_big"; do
	[ -n "${ms[upstream:$in]:-}" ] && [ -n "${ms[ours:$in]:-}" ] || continue
	r=$(ratio "${ms[upstream:$in]}" "${ms[ours:$in]}")
	printf '%s  ours >= %sx faster than upstream on %s: %sx\n' \
		"$(verdict "$r >= $TARGET_RATIO")" "$TARGET_RATIO" "${label[$in]}" "$r"
done
if [ -n "${ms[ours:$in_big]:-}" ]; then
	bytes=$(wc -c <"$in_big")
	per_mib=$(awk -v o="${ms[ours:$in_big]}" -v b="$bytes" -v m="$MIB" \
		'BEGIN { printf "%.2f", o * m / b }')
	printf '%s  ours < %s ms per MiB of script: %s ms per MiB (%s ms for %s bytes)\n' \
		"$(verdict "$per_mib < $TARGET_MS_PER_MIB")" "$TARGET_MS_PER_MIB" \
		"$per_mib" "${ms[ours:$in_big]}" "$bytes"
fi
if have upstream; then
	printf '%s  our -p1 output equals upstream'"'"'s on %s\n' \
		"$(verdict "\"${matches[$in_ex]:-}\" == \"yes\"")" "${label[$in_ex]}"
fi
exit "$status"
