#!/usr/bin/env bash
# Screenshots of every main screen for README/docs: a demo data folder, the real app window under Xvfb,
# one PNG per screen into docs/screenshots/ (each under 300 KB).
#   installer/screenshots.sh [cases]      (default 2000 demo cases)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
[ -x "$PY" ] || PY=/work/main/.venv/bin/python
CASES=${1:-2000}
DATA=$(mktemp -d /tmp/td-shots.XXXXXX)
trap 'rm -rf "$DATA"' EXIT
"$PY" -m desktop --data-dir "$DATA" demo-data --cases "$CASES" >/dev/null
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1366x768x24 -dpi 96" \
  "$PY" -m desktop.ui.screenshots --data-dir "$DATA" --out docs/screenshots
