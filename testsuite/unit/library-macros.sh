#!/bin/bash
# library-macros.sh: the library macros of tapset/*.stpm load without
# diagnostics and expand, in pass 1, to the script text they document.
set -u
export LC_ALL=C
: "${STAP:?}" "${TOP:?}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/library-macros.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
fail=0

# Every library file says what it provides and carries the license tag.
while IFS= read -r f; do
	grep -q '^// SPDX-License-Identifier: GPL-2.0-or-later$' "$f" ||
		{ echo "$f: no SPDX-License-Identifier line"; fail=1; }
done < <(find "$TOP/tapset" -name '*.stpm')

cat >"$tmp/t.stp" <<'STP'
global agg, agg2, arr, arr2, arr3
probe begin {
	a = @choose_defined($x, 1)
	b = @choose_defined($cmd, $SCpnt)->device
	c = @container_of($t, "struct sock", sk_timer)->sk_state
	d = & @module_container_of($t, "kernel", "struct delayed_work", timer)
	e = @offsetof("struct sock", sk_timer) + @cast_sizeof("struct sock")
	f = @cast_module_sizeof("kernel", "struct sembuf")
	g = @type_defined("struct sock") + @type_member_defined("struct a", b)
	@this1 = 1
	h = @this8
	@try_assign(i, kernel_string(0), "?")
	j = @MAXSTRINGLEN + @__int32(k) + @__uint16(k)
	@prints(agg)
	@prints2(agg2)
}
probe prometheus {
	@prometheus_dump_array1(arr, "m", "l")
	@prometheus_dump_array2_map(arr2, "m", "a", "b", v, f1, f2)
	@prometheus_dump_array3_map_unquoted(arr3, "m", "a", "b", "c",
					     v, f1, f2, f3)
}
probe json_data {
	@json_output_data_start
	@json_output_numeric_value("n", 1)
	@json_output_string_value("s", "x")
	@json_output_array_numeric_value("arr", "i", "m", 2)
	@json_output_array_string_value("arr", "i", "t", "y")
	@json_output_data_end
}
STP

if ! (cd "$tmp" && "$STAP" -g -p1 t.stp) >"$tmp/out" 2>"$tmp/err"; then
	echo "stap -g -p1 failed:"
	cat "$tmp/err"
	exit 1
fi
if [ -s "$tmp/err" ]; then
	echo "unexpected diagnostics:"
	cat "$tmp/err"
	fail=1
fi

# expect TEXT: the -p1 dump contains TEXT.
expect() {
	grep -qF -- "$1" "$tmp/out" || { echo "missing in the dump: $1"; fail=1; }
}
expect '(a) = ((@defined($x))?($x):(1));'
expect '(b) = (((@defined($cmd))?($cmd):($SCpnt))->device);'
expect '(c) = (@cast(($t) - (&@cast(0, "struct sock")->sk_timer), "struct sock")->sk_state);'
expect '(d) = (&@cast(($t) - (&@cast(0, "struct delayed_work", "kernel")->timer), "struct delayed_work", "kernel"));'
expect '(e) = ((&@cast(0, "struct sock")->sk_timer) + (&@cast(0, "struct sock")[1]));'
expect '(f) = (&@cast(0, "struct sembuf", "kernel")[1]);'
expect '(g) = ((@defined(@cast(0, "struct sock"))) + (@defined(@cast(0, "struct a")->b)));'
expect '(__this1[tid()]) = (1);'
expect '(h) = (__this8[tid()]);'
expect '(i) = (kernel_string(0));'
expect '(i) = ("?");'
expect 'MAXSTRINGLEN %}) + ((((k) & (4294967295)) ^ (2147483648)) - (2147483648))) + ((k) & (65535)));'
expect 'if (@count(agg)) printf("@count=%d @min=%d @max=%d @sum=%d @avg=%d\\n", @count(agg), @min(agg), @max(agg), @sum(agg), @avg(agg))'
expect 'foreach ([__prints_k1, __prints_k2] in agg2) {'
expect 'foreach ([__prom_k1] in arr) {'
expect '($value) .= ((("} ") . (sprint(arr[__prom_k1]))) . ("\n"));'
expect '($value) .= ((((",") . ("b")) . ("=")) . (string_quoted(sprint(f2(__prom_k2)))));'
expect '($value) .= ((((",") . ("c")) . ("=")) . (sprint(f3(__prom_k3))));'
expect '($value) .= ((("} ") . (sprint(v(arr3[__prom_k1, __prom_k2, __prom_k3])))) . ("\n"));'
expect '($value) = ("{");'
expect '($value) .= (sprintf("%d", 1));'
expect '($value) .= (string_quoted("y"));'
expect '($value) .= ("\n}\n");'

[ "$fail" = 0 ] && echo "library macros: ok"
exit "$fail"
