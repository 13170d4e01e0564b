#!/usr/bin/env bash
# Report the glibc floor of a bundle: the newest GLIBC_x.y symbol version any ELF file in it needs.
# Usage: installer/glibc-floor.sh [bundle-dir] [--list]
#   bundle-dir defaults to installer/dist/township-desk; --list prints every ELF with its own floor,
#   newest first, so the files that raise the floor are easy to spot.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="$here/dist/township-desk"
list=""
for arg in "$@"; do
    case "$arg" in
        --list) list="--list" ;;
        *) bundle="$arg" ;;
    esac
done
[ -d "$bundle" ] || { echo "no bundle at $bundle (run installer/build-linux first)" >&2; exit 2; }

tmp="$(mktemp)"
trap 'rm -f "$tmp"' EXIT
while IFS= read -r -d '' f; do
    # only ELF files (executables and shared objects, whatever their names)
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    # versions *needed* (the .gnu.version_r section), not the ones a library itself defines
    v="$(readelf -V --wide "$f" 2>/dev/null | grep -oE 'Name: GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' \
        | sed 's/Name: GLIBC_//' | sort -V | tail -1 || true)"
    [ -n "$v" ] && printf '%s\t%s\n' "$v" "${f#"$bundle"/}" >>"$tmp"
done < <(find "$bundle" -type f -print0)

[ -s "$tmp" ] || { echo "no ELF files with GLIBC versions found under $bundle" >&2; exit 1; }
floor="$(cut -f1 "$tmp" | sort -V | tail -1)"
if [ "$list" = "--list" ]; then
    sort -t$'\t' -k1,1Vr "$tmp"
    echo "---"
fi
count="$(awk -F'\t' -v f="$floor" '$1==f' "$tmp" | wc -l)"
echo "glibc floor: GLIBC_$floor ($count file(s) need it; $(wc -l <"$tmp") ELF files checked)"
