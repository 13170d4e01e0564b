#!/usr/bin/env bash
# Build the one-folder bundle and run `township-desk --smoke` from it offscreen; print the figures
# (build time, bundle size, smoke start-to-exit time). Exit status: non-zero if the build or smoke fails.
#   installer/smoke.sh [--skip-build]
# Environment: PYTHON (default .venv/bin/python of the repository, else python3) with `.[installer]`.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
if [ -z "${PYTHON:-}" ]; then
    if [ -x "$root/.venv/bin/python" ]; then PYTHON="$root/.venv/bin/python"; else PYTHON=python3; fi
fi
bundle="$here/dist/township-desk"
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

if [ "${1:-}" != "--skip-build" ]; then
    t0=$(now)
    "$PYTHON" -m PyInstaller --noconfirm --log-level WARN --distpath "$here/dist" --workpath "$here/build" \
        "$here/township-desk.spec"
    echo "build time: $(secs "$t0" "$(now)") s"
fi
[ -x "$bundle/township-desk" ] || { echo "no bundle at $bundle" >&2; exit 2; }
echo "bundle size: $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files)"
"$here/glibc-floor.sh" "$bundle"
# No server code in the office-PC bundle (docs/architecture.md, "Two distributions"): no county module or
# web-server module in its archive, and no county/ folder on disk (the server's migrations included).
listing="$("$PYTHON" -m PyInstaller.utils.cliutils.archive_viewer -r -b "$bundle/township-desk")"
grep -q '^[[:space:]]*desktop\.db\.open$' <<<"$listing" || { echo "cannot list the bundle's archive" >&2; exit 1; }
server_code="$( { echo "$listing" | grep -E '^[[:space:]]*(county|fastapi|starlette|uvicorn|psycopg)(\.|$)'; \
    find "$bundle" -type d -name county; } || true)"
if [ -n "$server_code" ]; then echo "server code in the bundle:" >&2; echo "$server_code" | head -20 >&2; exit 1; fi
echo "server code in the bundle: none"

data="$(mktemp -d)"
trap 'rm -rf "$data"' EXIT
# A clean environment: no virtualenv, no PYTHONPATH, only the system's PATH.
run() { env -i HOME="$data/home" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen \
    ${TOWNSHIP_DESK_USER:+TOWNSHIP_DESK_USER="$TOWNSHIP_DESK_USER"} ${TOWNSHIP_DESK_PASSWORD:+TOWNSHIP_DESK_PASSWORD="$TOWNSHIP_DESK_PASSWORD"} "$@"; }
# first start (cold page cache for the bundle's files is not forced; the second run is the warm figure)
for label in first second; do
    t0=$(now)
    run "$bundle/township-desk" --smoke >"$data/smoke.log" 2>&1 || { cat "$data/smoke.log" >&2; echo "smoke FAILED" >&2; exit 1; }
    echo "smoke ($label run): $(secs "$t0" "$(now)") s — $(grep -E '^smoke:' "$data/smoke.log" | tail -1)"
done
# The real X11 path (xcb platform plugin against the host's X libraries), when Xvfb is there
if command -v xvfb-run >/dev/null; then
    t0=$(now)
    env -i HOME="$data/home" PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 QT_QPA_PLATFORM=xcb \
        xvfb-run -a "$bundle/township-desk" --smoke >"$data/smoke.log" 2>&1 \
        || { cat "$data/smoke.log" >&2; echo "smoke under Xvfb FAILED" >&2; exit 1; }
    echo "smoke (X11 via Xvfb): $(secs "$t0" "$(now)") s — $(grep -E '^smoke:' "$data/smoke.log" | tail -1)"
fi
t0=$(now)
run "$bundle/township-desk" --help >/dev/null
echo "CLI --help: $(secs "$t0" "$(now)") s"

# Documents from the bundle: reportlab and the bundled fonts (a receipt for a demo case)
# The database is encrypted and its key unwrapped by an account: an administrator first, as an installer does.
run "$bundle/township-desk" --data-dir "$data/docs" user add admin --name 管理员 --role admin --password initial-1 >/dev/null 2>&1
TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=initial-1 \
    run "$bundle/township-desk" --data-dir "$data/docs" user passwd admin --password smoke-admin-1 >/dev/null
export TOWNSHIP_DESK_USER=admin TOWNSHIP_DESK_PASSWORD=smoke-admin-1
run "$bundle/township-desk" --data-dir "$data/docs" demo-data --cases 50 >/dev/null 2>&1
if [ -x .venv/bin/python ]; then
    # Read a case number through the project's own driver, unlocked with the administrator's password.
    number="$(.venv/bin/python -c 'import sys; from pathlib import Path; from desktop.db import cipher, keys; d = Path(sys.argv[1]); c = cipher.connect(d / "township.sqlite3", keys.unlock(d, "admin", "smoke-admin-1")); print(c.execute("SELECT number FROM cases ORDER BY number LIMIT 1").fetchone()[0])' "$data/docs")"
    t0=$(now)
    run "$bundle/township-desk" --data-dir "$data/docs" print receipt "$number" --out "$data/receipt.pdf" >/dev/null
    head -c 5 "$data/receipt.pdf" | grep -q '%PDF-' || { echo "receipt is not a PDF" >&2; exit 1; }
    if command -v pdftotext >/dev/null; then
        pdftotext "$data/receipt.pdf" - | grep -q '回执' || { echo "receipt text missing" >&2; exit 1; }
    fi
    echo "receipt PDF from the bundle: $(secs "$t0" "$(now)") s, $(stat -c %s "$data/receipt.pdf") bytes"
fi
echo "smoke OK"
