"""Every tr()/translate() string of desktop/ui is in the zh_CN catalogue, translated, and compiled.

lupdate (the same tool installer/update_translations.sh runs) reads the sources into a scratch copy of
the committed catalogue; any (context, source) it finds that the committed .ts lacks fails the test.
Fix: run installer/update_translations.sh and commit both files."""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "township_desk_zh_CN.ts"
BIN = Path(sys.executable).parent


def _messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    out: dict[tuple[str, str], ET.Element] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is not None and translation.get("type") in ("vanished", "obsolete"):
                continue
            out[(name, message.findtext("source") or "")] = message
    return out


def _tool(name: str) -> str:
    found = BIN / name
    return str(found) if found.exists() else (shutil.which(name) or name)


def test_every_ui_string_is_in_the_catalogue(tmp_path: Path) -> None:
    scratch = tmp_path / TS.name
    shutil.copy(TS, scratch)
    sources = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "desktop" / "ui").rglob("*.py"))
    subprocess.run([_tool("pyside6-lupdate"), "-silent", "-source-language", "zh_CN", "-target-language", "zh_CN",
                    *sources, "-ts", str(scratch)], cwd=ROOT, check=True, capture_output=True, timeout=120)
    found, committed = _messages(scratch), _messages(TS)
    missing = sorted(set(found) - set(committed))
    assert not missing, ("strings not in the catalogue (run installer/update_translations.sh): "
                         + "; ".join(f"{c}: {s}" for c, s in missing[:20]))
    assert len(found) > 700
    # A string lupdate cannot tie to the context it is looked up in never reaches the screen through the
    # catalogue: a module-level tr() helper files it under no context, an aliased translate() makes the
    # context name the "source". Write tr() as self.tr(...) or QCoreApplication.translate("Context", "…").
    misfiled = sorted(f"{c or '(no context)'}: {s}" for c, s in found if not c or (s.isascii() and s.isidentifier()))
    assert not misfiled, misfiled


def test_every_catalogue_entry_is_translated_and_compiled(tmp_path: Path) -> None:
    unfinished = [src for (_, src), m in _messages(TS).items()
                  if (t := m.find("translation")) is None or t.get("type") == "unfinished"
                  or not ("".join(t.itertext()).strip())]
    assert not unfinished, unfinished[:20]
    qm = tmp_path / "out.qm"
    subprocess.run([_tool("pyside6-lrelease"), "-silent", str(TS), "-qm", str(qm)], check=True, timeout=120)
    assert qm.read_bytes() == TS.with_suffix(".qm").read_bytes(), "the .qm is older than the .ts: run installer/update_translations.sh"
