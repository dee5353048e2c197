#!/bin/bash
# regen-oracle-eval.sh DIR [NAME...]
#
# Like regen-oracle.sh (read it first), for cases whose "#! stap OPTIONS"
# line needs shell quoting, such as  #! stap -l 'timer.ms(100)' : the
# options are split with bash's eval, exactly as testsuite/run-tests.sh
# splits them, so the oracle sees the same arguments as our stap.
# "-r RELEASE" is added in front (the oracle needs a build tree).

STAP=${STAP:-/usr/bin/stap}

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: $0 DIR [NAME...]" >&2
    exit 2
fi
dir=$(cd "$1" && pwd) || exit 2
shift

release=
for m in /lib/modules/*; do
    if [ -d "$m/build" ]; then release=${m##*/}; break; fi
done
if [ -z "$release" ]; then
    echo "$0: no kernel build tree under /lib/modules" >&2
    exit 2
fi

if [ $# -gt 0 ]; then
    names="$*"
else
    names=$(cd "$dir" && ls *.stp | sed 's/\.stp$//')
fi

status=0
for name in $names; do
    name=${name%.stp}
    first=$(head -n 1 "$dir/$name.stp")
    case $first in
    '#! stap'*) opts=${first#'#! stap'} ;;
    *) echo "$0: $name.stp: first line is not '#! stap OPTIONS'" >&2
       status=1; continue ;;
    esac
    args=()
    [ -f "$dir/$name.args" ] && read -r -d '' -a args <"$dir/$name.args"
    (
        cd "$dir" || exit 125
        eval "set -- $opts" || exit 125
        "$STAP" -r "$release" "$@" "$name.stp" "${args[@]}" \
            >"$name.out" 2>"$name.err.raw"
        echo $? >"$name.rc"
    )
    grep -v -e '^WARNING: Kernel function symbol table missing \[man warning::symbols\]$' \
            -e '^Tip: /usr/share/doc/systemtap/README\.Debian' \
        "$dir/$name.err.raw" >"$dir/$name.err"
    rm -f "$dir/$name.err.raw"
    echo "$name rc=$(cat "$dir/$name.rc")"
done
exit $status
