#!/usr/bin/env bash
# Chinese input through fcitx 5 in the installed bundle, end to end: a Debian 11 root file system (a copy
# of check-oldroot.sh's amd64 root plus fcitx5, fcitx5-chinese-addons, D-Bus, xdotool), the .deb
# installed, Xvfb, a D-Bus session with fcitx 5 (pinyin), the menu entry's command started with the
# session's QT_IM_MODULE=fcitx, then Ctrl+Space, "zhangsan", Space typed into 用户名 of the login window.
# Passes when fcitx 5 lists an input context of the program through its IBus frontend; the screen
# (张三 in 用户名) is saved as a PNG to look at (with the repository's .venv PySide6, when there).
# By hand, not in CI (amd64; the root is cached).
#   sudo installer/check-fcitx.sh [path/to/township-desk_<ver>_amd64.deb] [--display N] [--shot file.png]
# Environment: TD_FLOOR_CACHE (default ~/.cache/township-desk-floor).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ "$(id -u)" = 0 ] || { echo "run as root (chroot)" >&2; exit 2; }
deb="" display=16 shot="$PWD/fcitx-check.png"
while [ $# -gt 0 ]; do
    case "$1" in
        --display) display="$2"; shift ;;
        --shot) shot="$2"; shift ;;
        *) deb="$1" ;;
    esac
    shift
done
deb="${deb:-$(ls -t "$here"/dist/township-desk_*_amd64.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "no .deb found (run installer/build-linux --floor first)" >&2; exit 2; }
cache="${TD_FLOOR_CACHE:-$HOME/.cache/township-desk-floor}"
base="$cache/rootfs-bullseye-amd64"
root="$cache/rootfs-bullseye-amd64-fcitx"
pkg="$(dpkg-deb -f "$deb" Package)"
say() { printf '== %s\n' "$*"; }

[ -f "$base/.ready" ] || "$here/check-oldroot.sh" --prepare amd64
mounted=() pids=()
cleanup() {
    local p m
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    chroot "$root" dpkg -P "$pkg" >/dev/null 2>&1 || true
    for m in "${mounted[@]}"; do umount -l "$m" 2>/dev/null || true; done
}
trap cleanup EXIT
mount_in() {
    mount -t proc proc "$root/proc" && mounted+=("$root/proc")
    mount --bind /dev "$root/dev" && mounted+=("$root/dev")
    mount -t devpts devpts "$root/dev/pts" && mounted+=("$root/dev/pts")
}
if [ ! -f "$root/.ready" ]; then
    say "making the fcitx root from $base"
    rm -rf "$root" && cp -a "$base" "$root" && rm -f "$root/.ready"
    cp /etc/resolv.conf "$root/etc/resolv.conf"
    mount_in
    chroot "$root" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive nice -n 10 chroot "$root" apt-get install -y -qq --no-install-recommends \
        fcitx5 fcitx5-chinese-addons dbus xdotool >/dev/null
    chroot "$root" apt-get clean
    chroot "$root" sh -c 'test -s /etc/machine-id || dbus-uuidgen >/etc/machine-id'
    touch "$root/.ready"
else
    mount_in
fi
# the host's Xvfb, reached through its socket
mkdir -p "$root/tmp/.X11-unix"
mount --bind /tmp/.X11-unix "$root/tmp/.X11-unix" && mounted+=("$root/tmp/.X11-unix")
if [ ! -S "/tmp/.X11-unix/X$display" ]; then
    Xvfb ":$display" -screen 0 1024x768x24 >/dev/null 2>&1 & pids+=($!)
    sleep 2
fi

say "dpkg -i $(basename "$deb")"
install -m 0644 "$deb" "$root/tmp/td.deb"
chroot "$root" dpkg -i /tmp/td.deb >/dev/null
rm -f "$root/tmp/td.deb"
desktop="$(chroot "$root" dpkg -L "$pkg" | grep '/applications/[^/]*\.desktop$' | head -1)"
exec_cmd="$(sed -n 's/^Exec=//p' "$root$desktop")"

# the clerk's fcitx 5 profile: English keyboard, then pinyin (Ctrl+Space switches)
chroot "$root" sh -c 'rm -rf /home/clerk/.config/fcitx5 /home/clerk/.config/ibus /home/clerk/.local/share/township-desk
    mkdir -p /home/clerk/.config/fcitx5'
cat >"$root/home/clerk/.config/fcitx5/profile" <<'PROFILE'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
PROFILE
chroot "$root" chown -R clerk:clerk /home/clerk/.config
as_clerk() {
    chroot --userspec=clerk:clerk "$root" env -i HOME=/home/clerk PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
        DISPLAY=":$display" "$@"
}
# an account, so the program opens its login window (用户名 has the focus)
as_clerk $exec_cmd user add admin --name 管理员 --role admin --password initial-1 >/dev/null 2>&1

# what a Kylin/UOS session does: a session bus, fcitx 5, QT_IM_MODULE=fcitx, then the program
cat >"$root/tmp/fcitx-session.sh" <<SESSION
#!/bin/sh
export XMODIFIERS=@im=fcitx QT_IM_MODULE=fcitx
fcitx5 >/tmp/fcitx5.log 2>&1 &
fpid=\$!
i=0; while [ ! -e "\$HOME/.config/ibus/bus/\$(cat /etc/machine-id)-unix-$display" ] && [ \$i -lt 120 ]; do sleep 1; i=\$((i+1)); done
$exec_cmd >/tmp/app.log 2>&1 &
apid=\$!
i=0; while ! xdotool search --onlyvisible --class township-desk >/dev/null 2>&1 && [ \$i -lt 180 ]; do sleep 1; i=\$((i+1)); done
sleep 5
w=\$(xdotool search --onlyvisible --class township-desk | head -1)
xdotool windowfocus --sync "\$w"; sleep 1
xdotool key ctrl+space; sleep 1
xdotool type --delay 150 zhangsan; sleep 2
xdotool key space; sleep 1
dbus-send --session --print-reply --dest=org.fcitx.Fcitx5 /controller org.fcitx.Fcitx.Controller1.DebugInfo >/tmp/fcitx-debug.txt
touch /tmp/typed
i=0; while [ ! -e /tmp/shot-done ] && [ \$i -lt 60 ]; do sleep 1; i=\$((i+1)); done
kill \$apid \$fpid 2>/dev/null || true
SESSION
chmod 0755 "$root/tmp/fcitx-session.sh"
say "fcitx 5 session on :$display, $exec_cmd, typing zhangsan"
t0=$(date +%s)
rm -f "$root/tmp/typed" "$root/tmp/shot-done"
as_clerk timeout 600 dbus-run-session -- /tmp/fcitx-session.sh & session=$!
while [ ! -e "$root/tmp/typed" ] && kill -0 "$session" 2>/dev/null; do sleep 1; done
venv_python="$(cd "$here/.." && pwd)/.venv/bin/python"
if [ -e "$root/tmp/typed" ] && [ -x "$venv_python" ]; then
    DISPLAY=":$display" QT_QPA_PLATFORM=xcb "$venv_python" -c 'import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication([])
sys.exit(0 if QGuiApplication.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)' "$shot" && echo "screen saved: $shot"
fi
touch "$root/tmp/shot-done"
wait "$session"
echo "session done in $(( $(date +%s) - t0 )) s"
cat "$root/tmp/fcitx-debug.txt"
grep -q 'frontend:ibus' "$root/tmp/fcitx-debug.txt" \
    || { echo "FAILED: fcitx 5 has no input context of the program (Qt's ibus plugin did not connect)" >&2; exit 1; }
echo "fcitx check OK: the program is an input context of fcitx 5 (IBus frontend); look at $shot for 张三"
