"""Print the requirements of the office-PC bundle, one per line, from pyproject.toml: the base
dependencies plus the `installer` extra, with this project's own extras (`township-desk[desktop]`)
expanded. Used by installer/build-linux --floor and installer/build-arm64.sh to fill a venv without
installing the project itself (the spec takes the app's code from the checkout).
  python3 installer/bundle_requirements.py [--pyside VERSION]   (VERSION replaces the PySide6 pins)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def requirements(pyside: str | None = None) -> list[str]:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    name, extras = project["name"], project.get("optional-dependencies", {})
    out: list[str] = []

    def add(reqs: list[str]) -> None:
        for req in reqs:
            own = re.fullmatch(rf"{re.escape(name)}\[([^\]]+)\]", req.strip())
            if own:
                for extra in own.group(1).split(","):
                    add(extras[extra.strip()])
            elif req not in out:
                out.append(req)

    add(project.get("dependencies", []) + extras["installer"])
    if pyside:
        out = [r.split("==")[0] + "==" + pyside if r.startswith("PySide6") else r for r in out]
    return out


if __name__ == "__main__":
    version = sys.argv[sys.argv.index("--pyside") + 1] if "--pyside" in sys.argv else None
    print("\n".join(requirements(version)))
