"""installer/floor_verneed.py on a real ELF file built here: a version need no symbol uses is dropped,
one still in use is refused. Opt-in (TD_FLOOR_PATCH_TESTS=1), like the rest of the arm64 floor patch,
which runs by hand and not in CI; needs cc, patchelf, readelf and a glibc >= 2.29 (pow@GLIBC_2.29)."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "installer" / "floor_verneed.py"
pytestmark = pytest.mark.skipif(
    os.environ.get("TD_FLOOR_PATCH_TESTS") != "1"
    or not all(shutil.which(t) for t in ("cc", "patchelf", "readelf")),
    reason="opt-in: TD_FLOOR_PATCH_TESTS=1, with cc, patchelf and readelf",
)


def _needs(path: Path) -> list[str]:
    out = subprocess.run(
        ["readelf", "-V", "--wide", str(path)], capture_output=True, text=True, check=True
    ).stdout
    return re.findall(r"Name: (GLIBC_[0-9.]+)", out.split("Version needs section")[-1])


def _prune(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(path), "GLIBC_2.29"], capture_output=True, text=True
    )


@pytest.mark.parametrize(
    ("body", "how"),
    [
        # libm's chain also holds sin's base version: the GLIBC_2.29 entry is unlinked
        ("return pow(x, y) + sin(0.0 * x);", "removed"),
        # GLIBC_2.29 is libm's only entry: renamed to the oldest GLIBC version the file needs (strtod's)
        ('return pow(x, y) + strtod("0", 0);', "renamed to GLIBC_"),
    ],
)
def test_unused_version_need_is_dropped_and_used_one_refused(tmp_path: Path, body: str, how: str) -> None:
    src = tmp_path / "p.c"
    src.write_text(
        "#include <math.h>\n#include <stdlib.h>\ndouble td_pow(double x, double y) { " + body + " }\n"
    )
    lib = tmp_path / "libp.so"
    subprocess.run(["cc", "-O0", "-shared", "-fPIC", "-o", str(lib), str(src), "-lm"], check=True)
    if "GLIBC_2.29" not in _needs(lib):
        pytest.skip("this C library's pow is not GLIBC_2.29")

    refused = _prune(lib)  # pow still carries the version: the need must stay
    assert refused.returncode != 0 and "still used" in refused.stderr + refused.stdout
    assert "GLIBC_2.29" in _needs(lib)

    subprocess.run(["patchelf", "--clear-symbol-version", "pow", str(lib)], check=True)
    assert "GLIBC_2.29" in _needs(lib)  # what patchelf alone leaves behind
    done = _prune(lib)
    assert done.returncode == 0 and f"GLIBC_2.29: {how}" in done.stdout, done.stderr
    assert "GLIBC_2.29" not in _needs(lib) and _needs(lib)  # the other needs are still readable
    assert _prune(lib).stdout == ""  # nothing left to do

    f = ctypes.CDLL(str(lib)).td_pow  # loads, and pow binds to the C library's default version
    f.restype, f.argtypes = ctypes.c_double, [ctypes.c_double, ctypes.c_double]
    assert f(2.0, 10.0) == 1024.0
