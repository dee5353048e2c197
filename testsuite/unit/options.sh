#!/bin/bash
# options.sh: translator options that need no guest: --vp, -t and the
# --suppress-* flags in the cache key, --suppress-time-limits needing -g,
# --tmpdir, --modinfo, -B reaching make, --clean-cache.  Expected messages
# and "Pass N:" lines are upstream 4.8's (observed with stap -r RELEASE,
# --disable-cache); where the kernel's build tree is missing, the checks
# that run make are skipped (not the others).
set -u
export LC_ALL=C
: "${STAP:?}"

t=$(mktemp -d "${TMPDIR:-/tmp}/options.XXXXXX") || exit 2
trap 'rm -rf "$t"' EXIT
fail=0
S='probe begin { println(1) }'

bad() {
	echo "FAIL: $*"
	fail=1
}

# --vp ABCDE: pass N's lines with the Nth digit, as upstream prints them.
vp_passes() {
	"$STAP" --vp "$@" -p3 --disable-cache -e "$S" 2>&1 >/dev/null |
		sed -n 's/^\(Pass [0-9]\): .*/\1/p' | tr '\n' ' '
}
for c in '1:Pass 1 ' '01:Pass 2 ' '001:Pass 3 ' '0001:' '11:Pass 1 Pass 2 ' '00101:Pass 3 '; do
	got=$(vp_passes "${c%%:*}")
	[ "$got" = "${c#*:}" ] || bad "--vp ${c%%:*}: got '$got', want '${c#*:}'"
done
for v in a 123456 '' 1x; do
	got=$("$STAP" --vp "$v" -p1 -e "$S" 2>&1)
	rc=$?
	[ $rc = 1 ] && [ "$got" = "Invalid --vp argument: it takes 1 to 5 digits." ] ||
		bad "--vp '$v': status $rc, '$got'"
done
# -v adds to every pass, --vp to some.
[ "$(vp_passes 0 -v)" = "Pass 1 Pass 2 Pass 3 " ] || bad "-v --vp 0: $(vp_passes 0 -v)"

# --suppress-time-limits needs -g before it (upstream checks at once).
got=$("$STAP" --suppress-time-limits -g -p2 -e "$S" 2>&1)
rc=$?
[ $rc = 1 ] && [ "$got" = "ERROR --suppress-time-limits requires guru mode (-g)" ] ||
	bad "--suppress-time-limits before -g: status $rc, '$got'"
"$STAP" -g --suppress-time-limits -p2 -e "$S" >/dev/null 2>&1 ||
	bad "-g --suppress-time-limits refused"

# Options that shape the module change its cache key, which names the
# module (stap_HASH) in the "Pass 3:" line.
modname() {
	SYSTEMTAP_DIR=$t/sd "$STAP" -p3 --vp 001 "$@" -e "$S" 2>&1 >/dev/null |
		sed -n 's|^Pass 3: translated to C into ".*/\(stap_[0-9a-f]*\)_src\.c".*|\1|p'
}
base=$(modname)
[ -n "$base" ] && [ "$base" = "$(modname)" ] || bad "cache key unstable or missing: '$base'"
for o in -t --suppress-handler-errors "-g --suppress-time-limits" \
	--no-global-var-display --skip-badvars "-B X=1" "--modinfo x=1"; do
	# shellcheck disable=SC2086
	k=$(modname $o)
	[ -n "$k" ] && [ "$k" != "$base" ] || bad "$o does not change the cache key ($k)"
done
[ "$(modname --tmpdir="$t")" = "$base" ] || bad "--tmpdir changed the cache key"

# -t: the report's tables and the runtime part, in the generated C.
"$STAP" -p3 -t -e 'probe a = begin { } probe a { println(1) }' >"$t/t.c" 2>/dev/null ||
	bad "-t -p3 failed"
grep -q '^#define STP_NEED_TIMING$' "$t/t.c" &&
	grep -q '\.derivation = " from: a from: a"' "$t/t.c" &&
	grep -q '\.timing = &stp_timing\[0\]' "$t/t.c" || bad "-t: no timing tables in the C"
"$STAP" -p3 -e "$S" 2>/dev/null | grep -q 'TIMING\|stp_timing' && bad "timing tables without -t"

# --tmpdir=DIR: the work is done in DIR, which stays with what was written.
mkdir "$t/work"
"$STAP" -p3 --tmpdir="$t/work" -e "$S" >/dev/null 2>&1 || bad "--tmpdir failed"
ls "$t/work"/stap_*_src.c >/dev/null 2>&1 || bad "--tmpdir: no C file left in DIR"
got=$("$STAP" -p3 --tmpdir="$t/none" -e "$S" 2>&1 >/dev/null)
[ $? = 1 ] && [[ $got == *'--tmpdir "'"$t"'/none" is not a directory'* ]] ||
	bad "--tmpdir of a missing directory: '$got'"

# --modinfo NAME=VALUE: MODULE_INFO in the C; upstream's safety check.
"$STAP" -p3 --modinfo foo=bar --modinfo 'x=a"b\c d' -e "$S" >"$t/m.c" 2>/dev/null
grep -q '^MODULE_INFO(foo, "bar");$' "$t/m.c" &&
	grep -qF 'MODULE_INFO(x, "a\"b\\c d");' "$t/m.c" || bad "--modinfo: no MODULE_INFO lines"
got=$("$STAP" -p3 --modinfo baz -e "$S" 2>&1)
[ $? = 1 ] && [ "$got" = "ERROR: Safety pattern mismatch for --modinfo parameter ('baz' vs. '^[a-z_][a-z0-9_]*=.+\$') rc=1" ] ||
	bad "--modinfo baz: '$got'"

# --clean-cache: oldest entries go until the cache fits cache_mb_limit.
c=$t/cc/cache
mkdir -p "$c/aa" "$c/bb"
for e in aa/stap_aa1 aa/stap_aa2 bb/stap_bb3; do
	head -c 409600 /dev/zero >"$c/$e.ko"
	head -c 200000 /dev/zero >"$c/$e.c"
done
touch -d '3 hours ago' "$c"/aa/stap_aa1.*
touch -d '2 hours ago' "$c"/bb/stap_bb3.*
echo 1 >"$c/cache_mb_limit"
SYSTEMTAP_DIR=$t/cc "$STAP" --clean-cache >"$t/cc.out" 2>&1 || bad "--clean-cache failed"
[ ! -s "$t/cc.out" ] || bad "--clean-cache printed: $(cat "$t/cc.out")"
left=$(cd "$c" && echo */*.ko)
[ "$left" = "aa/stap_aa2.ko" ] || bad "--clean-cache left '$left', want aa/stap_aa2.ko"
echo 0 >"$c/cache_mb_limit"
SYSTEMTAP_DIR=$t/cc "$STAP" --clean-cache || bad "--clean-cache failed"
[ "$(cd "$c" && echo */*)" = "*/*" ] || bad "cache_mb_limit 0 left $(cd "$c" && echo */*)"
SYSTEMTAP_DIR=$t/new "$STAP" --clean-cache && [ -d "$t/new/cache" ] ||
	bad "--clean-cache did not make the cache directory"

# -B NAME=VALUE: passed to make as is, after stap's own arguments (a
# stand-in make records them).  Needs the build tree stap checks first.
rel=$(ls /lib/modules 2>/dev/null | head -n 1)
if [ -n "$rel" ] && [ -f "/lib/modules/$rel/build/Makefile" ]; then
	mkdir -p "$t/bin"
	printf '#!/bin/sh\nfor a; do printf "%%s\\n" "$a"; done >"%s/make.args"\nexit 1\n' "$t" >"$t/bin/make"
	chmod +x "$t/bin/make"
	PATH=$t/bin:$PATH "$STAP" -r "$rel" -p4 --disable-cache -B FOO=bar -B 'X=a b' \
		-e "$S" >/dev/null 2>&1
	[ "$(tail -n 2 "$t/make.args" 2>/dev/null | tr '\n' '|')" = "FOO=bar|X=a b|" ] &&
		grep -qx modules "$t/make.args" ||
		bad "-B: make got: $(tr '\n' '|' <"$t/make.args" 2>/dev/null)"
	# --modinfo reaches the built module.
	(cd "$t" && "$STAP" -r "$rel" -p4 -m modinfo_test --modinfo foo=bar -e "$S" \
		>/dev/null 2>&1)
	[ "$(modinfo -F foo "$t/modinfo_test.ko" 2>/dev/null)" = bar ] ||
		bad "--modinfo foo=bar: not in modinfo of the built module"
else
	echo "no kernel build tree: -B and the built --modinfo not checked"
fi

exit $fail
