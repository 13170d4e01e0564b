#!/usr/bin/env bash
# Regenerate the Qt translation source (.ts) from every tr() string under desktop/ui and compile it (.qm).
# Source strings are Simplified Chinese, so zh_CN needs no translating: an unfinished entry shows its source.
# Rerun after adding screens; commit both files (they are small).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${PYSIDE_BIN:-$(dirname "$(command -v python3)")}
[ -x "$BIN/pyside6-lupdate" ] || BIN=.venv/bin
[ -x "$BIN/pyside6-lupdate" ] || BIN=/work/main/.venv/bin
TS=resources/translations/township_desk_zh_CN.ts
mapfile -t SOURCES < <(find desktop/ui -name '*.py' | sort)
"$BIN/pyside6-lupdate" -no-obsolete -source-language zh_CN -target-language zh_CN "${SOURCES[@]}" -ts "$TS"
# zh_CN is the source language: fill each new entry with its source text (marked finished) so the
# compiled catalog is complete; a center may still reword any entry in Qt Linguist.
"$BIN/python" - "$TS" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
# Source texts are XML-escaped, so "[^<]*" keeps each match inside one <message>.
# lupdate's same-text heuristic leaves entries "unfinished" with the source already filled in: finish those too.
pattern = re.compile(r"(<source>([^<]*)</source>(?:\s*<comment>[^<]*</comment>)?\s*)<translation type=\"unfinished\">(?:\s*|\2)</translation>")
text = pattern.sub(lambda m: m.group(1) + "<translation>" + m.group(2) + "</translation>", text)
# Plural (%n) entries: Chinese has one plural form, the source itself.
plural = re.compile(r"(<source>([^<]*)</source>(?:\s*<comment>[^<]*</comment>)?\s*)<translation type=\"unfinished\">\s*<numerusform>(?:|\2)</numerusform>\s*</translation>")
text = plural.sub(lambda m: m.group(1) + "<translation><numerusform>" + m.group(2) + "</numerusform></translation>", text)
open(path, "w", encoding="utf-8").write(text)
PY
"$BIN/pyside6-lrelease" -silent "$TS" -qm "${TS%.ts}.qm"
echo "updated $TS and ${TS%.ts}.qm ($(grep -c '<message' "$TS") strings)"
