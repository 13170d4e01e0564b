#!/usr/bin/env bash
# Install the built .deb on this machine (root), run it as a user would, remove it, check the user's
# data survives, reinstall and check the data still opens, then remove the package again.
#   sudo installer/deb-roundtrip.sh [path/to/township-desk_*.deb]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
deb="${1:-$(ls -t "$here"/dist/township-desk_*.deb 2>/dev/null | head -1)}"
[ -f "$deb" ] || { echo "no .deb found (run installer/build-linux first)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "run as root (dpkg -i / dpkg -r)" >&2; exit 2; }
if dpkg-query -W -f='${Status}' township-desk 2>/dev/null | grep -q "install ok installed"; then
    echo "township-desk is already installed; remove it first (dpkg -r township-desk)" >&2; exit 2
fi

home="$(mktemp -d)"
trap 'rm -rf "$home"; dpkg -P township-desk >/dev/null 2>&1 || true' EXIT
# as a user would run it: menu/PATH command, no virtualenv, no PYTHONPATH
run() { env -i HOME="$home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
  ${TOWNSHIP_DESK_USER:+TOWNSHIP_DESK_USER="$TOWNSHIP_DESK_USER"} ${TOWNSHIP_DESK_PASSWORD:+TOWNSHIP_DESK_PASSWORD="$TOWNSHIP_DESK_PASSWORD"} "$@"; }
data="$home/.local/share/township-desk"
step() { echo "== $*"; }

step "install $(basename "$deb")"
dpkg -i "$deb" >/dev/null
test -x /usr/bin/township-desk
test -x /opt/township-desk/township-desk
test -f /usr/share/applications/township-desk.desktop
test -f /usr/share/icons/hicolor/256x256/apps/township-desk.png
grep -q '^Name\[zh_CN\]=乡镇社会治理工作台$' /usr/share/applications/township-desk.desktop
if command -v desktop-file-validate >/dev/null; then desktop-file-validate /usr/share/applications/township-desk.desktop; fi
exec_cmd="$(sed -n 's/^Exec=//p' /usr/share/applications/township-desk.desktop)"
echo "menu entry runs: $exec_cmd -> $(command -v "$exec_cmd")"

step "smoke from the installed command (menu entry's Exec)"
t0=$(date +%s.%N)
run "$exec_cmd" --smoke
echo "smoke took $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"

step "create user data in the default data folder"
run township-desk user add admin --name 管理员 --role admin --password secret12
TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=secret12 run township-desk user passwd admin --password secret-13
export TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=secret-13  # unlocks the database key (no OS key store)
run township-desk demo-data --cases 300 >/dev/null
test -f "$data/township.sqlite3"
before="$(run township-desk stats --json --from 2000-01-01 | sha256sum)"

step "remove the package"
dpkg -r township-desk >/dev/null
test ! -e /opt/township-desk && test ! -e /usr/bin/township-desk && test ! -e /usr/share/applications/township-desk.desktop
test -f "$data/township.sqlite3" && test -f "$data/settings.json"
echo "data folder kept: $(du -sh "$data" | cut -f1) in $data"

step "purge, then check again"
dpkg -P township-desk >/dev/null 2>&1 || true
test -f "$data/township.sqlite3"

step "reinstall and open the kept data"
dpkg -i "$deb" >/dev/null
run township-desk check
run township-desk user list | grep -q '^admin'
after="$(run township-desk stats --json --from 2000-01-01 | sha256sum)"
[ "$before" = "$after" ] || { echo "statistics differ after reinstall" >&2; exit 1; }
dpkg -P township-desk >/dev/null  # leave the machine as it was
test -f "$data/township.sqlite3"
echo "deb round trip OK"
