#!/usr/bin/env bash
# One command for a new user on a fresh machine: set up from source, create a training data folder
# with demo data, start a local county server on 127.0.0.1, enrol this PC to it, and start the app.
#   installer/start-from-source.sh            # the GUI
#   installer/start-from-source.sh --smoke    # build every screen offscreen and exit (CI)
# Environment: TOWNSHIP_DESK_DATA (data folder), COUNTY_PORT (default 8765).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SMOKE=0
[ "${1:-}" = "--smoke" ] && SMOKE=1

say() { printf '[township-desk] %s\n' "$*"; }

# Qt's system libraries and a CJK font on Debian-family systems (Kylin and UOS included).
if command -v apt-get >/dev/null 2>&1; then
  need=()
  for p in libglib2.0-0 libgl1 libxkbcommon0 libxkbcommon-x11-0 libegl1 libfontconfig1 libdbus-1-3 \
           libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-render-util0 libxcb-shape0 \
           libxcb-xinerama0 libxcb-randr0 fonts-wqy-microhei; do
    dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
  done
  "${PYTHON:-python3}" -c 'import venv, ensurepip' 2>/dev/null || need+=(python3-venv)
  if [ ${#need[@]} -gt 0 ]; then
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
    say "installing system packages: ${need[*]}"
    $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || say "could not install system packages; continuing"
  fi
fi

if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  "${PYTHON:-python3}" -m venv .venv
fi
# Both programs: the desktop app and the county server it enrols with (pyproject.toml extras).
.venv/bin/pip install -q --disable-pip-version-check -e '.[desktop,county]'
TD=".venv/bin/python -m desktop"
COUNTY=".venv/bin/python -m county"

DATA=${TOWNSHIP_DESK_DATA:-$HOME/.local/share/township-desk-demo}
PORT=${COUNTY_PORT:-8765}
URL="http://127.0.0.1:$PORT"
CDB="sqlite:///$DATA/county/county.sqlite3"
mkdir -p "$DATA/county"

# The training folder's administrator (docs/security.md): the database key is unlocked with an account's
# password when the PC has no OS key store, so the script's commands sign in as this administrator.
ADMIN_PW=${TOWNSHIP_DESK_ADMIN_PASSWORD:-shifan-admin-2026}
export TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD="$ADMIN_PW"

if [ ! -f "$DATA/settings.json" ]; then
  say "creating the training data folder $DATA"
  $TD --data-dir "$DATA" setup --center-name "示范镇社会治理服务中心" --township-code 220402 \
      --township-name "示范镇" --committee-name "示范镇人民调解委员会" --committee-short "示" --county-url "$URL" >/dev/null
  $TD --data-dir "$DATA" user add admin --name "管理员" --role admin --password admin123 >/dev/null 2>"$DATA/recovery-code.txt"
  # an initial password must be changed before the administrator can act
  TOWNSHIP_DESK_PASSWORD=admin123 $TD --data-dir "$DATA" user passwd admin --password "$ADMIN_PW" >/dev/null
  $TD --data-dir "$DATA" user add chuangkou --name "刘晓梅" --role clerk --password chuangkou123 >/dev/null
  $TD --data-dir "$DATA" user add tiaojie --name "赵德明" --role mediator --password tiaojie123 >/dev/null
  $TD --data-dir "$DATA" demo-data --cases 3000 --days 400 >/dev/null
fi

county_up() { .venv/bin/python - "$URL" <<'PY'
import sys, urllib.request
try:
    urllib.request.urlopen(sys.argv[1] + "/api/v1/health", timeout=1)
except Exception:
    sys.exit(1)
PY
}
SERVER_PID=""
if ! county_up; then
  say "starting the county server on $URL"
  $COUNTY serve --db "$CDB" --host 127.0.0.1 --port "$PORT" > "$DATA/county/server.log" 2>&1 &
  SERVER_PID=$!
  trap '[ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do county_up && break; sleep 0.5; done
  county_up || { say "the county server did not start; see $DATA/county/server.log"; exit 1; }
fi

if ! $TD --data-dir "$DATA" sync-status --json 2>/dev/null | grep -q '"enrolled": true'; then
  $COUNTY admin --db "$CDB" create-township --training --code 220402 --name "示范镇" --committee-name "示范镇人民调解委员会" >/dev/null 2>&1 || true
  $COUNTY admin --db "$CDB" create-item --township 220402 --kind assigned --title "关于东风村道路积水问题的交办件" \
      --content "请于期限内核实处理并反馈" --deadline "$(date -d '+5 days' +%F 2>/dev/null || date +%F)" >/dev/null 2>&1 || true
  $COUNTY admin --db "$CDB" create-item --township 220402 --kind grid_event --title "红旗村3组邻里噪音纠纷" >/dev/null 2>&1 || true
  $COUNTY admin --db "$CDB" create-item --township 220402 --kind appointment --title "网上预约：咨询宅基地确权" >/dev/null 2>&1 || true
  CODE=$($COUNTY admin --db "$CDB" enroll-code --township 220402 --json | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  say "enrolling this PC with the county server"
  $TD --data-dir "$DATA" enroll --server "$URL" --code "$CODE" --name "窗口1号机" >/dev/null
fi
$TD --data-dir "$DATA" sync --once >/dev/null 2>&1 || say "first sync did not finish; the app will retry"

say "data folder: $DATA — sign in as admin / $ADMIN_PW (or chuangkou / chuangkou123, tiaojie / tiaojie123, who must choose new passwords at first sign-in)"
if [ "$SMOKE" = 1 ]; then
  QT_QPA_PLATFORM=offscreen $TD --data-dir "$DATA" --smoke
else
  env -u TOWNSHIP_DESK_USER -u TOWNSHIP_DESK_PASSWORD $TD --data-dir "$DATA"  # the login dialog unlocks
fi
