#!/usr/bin/env bash
# The arm64 (aarch64) bundle and .deb for Phytium / Kunpeng Kylin PCs, built on an x86-64 machine:
#   1. CPython for aarch64 with a glibc 2.28 floor, cross-compiled by zig (installer/build-python-floor.sh);
#   2. PySide6 & co. as aarch64 wheels, downloaded here by pip. PySide6's aarch64 wheels are built on newer
#      systems than its x86-64 ones: 6.9.3 needs GLIBC_2.38 / GLIBCXX_3.4.32, 6.8.0.2 (used here,
#      PYSIDE6_ARM64) GLIBC_2.30 / GLIBCXX_3.4.28, which step 4 patches down to 2.28;
#   3. PyInstaller run under emulation (qemu-user-static) in a Debian 11 arm64 root file system that has
#      the Kylin/UOS desktop libraries plus binutils (a copy of installer/check-oldroot.sh's root);
#   4. installer/floor-patch.sh on the bundle: brings PySide6's Qt libraries from 2.30 / GCC 10 down to
#      glibc 2.28 (a pthread_cond_clockwait shim, math symbol versions cleared) and ships GCC 10's
#      libstdc++ (FLOOR_PATCH=0 skips it and keeps the 2.31 / GLIBCXX_3.4.28 floor of the wheels);
#   5. the .deb and the UOS app-store .deb packed here (dpkg-deb does not care about the architecture) and
#      audited for the floor;
#   6. installer/check-oldroot.sh on the plain .deb: dpkg -i and `township-desk --smoke` under emulation
#      (`sudo installer/check-oldroot.sh installer/dist/<appid>_<ver>_arm64.deb` checks the UOS one).
#   sudo installer/build-arm64.sh            (run by hand, not in CI; prints the time of each step)
# Output: installer/dist/township-desk_<ver>_arm64.deb and <appid>_<ver>.0_arm64.deb (the bundle stays in the build root).
# Environment: TD_FLOOR_CACHE (default ~/.cache/township-desk-floor), BUILD_PYTHON (a host Python 3.11).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot)" >&2; exit 2; }
cache="${TD_FLOOR_CACHE:-$HOME/.cache/township-desk-floor}"
export TD_FLOOR_CACHE="$cache"
say() { printf '[arm64] %s\n' "$*"; }
t_all=$(date +%s)
lap() { echo "$(( $(date +%s) - $1 )) s"; }

t0=$(date +%s)
"$here/check-oldroot.sh" --prepare arm64
say "Debian 11 arm64 root ready ($(lap "$t0"))"
t0=$(date +%s)
BUILD_PYTHON="${BUILD_PYTHON:-python3.11}" "$here/build-python-floor.sh" aarch64
say "floor CPython for aarch64 ready ($(lap "$t0"))"
prefix="$cache/python-3.11-aarch64-glibc2.28"

# the build root: a copy of the check root plus binutils (PyInstaller reads ELF files with its tools)
broot="$cache/buildroot-bullseye-arm64"
if [ ! -f "$broot/.ready" ]; then
    t0=$(date +%s)
    rm -rf "$broot" && cp -a "$cache/rootfs-bullseye-arm64" "$broot" && rm -f "$broot/.ready"
    cp /etc/resolv.conf "$broot/etc/resolv.conf"
    chroot "$broot" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive nice -n 10 chroot "$broot" apt-get install -y -qq --no-install-recommends binutils >/dev/null
    chroot "$broot" apt-get clean
    touch "$broot/.ready"
    say "build root made ($(lap "$t0"))"
fi
mounted=()
cleanup() { local m; for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done; }
trap cleanup EXIT
mount -t proc proc "$broot/proc" && mounted+=("$broot/proc")
mount --bind /dev "$broot/dev" && mounted+=("$broot/dev")

# wheels for aarch64, chosen here (no network needed inside the emulated root)
t0=$(date +%s)
wheels="$cache/wheels-aarch64"
mkdir -p "$wheels"
# PySide6's aarch64 wheels: 6.8.3 and 6.9.x are manylinux_2_39, 6.8.0.2 manylinux_2_31 (needs 2.30)
pyside="${PYSIDE6_ARM64:-6.8.0.2}"
mapfile -t reqs < <(python3 "$here/bundle_requirements.py" --pyside "$pyside")
pip download -q --disable-pip-version-check --only-binary=:all: --python-version 3.11 --implementation cp \
    --abi cp311 --abi abi3 --abi none --platform manylinux_2_31_aarch64 --platform manylinux_2_28_aarch64 --platform manylinux_2_17_aarch64 \
    --platform manylinux2014_aarch64 --platform linux_aarch64 --platform any -d "$wheels" "${reqs[@]}"
say "aarch64 wheels: $(ls "$wheels" | wc -l) files, $(du -sh "$wheels" | cut -f1) ($(lap "$t0"))"

# the floor interpreter, the wheels and the source tree into the build root; a venv there
t0=$(date +%s)
# (at the same path as here, so the paths recorded in its sysconfig data hold inside the root too)
rm -rf "$broot$prefix" "$broot/wheels" "$broot/src"
mkdir -p "$(dirname "$broot$prefix")" && cp -a "$prefix" "$broot$prefix"
cp -a "$wheels" "$broot/wheels"
mkdir -p "$broot/src"
git -C "$root" ls-files -z --cached --others --exclude-standard | (cd "$root" && xargs -0 cp --parents -t "$broot/src" 2>/dev/null || true)
in_root() { chroot "$broot" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
if [ ! -x "$broot/venv/bin/python" ]; then
    in_root "$prefix/bin/python3.11" -m venv /venv
    site="$(in_root /venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
    printf 'def manylinux_compatible(major, minor, arch):\n    return (major, minor) <= (2, 31)\n' >"$broot$site/_manylinux.py"
fi
in_root /venv/bin/pip install -q --disable-pip-version-check --no-index --find-links /wheels "${reqs[@]}"
say "venv in the build root ($(lap "$t0"))"

t0=$(date +%s)
in_root sh -c 'cd /src && nice -n 10 /venv/bin/python -m PyInstaller --noconfirm --log-level WARN \
    --distpath installer/dist --workpath installer/build installer/township-desk.spec'
say "PyInstaller under emulation: $(lap "$t0"), bundle $(du -sh "$broot/src/installer/dist/township-desk" | cut -f1)"

# pack and audit on this machine, from the bundle built in the root
t0=$(date +%s)
if [ "${FLOOR_PATCH:-1}" = 1 ]; then
    # glibc 2.28 (Kylin V10 / UOS 20 arm64): the patched Qt libraries, GCC 10's libstdc++ in the bundle
    "$here/floor-patch.sh" "$broot/src/installer/dist/township-desk"
    say "floor patch ($(lap "$t0"))"
    floor_env=(FLOOR_GLIBC=2.28 GLIBCXX_MAX=3.4.28 LIBSTDCXX_MIN=8)
else
    # the floor PySide6's aarch64 wheels allow: glibc 2.30 (so 2.31: Kylin V10 SP1, Debian 11) and GCC 10's
    # libstdc++ (GLIBCXX_3.4.28); our own interpreter stays at 2.28
    floor_env=(FLOOR_GLIBC=2.31 GLIBCXX_MAX=3.4.28 LIBSTDCXX_MIN=10)
fi
env "${floor_env[@]}" DEB_ARCH=arm64 PYTHON=python3 \
    "$broot/src/installer/build-linux" --skip-bundle --floor --uos
cp "$broot/src/installer/dist/"*_arm64.deb "$here/dist/"  # the plain .deb and the UOS app-store one
deb="$(ls -t "$here"/dist/township-desk_*_arm64.deb | head -1)"
say "packed $(basename "$deb") ($(du -h "$deb" | cut -f1)) and the UOS package in $(lap "$t0")"
cleanup; mounted=()

t0=$(date +%s)
"$here/check-oldroot.sh" "$deb"
say "smoke under emulation ($(lap "$t0"))"
say "all done in $(lap "$t_all")"
