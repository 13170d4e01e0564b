#!/usr/bin/env bash
# Runtime check on the oldest system reachable from here: a Debian 11 (bullseye, glibc 2.31) root file
# system with only what a Kylin V10 / UOS 20 desktop has (X11/xcb, xkbcommon, fontconfig/freetype, a
# CJK font, GLib, GL/EGL, D-Bus, CUPS client; no Python), the .deb installed into it with `dpkg -i`
# (so its Depends must already be met by that set), `township-desk --smoke` run offscreen inside it as
# an ordinary user, then the package purged again. The root file system is made once and cached.
#   sudo installer/check-oldroot.sh [path/to/township-desk_<ver>_<arch>.deb]
#   sudo installer/check-oldroot.sh --prepare [amd64|arm64]     (only make the root file system)
# amd64 runs natively; arm64 runs under qemu-user-static (binfmt_misc, mounted here when missing).
# Environment: TD_FLOOR_CACHE (default ~/.cache/township-desk-floor), DEBIAN_MIRROR.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ "$(id -u)" = 0 ] || { echo "run as root (debootstrap, chroot)" >&2; exit 2; }
prepare_only=0
if [ "${1:-}" = "--prepare" ]; then  # --prepare [amd64|arm64]: only make the cached root file system
    prepare_only=1; arch="${2:-$(dpkg --print-architecture)}"
else
    deb="${1:-$(ls -t "$here"/dist/township-desk_*.deb 2>/dev/null | head -1)}"
    [ -f "$deb" ] || { echo "no .deb found (run installer/build-linux --floor first)" >&2; exit 2; }
    deb="$(cd "$(dirname "$deb")" && pwd)/$(basename "$deb")"
    arch="$(dpkg-deb -f "$deb" Architecture)"
    pkg="$(dpkg-deb -f "$deb" Package)"  # township-desk, or the appid of the UOS app-store package
fi
cache="${TD_FLOOR_CACHE:-$HOME/.cache/township-desk-floor}"
rootfs="$cache/rootfs-bullseye-$arch"
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
say() { printf '== %s\n' "$*"; }
secs() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

# What a Kylin/UOS desktop already has, by Debian package name (the .deb's Depends must be among these)
DESKTOP_PACKAGES=(libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libxcb-sync1 libxcb-shm0
  libxcb-xinerama0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 fonts-wqy-microhei
  libglib2.0-0 libgl1 libegl1 libdbus-1-3 libcups2 desktop-file-utils)

if [ "$arch" != "$(dpkg --print-architecture)" ] && [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
    mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    update-binfmts --enable >/dev/null 2>&1 || true
fi

mounted=()
cleanup() {
    [ -z "${pkg:-}" ] || chroot "$rootfs" dpkg -P "$pkg" >/dev/null 2>&1 || true
    local m
    for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
mount_in() {  # mount the host's /proc and /dev into a root (the bootloader reads /proc/self/exe)
    mount -t proc proc "$1/proc" && mounted+=("$1/proc")
    mount --bind /dev "$1/dev" && mounted+=("$1/dev")
}

if [ ! -f "$rootfs/.ready" ]; then
    t0=$(date +%s.%N)
    say "creating the Debian 11 ($arch) root file system in $rootfs"
    if [ ! -x "$rootfs.tmp/usr/bin/apt-get" ] || [ ! -f "$rootfs.tmp/var/lib/dpkg/status" ]; then
        rm -rf "$rootfs.tmp"
        nice -n 10 debootstrap --variant=minbase --arch="$arch" bullseye "$rootfs.tmp" "$mirror" >/dev/null
    fi
    cp /etc/resolv.conf "$rootfs.tmp/etc/resolv.conf"
    mount_in "$rootfs.tmp"
    chroot "$rootfs.tmp" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive nice -n 10 chroot "$rootfs.tmp" apt-get install -y -qq --no-install-recommends \
        "${DESKTOP_PACKAGES[@]}" >/dev/null
    chroot "$rootfs.tmp" apt-get clean
    chroot "$rootfs.tmp" useradd -m -s /bin/sh clerk
    for m in "${mounted[@]}"; do umount -l "$m"; done
    mounted=()
    mv "$rootfs.tmp" "$rootfs"
    touch "$rootfs/.ready"
    echo "root file system made in $(secs "$t0") s: $(du -sh "$rootfs" | cut -f1)"
fi
[ "$prepare_only" = 1 ] && { echo "root file system ready: $rootfs"; exit 0; }

mount_in "$rootfs"
say "the root: $(chroot "$rootfs" sh -c '. /etc/os-release; echo "$PRETTY_NAME"'), $(chroot "$rootfs" ldd --version | head -1)"
if chroot "$rootfs" sh -c 'command -v python3 || command -v python || ls -d /usr/lib/python3*' 2>/dev/null; then
    echo "the root file system has a Python; it must not" >&2; exit 1
fi

say "dpkg -i $(basename "$deb") (Depends: $(dpkg-deb -f "$deb" Depends | tr -d '\n' | cut -c1-60)…)"
install -m 0644 "$deb" "$rootfs/tmp/township-desk.deb"
chroot "$rootfs" dpkg -i /tmp/township-desk.deb >/dev/null
rm -f "$rootfs/tmp/township-desk.deb"
# the menu entry and icon where this package puts them (/usr/share/… or the UOS /opt/apps/<appid>/entries/…)
desktop="$(chroot "$rootfs" dpkg -L "$pkg" | grep '/applications/[^/]*\.desktop$' | head -1)"
chroot "$rootfs" desktop-file-validate "$desktop"
icon="$(sed -n 's/^Icon=//p' "$rootfs$desktop")"
chroot "$rootfs" dpkg -L "$pkg" | grep -q "/icons/hicolor/256x256/apps/$icon.png$"

# as the clerk would start it: the menu entry's command, a clean environment, no Python anywhere
user_run() {
    chroot --userspec=clerk:clerk "$rootfs" env -i HOME=/home/clerk PATH=/usr/local/bin:/usr/bin:/bin \
        LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
exec_cmd="$(sed -n 's/^Exec=//p' "$rootfs$desktop")"
say "$exec_cmd --smoke (offscreen, as user clerk)"
t0=$(date +%s.%N)
user_run sh -c "rm -rf /home/clerk/.local/share/township-desk; $exec_cmd --smoke" 2>&1 | tail -3
[ "${PIPESTATUS[0]}" = 0 ] || { echo "smoke FAILED inside the Debian 11 root" >&2; exit 1; }
echo "smoke passed in $(secs "$t0") s"

say "CLI: an administrator, demo data (SQLCipher, FTS5 triggers) and township-desk check"
t0=$(date +%s.%N)
# the database is encrypted and its key unwrapped by an account: an administrator first, as an installer
# does (a first password must be changed before use)
user_run sh -c "rm -rf /home/clerk/.local/share/township-desk"
user_run $exec_cmd user add admin --name 管理员 --role admin --password initial-1 >/dev/null 2>&1
user_run env TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=initial-1 $exec_cmd user passwd admin --password oldroot-admin-1 >/dev/null
user_run env TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=oldroot-admin-1 $exec_cmd demo-data --cases 30 >/dev/null
user_run env TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=oldroot-admin-1 $exec_cmd check >/dev/null
echo "demo data + check in $(secs "$t0") s"

say "dpkg -P $pkg"
chroot "$rootfs" dpkg -P "$pkg" >/dev/null
test ! -e "$rootfs$desktop" && test ! -e "$rootfs/opt/township-desk" && test ! -e "$rootfs/opt/apps/$pkg"
test -f "$rootfs/home/clerk/.local/share/township-desk/township.sqlite3"
chroot "$rootfs" rm -rf /home/clerk/.local/share/township-desk
echo "old-root check OK ($arch, $(basename "$deb"))"
