#!/bin/sh
# Regenerate expected outputs (.out/.err/.rc) of golden "failure" cases
# using the installed upstream stap as the oracle.
#
# usage: regen-oracle-ko.sh DIR [NAME.stp ...]
#
# For each DIR/NAME.stp (or only the named ones), the first line must be
# "#! stap OPTIONS".  We run, from inside DIR:
#     stap -r RELEASE OPTIONS NAME.stp ARGS
# where ARGS are the words of NAME.args (if present) and RELEASE is the
# first kernel release found under /lib/modules (only added when OPTIONS
# do not already contain -r).  Two Debian-specific lines are removed from
# stderr because our implementation does not print them.
set -u
STAP=${STAP:-/usr/bin/stap}
dir=${1:?usage: $0 DIR [NAME.stp ...]}
shift
release=$(ls /lib/modules | head -n 1)
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
done
