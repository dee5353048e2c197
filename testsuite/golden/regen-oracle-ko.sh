#!/bin/sh
# Regenerate expected outputs (.out/.err/.rc) of golden "failure" cases
# using the installed upstream stap as the oracle.
#
# usage: regen-oracle-ko.sh DIR [NAME.stp ...]
#
# For each DIR/NAME.stp (or only the named ones), the first line must be
# "#! stap OPTIONS".  We run, from inside DIR:
#     stap -r RELEASE OPTIONS NAME.stp ARGS
# where ARGS are the whitespace-separated words of NAME.args (if present,
# taken literally) and RELEASE is a kernel release under /lib/modules that
# has a build tree (only added when OPTIONS do not already contain -r).
# Two Debian-specific lines are removed from stderr because our
# implementation does not print them.
set -u
STAP=${STAP:-/usr/bin/stap}
dir=${1:?usage: $0 DIR [NAME.stp ...]}
shift
release=
for m in /lib/modules/*; do
    if [ -d "$m/build" ]; then release=${m##*/}; break; fi
done
if [ -z "$release" ]; then
    echo "$0: no kernel build tree under /lib/modules" >&2
    exit 2
fi
cd "$dir" || exit 2
if [ $# -eq 0 ]; then
    set -- *.stp
fi
for f in "$@"; do
    f=$(basename "$f")
    name=${f%.stp}
    first=$(head -n 1 "$f")
    case "$first" in
        '#! stap'*) ;;
        *) echo "$f: first line is not '#! stap ...'" >&2; continue ;;
    esac
    opts=${first#'#! stap'}
    args=
    [ -f "$name.args" ] && args=$(cat "$name.args")
    set -f
    rflag="-r $release"
    for w in $opts; do
        case "$w" in -r|-r*) rflag= ;; esac
    done
    # shellcheck disable=SC2086
    $STAP $rflag $opts "$f" $args >"$name.out" 2>"$name.err.raw"
    echo $? >"$name.rc"
    grep -v -x -F 'WARNING: Kernel function symbol table missing [man warning::symbols]' "$name.err.raw" \
        | grep -v '^Tip: /usr/share/doc/systemtap/README\.Debian' >"$name.err"
    rm -f "$name.err.raw"
    set +f
done
