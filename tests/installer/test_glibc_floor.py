"""installer/glibc-floor.sh on real ELF files: the floor is the newest GLIBC version any file needs."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "installer" / "glibc-floor.sh"
pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("readelf") is None, reason="needs Linux and binutils"
)


def _needed(path: Path) -> list[tuple[int, ...]]:
    out = subprocess.run(["readelf", "-V", "--wide", str(path)], capture_output=True, text=True, check=True).stdout
    return [tuple(int(p) for p in v.split(".")) for v in re.findall(r"Name: GLIBC_([0-9.]+)", out)]


def test_floor_is_the_newest_needed_version(tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True)
    candidates = [Path(sys.executable).resolve(), Path("/bin/ls"), Path("/bin/true")]
    copied = []
    for src in candidates:
        if src.exists() and _needed(src):
            dest = bundle / "_internal" / f"{len(copied)}-{src.name}"
            shutil.copy(src, dest)
            copied.append(dest)
    (bundle / "notes.txt").write_text("not an ELF file")
    assert copied
    expected = max(v for f in copied for v in _needed(f))

    out = subprocess.run([str(SCRIPT), str(bundle), "--list"], capture_output=True, text=True, check=True).stdout
    floor = re.search(r"glibc floor: GLIBC_([0-9.]+) .*; (\d+) ELF files checked", out)
    assert floor is not None, out
    assert tuple(int(p) for p in floor.group(1).split(".")) == expected
    assert int(floor.group(2)) == len(copied)  # the text file was skipped
    assert "notes.txt" not in out


def test_no_bundle_is_an_error(tmp_path: Path) -> None:
    result = subprocess.run([str(SCRIPT), str(tmp_path / "missing")], capture_output=True, text=True)
    assert result.returncode == 2 and "no bundle" in result.stderr
    (tmp_path / "empty").mkdir()
    result = subprocess.run([str(SCRIPT), str(tmp_path / "empty")], capture_output=True, text=True)
    assert result.returncode == 1
