#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# staprun-cmdline.sh: staprun's command line, module reading and privilege
# checks, everything short of a kernel that loads modules.  Messages that
# upstream's staprun also prints are upstream's text.  The privilege cases
# run staprun as user nobody (setpriv), so they need root; without it they
# are skipped and said so.
set -u
export LC_ALL=C
: "${TOP:?}"

sr=$TOP/staprun/staprun
if [ ! -x "$sr" ]; then
	echo "SKIP: $sr not built (run make)"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/staprun-cmdline.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
chmod 755 "$tmp"
fail=0

# check NAME RC EXPECTED-STDERR-FIRST-LINE -- COMMAND...
# Compares the exit status and the first line of stderr.
check() {
	local name=$1 rc=$2 want=$3 got line
	shift 4
	timeout -k 2 20 "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	got=$?
	line=$(head -n 1 "$tmp/err")
	if [ "$got" = "$rc" ] && [ "$line" = "$want" ]; then
		echo "ok: $name"
	else
		echo "FAIL: $name: exit status $got (expected $rc), stderr:"
		sed 's/^/    /' "$tmp/err"
		echo "  expected first line: $want"
		fail=1
	fi
}

echo junk >"$tmp/junk.ko"
chmod 644 "$tmp/junk.ko"

check "no module" 1 "ERROR: Need a module name or path to load." -- "$sr"
check "unknown option" 1 "$sr: invalid option -- 'Z'" -- "$sr" -Z x.ko
check "buffer size 0" 1 "ERROR: Invalid buffer size '0' (should be 1-4095)." \
	-- "$sr" -b 0 x.ko
check "buffer size 4096" 1 \
	"ERROR: Invalid buffer size '4096' (should be 1-4095)." -- "$sr" -s 4096 x.ko
check "bad -x" 1 "ERROR: Invalid target process ID 'abc'." -- "$sr" -x abc x.ko
check "-c and -x" 1 "ERROR: You can't specify -c and -x options together." \
	-- "$sr" -c ls -x 1 x.ko
check "bad --timeout" 1 \
	"ERROR: Invalid --timeout '0' (should be whole seconds >= 1)." \
	-- "$sr" --timeout=0 x.ko
check "bad -C" 1 \
	"ERROR: Invalid color mode 'sometimes' (should be auto, always or never)." \
	-- "$sr" -C sometimes x.ko
check "unsupported upstream option" 1 \
	"ERROR: staprun option -M is not supported by this staprun." \
	-- "$sr" -M 1 x.ko
# -D and -S: upstream staprun 4.8's messages (seen in the guest).
check "-D without -o" 1 \
	"ERROR: You have to specify output FILE with '-D' option." \
	-- "$sr" -D x.ko
check "-D with -L" 1 \
	"ERROR: You can't specify the '-D' and '-L' options together." \
	-- "$sr" -D -L -o x x.ko
check "-D with -c" 1 \
	"ERROR: You can't specify the '-D' and '-c' options together." \
	-- "$sr" -D -c ls -o x x.ko
check "-S without -o" 1 \
	"ERROR: You have to specify output FILE with '-S' option." \
	-- "$sr" -S 1 x.ko
check "bad -S" 1 "ERROR: Invalid file size option 'x'." \
	-- "$sr" -S x -o y x.ko
check "bad -S count" 1 "ERROR: Invalid file size option '1,x'." \
	-- "$sr" -S 1,x -o y x.ko
check "module options with -A" 1 \
	"ERROR: Cannot have module options with attach (-A)." -- "$sr" -A m x=1
check "module option without =" 1 \
	"ERROR: Module option 'novalue' is not of the form NAME=VALUE." \
	-- "$sr" x.ko novalue
check "module options before the module" 1 \
	"ERROR: 'n=42' is a module option: the module comes first (staprun [OPTIONS] MODULE [VAR=VALUE ...])." \
	-- "$sr" n=42 m.ko
check "missing module file" 1 \
	"ERROR: Unable to canonicalize path \"/nonexistent/m.ko\": No such file or directory" \
	-- "$sr" /nonexistent/m.ko
check "bare module name" 1 \
	"ERROR: Unable to canonicalize path \"/lib/modules/$(uname -r)/systemtap/no_such_mod.ko\": No such file or directory" \
	-- "$sr" no_such_mod
check "-V" 0 "" -- "$sr" -V
check "-h" 0 "" -- "$sr" -h
grep -q '^usage: staprun' "$tmp/out" || { echo "FAIL: -h prints usage"; fail=1; }

# The binary must run when copied alone into a guest: no ELF interpreter.
if command -v readelf >/dev/null; then
	if readelf -l "$sr" | grep -q INTERP; then
		echo "FAIL: staprun is dynamically linked"; fail=1
	else
		echo "ok: staprun is static"
	fi
fi

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null ||
	! id nobody >/dev/null 2>&1; then
	echo "SKIP: privilege cases need root and setpriv"
	exit $fail
fi

check "-A of a module that is not loaded" 1 \
	"ERROR: Cannot attach to module no_such_mod control channel; not running?" \
	-- "$sr" -A no_such_mod

# nobody_with GROUPS: the command prefix that runs as nobody with these
# supplementary groups (comma-separated gids; "" for none), in $as_nobody.
nobody_with() {
	as_nobody=(setpriv --reuid=nobody --regid="$(id -g nobody)")
	if [ -n "$1" ]; then
		as_nobody+=(--groups="$1")
	else
		as_nobody+=(--clear-groups)
	fi
}

nobody_with ""
check "normal user" 1 \
	"ERROR: You are trying to run systemtap as a normal user." \
	-- "${as_nobody[@]}" "$sr" "$tmp/junk.ko"
if [ "$(sed -n 2p "$tmp/err")" != 'You should either be root, or be part of group "stapusr" and possibly the groups "stapsys" or "stapdev".' ]; then
	echo "FAIL: normal user message, second line:"; cat "$tmp/err"; fail=1
fi
check "normal user, -d" 1 \
	"ERROR: You are trying to run systemtap as a normal user." \
	-- "${as_nobody[@]}" "$sr" -d some_module

gid_of() { getent group "$1" | cut -d: -f3; }
usr=$(gid_of stapusr) dev=$(gid_of stapdev)
if [ -n "$usr" ]; then
	nobody_with "$usr"
	check "stapusr: only modules in /lib/modules/RELEASE/systemtap" 1 \
		'ERROR: Members of the "stapusr" and "stapsys" groups can only use unsigned modules within' \
		-- "${as_nobody[@]}" "$sr" "$tmp/junk.ko"
else
	echo "SKIP: no group stapusr here"
fi
if [ -n "$dev" ]; then
	# stapdev may load anything; without CAP_SYS_MODULE the kernel says no.
	# (EPERM; ENOSYS in sandboxes without module support at all)
	nobody_with "$dev"
	"${as_nobody[@]}" "$sr" "$tmp/junk.ko" 2>"$tmp/err"
	rc=$?
	case $rc:$(cat "$tmp/err") in
	"1:ERROR: Couldn't insert module '$tmp/junk.ko': Operation not permitted" |\
	"1:ERROR: Couldn't insert module '$tmp/junk.ko': Function not implemented")
		echo "ok: stapdev passes the check; the kernel decides" ;;
	*)
		echo "FAIL: stapdev passes the check; the kernel decides ($rc):"
		cat "$tmp/err"; fail=1 ;;
	esac
else
	echo "SKIP: no group stapdev here"
fi

# What staprun reads from a module: an ELF relocatable object with the
# sections of a .ko (modinfo name, struct module's name, privilege).
if [ -n "$dev" ] && command -v cc >/dev/null; then
	cat >"$tmp/m.c" <<'EOF'
__attribute__((section(".modinfo"), used))
static const char modinfo[] = "license=GPL\0name=real_name\0vermagic=x";
__attribute__((section(".gnu.linkonce.this_module"), used))
static struct { int state; void *list[2]; char name[56]; char rest[64]; }
	this_module = { 0, { 0, 0 }, "real_name", { 0 } };
__attribute__((section(".stap_privilege"), used))
static const int privilege = 4;
EOF
	cc -c -o "$tmp/file-name.ko" "$tmp/m.c" && chmod 644 "$tmp/file-name.ko"
	"${as_nobody[@]}" "$sr" -v "$tmp/file-name.ko" 2>"$tmp/err"
	if grep -q "^staprun: module $tmp/file-name.ko ([0-9]* bytes), name real_name, built for stapsys$" "$tmp/err"; then
		echo "ok: name and privilege from the ELF sections"
	else
		echo "FAIL: name and privilege from the ELF sections:"; cat "$tmp/err"; fail=1
	fi
	"${as_nobody[@]}" "$sr" -v -R "$tmp/file-name.ko" 2>"$tmp/err"
	if grep -q "^staprun: Renamed module to 'real_name_[0-9]*'$" "$tmp/err" &&
		grep -q "^staprun: inserting module $tmp/file-name.ko as real_name_[0-9]*$" "$tmp/err"; then
		echo "ok: -R renames"
	else
		echo "FAIL: -R renames:"; cat "$tmp/err"; fail=1
	fi
	# Without .modinfo's name: struct module's.
	sed 's/name=real_name/nome=real_name/; s/"real_name"/"module_name"/' \
		"$tmp/m.c" >"$tmp/m2.c"
	cc -c -o "$tmp/m2.ko" "$tmp/m2.c" && chmod 644 "$tmp/m2.ko"
	"${as_nobody[@]}" "$sr" -v "$tmp/m2.ko" 2>"$tmp/err"
	if grep -q "name module_name, built for stapsys$" "$tmp/err"; then
		echo "ok: name from struct module"
	else
		echo "FAIL: name from struct module:"; cat "$tmp/err"; fail=1
	fi
	# Without either: the file name, '-' made '_'.
	echo junk >"$tmp/a-b.ko"
	chmod 644 "$tmp/a-b.ko"
	"${as_nobody[@]}" "$sr" -v "$tmp/a-b.ko" 2>"$tmp/err"
	if grep -q "name a_b, built for stapusr$" "$tmp/err"; then
		echo "ok: name from the file name"
	else
		echo "FAIL: name from the file name:"; cat "$tmp/err"; fail=1
	fi
fi

exit $fail
