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


def _cxx_needed(path: Path) -> list[tuple[int, ...]]:
    out = subprocess.run(["readelf", "-V", "--wide", str(path)], capture_output=True, text=True, check=True).stdout
    needs = out.split("Version needs section", 1)[-1] if "Version needs section" in out else ""
    return [tuple(int(p) for p in v.split(".")) for v in re.findall(r"Name: GLIBCXX_([0-9.]+)", needs)]


def _bundle_of(tmp_path: Path, files: list[Path]) -> Path:
    bundle = tmp_path / "bundle"
    (bundle / "_internal").mkdir(parents=True, exist_ok=True)
    for src in files:
        shutil.copy(src, bundle / "_internal" / src.name)
    return bundle


def test_ceiling_fails_and_names_the_worst_file(tmp_path: Path) -> None:
    exe = Path(sys.executable).resolve()
    newest = max(_needed(exe))
    bundle = _bundle_of(tmp_path, [exe])
    ceiling = ".".join(map(str, newest))
    below = f"{newest[0]}.{newest[1] - 1}"

    ok = subprocess.run([str(SCRIPT), str(bundle), "--max", ceiling], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert "floor OK" in ok.stdout

    over = subprocess.run([str(SCRIPT), str(bundle), "--max", below], capture_output=True, text=True)
    assert over.returncode == 1
    assert f"need more than GLIBC_{below}; worst: _internal/{exe.name} (GLIBC_{ceiling})" in over.stderr
    # the same ceiling from the environment, as build-linux --floor and CI use it
    env_over = subprocess.run([str(SCRIPT), str(bundle)], capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "GLIBC_FLOOR_MAX": below})
    assert env_over.returncode == 1 and "worst:" in env_over.stderr


def _system_cxx_program() -> Path | None:
    for name in ("apt-get", "apt", "dpkg-deb", "gpgv", "c++filt"):
        found = shutil.which(name)
        if found and _cxx_needed(Path(found).resolve()):
            return Path(found).resolve()
    return None


def test_libstdcxx_needs_are_checked_but_its_own_definitions_are_not(tmp_path: Path) -> None:
    program = _system_cxx_program()
    libstdcxx = next((p for p in Path("/usr/lib").glob("*/libstdc++.so.6") if p.exists()), None)
    if program is None or libstdcxx is None:
        pytest.skip("no C++ program or libstdc++ on this system")
    needed = max(_cxx_needed(program))
    # libstdc++ itself defines GLIBCXX_3.4.x up to its own version but needs none: it must not count
    bundle = _bundle_of(tmp_path, [libstdcxx.resolve()])
    only_lib = subprocess.run([str(SCRIPT), str(bundle), "--max", "9.99"], capture_output=True, text=True)
    assert "GLIBCXX_none" in only_lib.stdout, only_lib.stdout
    assert only_lib.returncode == 0, only_lib.stderr

    bundle = _bundle_of(tmp_path, [program])
    below = ".".join(map(str, (*needed[:-1], needed[-1] - 1)))
    result = subprocess.run([str(SCRIPT), str(bundle), "--max", "9.99"], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "GLIBCXX_MAX": below})
    assert result.returncode == 1
    assert f"need more than GLIBCXX_{below}; worst: _internal/{program.name}" in result.stderr
