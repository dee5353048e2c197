#!/bin/sh
# regen-oracle.sh DIR [NAME...]
#
# Regenerate the expected results of golden cases with the installed upstream
# stap (the "oracle").  For every DIR/NAME.stp (or only the NAMEs given):
#   - the options are the words after "#! stap" on the script's first line;
#   - if they contain no -r option, "-r RELEASE" is prepended, RELEASE being
#     the kernel release found under /lib/modules (the oracle needs a build
#     tree even for -p1);
#   - a "-r PATH" whose PATH is relative but contains a '/' is made absolute
#     (upstream stap only treats an argument starting with '/' as a build
#     directory; anything else is taken as a release name);
#   - the words of the optional DIR/NAME.args are appended after the script;
#   - stap runs with DIR as its working directory, so the script is named
#     "NAME.stp" in the output.
# Results: NAME.out (stdout), NAME.err (stderr minus the two Debian-only
# lines, see below), NAME.rc (exit status and a newline).
#
# Options and args are split on whitespace; no quoting is supported.

STAP=${STAP:-/usr/bin/stap}

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR [NAME...]" >&2
    exit 2
fi
dir=$(cd "$1" && pwd) || exit 2
shift

release=
if [ -d "/lib/modules/$(uname -r)/build" ]; then
    release=$(uname -r)
else
    for m in /lib/modules/*; do
        if [ -d "$m/build" ]; then release=${m##*/}; break; fi
    done
fi
if [ -z "$release" ]; then
    echo "$0: no kernel build tree under /lib/modules" >&2
    exit 2
fi

if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(cd "$dir" && ls *.stp | sed 's/\.stp$//')
fi

set -f
status=0
for name in $names; do
    name=${name%.stp}
    stp="$dir/$name.stp"
    if [ ! -f "$stp" ]; then
        echo "$0: $stp: no such case" >&2; status=1; continue
    fi
    first=$(head -n 1 "$stp")
    case "$first" in
        "#! stap"|"#! stap "*) ;;
        *) echo "$0: $name.stp: first line is not '#! stap OPTIONS'" >&2
           status=1; continue ;;
    esac
    opts=${first#"#! stap"}

    # Rewrite the options: note any -r, absolutize a relative build path.
    have_r=no
    newopts=
    expect_r=no
    for w in $opts; do
        if [ $expect_r = yes ]; then
            expect_r=no
            case "$w" in
                /*) ;;
                */*) w=$(cd "$dir" && cd "$w" 2>/dev/null && pwd) || w=BAD ;;
            esac
        elif [ "$w" = "-r" ]; then
            have_r=yes; expect_r=yes
        fi
        newopts="$newopts $w"
    done
    if [ $have_r = no ]; then
        newopts="-r $release$newopts"
    fi

    args=
    if [ -f "$dir/$name.args" ]; then
        args=$(cat "$dir/$name.args")
    fi

    # shellcheck disable=SC2086
    (cd "$dir" && "$STAP" $newopts "$name.stp" $args \
        >"$name.out" 2>"$name.err.raw"; echo $? >"$name.rc")
    grep -v -e '^WARNING: Kernel function symbol table missing \[man warning::symbols\]$' \
            -e '^Tip: /usr/share/doc/systemtap/README\.Debian' \
        "$dir/$name.err.raw" >"$dir/$name.err"
    rm -f "$dir/$name.err.raw"

    rc=$(cat "$dir/$name.rc")
    note=
    [ "$rc" != 0 ] && note=" rc=$rc"
    [ -s "$dir/$name.err" ] && note="$note (stderr not empty)"
    echo "$name$note"
done
exit $status
