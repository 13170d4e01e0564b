#!/usr/bin/env bash
# Report the glibc floor of a bundle: the newest GLIBC_x.y symbol version any ELF file in it needs,
# and the newest GLIBCXX_/CXXABI_ (libstdc++) and GCC_ (libgcc_s) versions, which come from the
# target system too. With a ceiling, fail when any file needs more, and name the worst file.
# Usage: installer/glibc-floor.sh [bundle-dir] [--list] [--max 2.28]
#   bundle-dir defaults to installer/dist/township-desk; --list prints every ELF with its own floor,
#   newest first, so the files that raise the floor are easy to spot.
#   --max X (or GLIBC_FLOOR_MAX=X): exit 1 when a file needs more than GLIBC_X, or more than the
#   libstdc++/libgcc_s of GCC 8 (Kylin V10 / UOS 20): GLIBCXX_3.4.25, CXXABI_1.3.11, GCC_7.0.0
#   (override with GLIBCXX_MAX, CXXABI_MAX, GCC_MAX).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="$here/dist/township-desk"
list=""
max="${GLIBC_FLOOR_MAX:-}"
while [ $# -gt 0 ]; do
    case "$1" in
        --list) list="--list" ;;
        --max) max="$2"; shift ;;
        --max=*) max="${1#--max=}" ;;
        *) bundle="$1" ;;
    esac
    shift
done
[ -d "$bundle" ] || { echo "no bundle at $bundle (run installer/build-linux first)" >&2; exit 2; }

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
# one line per ELF file: GLIBC GLIBCXX CXXABI GCC path ("0" when the file needs none of that family)
while IFS= read -r -d '' f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    # versions *needed* (the .gnu.version_r section), not the ones a library itself defines
    readelf -V --wide "$f" 2>/dev/null | awk -v path="${f#"$bundle"/}" '
        function newer(a, b,   x, y, n, i) {  # is version a newer than b (dotted numbers)?
            n = split(a, x, "."); split(b, y, ".")
            for (i = 1; i <= n || i in y; i++) if (x[i] + 0 != y[i] + 0) return x[i] + 0 > y[i] + 0
            return 0
        }
        /^Version needs section/ { inneed = 1; next }
        /^Version (definition|symbols) section/ { inneed = 0; next }
        inneed && match($0, /Name: (GLIBC|GLIBCXX|CXXABI|GCC)_[0-9.]+/) {
            s = substr($0, RSTART + 6, RLENGTH - 6); fam = s; sub(/_.*/, "", fam); v = s; sub(/^[A-Z]+_/, "", v)
            if (!(fam in best) || newer(v, best[fam])) best[fam] = v; any = 1
        }
        END { if (any) printf "%s\t%s\t%s\t%s\t%s\n", ("GLIBC" in best ? best["GLIBC"] : "0"),
              ("GLIBCXX" in best ? best["GLIBCXX"] : "0"), ("CXXABI" in best ? best["CXXABI"] : "0"),
              ("GCC" in best ? best["GCC"] : "0"), path }' >>"$tmp"
done < <(find "$bundle" -type f -print0)

[ -s "$tmp" ] || { echo "no ELF files with GLIBC versions found under $bundle" >&2; exit 1; }
top() { local v; v="$(cut -f"$1" "$tmp" | sort -V | tail -1)"; [ "$v" = 0 ] && v=none; echo "$v"; }
floor="$(top 1)"
if [ "$list" = "--list" ]; then
    printf 'GLIBC\tGLIBCXX\tCXXABI\tGCC\tfile\n'
    sort -t$'\t' -k1,1Vr -k2,2Vr "$tmp"
    echo "---"
fi
count="$(awk -F'\t' -v f="$floor" '$1==f' "$tmp" | wc -l)"
worst="$(awk -F'\t' -v f="$floor" '$1==f {print $5; exit}' "$tmp")"
echo "glibc floor: GLIBC_$floor ($count file(s) need it; $(wc -l <"$tmp") ELF files checked; e.g. $worst)"
echo "libstdc++/libgcc needed: GLIBCXX_$(top 2) CXXABI_$(top 3) GCC_$(top 4)"

[ -n "$max" ] || exit 0
fail=0
check() {  # check <column> <family> <ceiling>
    local over
    over="$(awk -F'\t' -v c="$1" -v m="$3" '$c != "0" {print $c "\t" $5}' "$tmp" | while IFS=$'\t' read -r v p; do
        [ "$(printf '%s\n%s\n' "$v" "$3" | sort -V | tail -1)" = "$3" ] || printf '%s\t%s\n' "$v" "$p"; done \
        | sort -t$'\t' -k1,1Vr)"
    if [ -n "$over" ]; then
        fail=1
        echo "FLOOR EXCEEDED: $(wc -l <<<"$over") file(s) need more than $2_$3; worst: $(head -1 <<<"$over" | cut -f2) ($2_$(head -1 <<<"$over" | cut -f1))" >&2
        head -10 <<<"$over" | sed "s/^/    $2_/" >&2
    fi
}
check 1 GLIBC "$max"
check 2 GLIBCXX "${GLIBCXX_MAX:-3.4.25}"
check 3 CXXABI "${CXXABI_MAX:-1.3.11}"
check 4 GCC "${GCC_MAX:-7.0.0}"
[ "$fail" = 0 ] && echo "floor OK: at most GLIBC_$max, GLIBCXX_${GLIBCXX_MAX:-3.4.25}, CXXABI_${CXXABI_MAX:-1.3.11}, GCC_${GCC_MAX:-7.0.0}"
exit "$fail"
