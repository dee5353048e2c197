#!/bin/bash
# tapset-index.sh: the library index (translator/tapset.c) finds which file
# defines a function, global or probe alias, so pass 2 parses only the
# files a script needs; it is cached per file identity and stays correct
# when files change; private symbols stay inside their file.
set -u
export LC_ALL=C
: "${STAP:?}" "${TOP:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/tapset-index.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
export SYSTEMTAP_DIR=$tmp/home
fail=0
lib=$tmp/lib
mkdir -p "$lib"

check() {	# check NAME EXPECTED ACTUAL
	if [ "$2" != "$3" ]; then
		echo "FAIL $1: expected [$2], got [$3]"
		fail=1
	fi
}

index_line() {	# the -vvv index statistics of a -p2 run of script $1
	"$STAP" -I "$lib" -p2 -vvv -e "$1" 2>&1 >/dev/null |
		sed -n 's/^Tapset index: //p'
}

cat >"$lib/one.stp" <<'STP'
function one_fn:long (x:long) { return x + 1 }
global one_counter
probe one.alias = begin { one_local = 1 }
private function one_secret() { return 42 }
function one_uses_secret() { return one_secret() }
%( kernel_v < "2.0" %? function one_ancient() { return 1 } %)
STP
cat >"$lib/two.stp" <<'STP'
function two_fn:string (s:string) { return s . "!" }
STP

# First run: every file is scanned (nothing cached yet) ...
files=$(find "$TOP/tapset" "$lib" -name '*.stp' | wc -l)
line=$(index_line 'probe begin { print(1) }')
check "first run scans all" "$files files, $files rescanned, 0 parsed" "$line"
[ -s "$SYSTEMTAP_DIR/cache/tapset-index" ] ||
	{ echo "FAIL no cache file written"; fail=1; }

# ... later runs take the scans from the cache, and parse only what the
# script needs: one file for one_fn, none more for two_fn's absence.
line=$(index_line 'probe begin { print(one_fn(1)) }')
check "cached, one file parsed" "$files files, 0 rescanned, 1 parsed" "$line"
out=$("$STAP" -I "$lib" -p2 -e 'probe begin { print(one_fn(1), two_fn("a")) }' 2>&1)
check "functions from two files" "# functions
one_fn:long (x:long)
two_fn:string (s:string)
# probes
begin /* <- begin */" "$out"

# A library global and a library probe alias are found through the index.
out=$("$STAP" -I "$lib" -p2 -e 'probe one.alias { one_counter++; print(one_local) }' 2>&1)
check "global and alias" "# globals
one_counter:long
# probes
begin /* <- one.alias = begin <- one.alias */
  # locals
  one_local:long" "$out"

# A changed file is rescanned (and only it); its new function is found.
sleep 0.01
echo 'function two_more() { return 2 }' >>"$lib/two.stp"
line=$(index_line 'probe begin { print(two_more()) }')
check "changed file rescanned" "$files files, 1 rescanned, 1 parsed" "$line"
# A new file too; a removed one is forgotten.
echo 'function three_fn() { return 3 }' >"$lib/three.stp"
line=$(index_line 'probe begin { print(three_fn()) }')
check "new file scanned" "$((files + 1)) files, 1 rescanned, 1 parsed" "$line"
rm "$lib/three.stp"
out=$("$STAP" -I "$lib" -p2 -e 'probe begin { print(three_fn()) }' 2>&1)
case $out in
*"unresolved function three_fn"*) ;;
*) echo "FAIL removed file still indexed: $out"; fail=1 ;;
esac

# Private functions are visible inside their file only.
out=$("$STAP" -I "$lib" -p2 -e 'probe begin { print(one_uses_secret()) }' 2>&1)
check "private used inside its file" "# functions
one_uses_secret:long ()
one_secret:long ()
# probes
begin /* <- begin */" "$out"
out=$("$STAP" -I "$lib" -p2 -e 'probe begin { print(one_secret()) }' 2>&1)
case $out in
*"unresolved function one_secret"*) ;;
*) echo "FAIL private function visible outside: $out"; fail=1 ;;
esac

# The index ignores preprocessor conditionals (it may name a file that
# does not define the symbol for this kernel); resolution still fails
# cleanly.
out=$("$STAP" -I "$lib" -p2 -e 'probe begin { print(one_ancient()) }' 2>&1)
case $out in
*"unresolved function one_ancient"*) ;;
*) echo "FAIL conditional definition: $out"; fail=1 ;;
esac

# Runs with and without -I share the cache: neither rescans the other's.
"$STAP" -p2 -e 'probe begin { print(1) }' >/dev/null 2>&1
line=$(index_line 'probe begin { print(1) }')
check "-I run after a plain run" "$files files, 0 rescanned, 0 parsed" "$line"

# A corrupt cache is rebuilt, not trusted.
echo garbage >"$SYSTEMTAP_DIR/cache/tapset-index"
line=$(index_line 'probe begin { print(1) }')
check "corrupt cache rebuilt" "$files files, $files rescanned, 0 parsed" "$line"

exit $fail
