"""Two programs from one tree: the county server installs without the desktop's libraries, the office-PC
bundle ships no server code, and the wire format both speak is a small set of standard-library modules.

docs/architecture.md ("Two distributions") describes the split; pyproject.toml's extras implement it.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# The shared wire format: what county/ may import from desktop/, and all it needs.
WIRE = {"desktop.sync.protocol", "desktop.domain.records", "desktop.domain.numbering"}
DESKTOP_ONLY = ("PySide6", "reportlab", "openpyxl", "requests")


def _imports(path: Path) -> set[str]:
    """Absolute module names a file imports (relative imports resolved inside its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                out.add(f"{base}.{node.module}" if node.module else base)
            elif node.module:
                out.add(node.module)
    return out


def test_county_imports_only_the_wire_format_from_desktop() -> None:
    used: dict[str, str] = {}
    for path in ROOT.joinpath("county").rglob("*.py"):
        for name in _imports(path):
            if name == "desktop" or name.startswith("desktop."):
                used[name] = str(path.relative_to(ROOT))
    assert used, "county/ is expected to speak the shared wire format"
    assert set(used) <= WIRE, {k: v for k, v in used.items() if k not in WIRE}


# The record vocabulary (desktop/domain/records.py): the protocol module imports it to speak of records,
# but nobody else takes it from there (issue 15: "no import from desktop/db or county/ into
# desktop/sync/protocol for vocabulary").
PROTOCOL = "desktop.sync.protocol"


def _top_level_names(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


VOCABULARY = _top_level_names(ROOT / "desktop" / "domain" / "records.py")


def vocabulary_taken_from_protocol(path: Path) -> list[str]:
    """Record-vocabulary names one file takes from the protocol module (`from … import Entity` or
    `p.Entity` where `p` is the protocol module under any alias, relative imports included)."""
    source = path.read_text(encoding="utf-8")
    if "protocol" not in source:
        return []
    tree = ast.parse(source)
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    aliases: set[str] = set()
    taken: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname for a in node.names if a.name == PROTOCOL and a.asname}
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
            module = (f"{base}.{node.module}" if node.module else base) if node.level else node.module
            for a in node.names:
                if module == PROTOCOL and (a.name in VOCABULARY or a.name == "*"):
                    taken.append(a.name)
                elif f"{module}.{a.name}" == PROTOCOL:
                    aliases.add(a.asname or a.name)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in VOCABULARY:
            owner = ast.unparse(node.value)
            if owner in aliases or owner == PROTOCOL:
                taken.append(f"{owner}.{node.attr}")
    return taken


def test_nobody_takes_the_record_vocabulary_from_the_protocol_module() -> None:
    assert {"Entity", "Action", "APPEND_ONLY", "ENTITY_LABELS", "entity_label"} <= VOCABULARY
    offenders = {
        str(path.relative_to(ROOT)): taken
        for top in ("desktop", "county", "bench", "installer", "tests")
        for path in ROOT.joinpath(top).rglob("*.py")
        if path != ROOT / "desktop" / "sync" / "protocol.py" and (taken := vocabulary_taken_from_protocol(path))
    }
    assert not offenders, f"import these from desktop.domain.records instead: {offenders}"


def test_the_wire_format_needs_only_the_standard_library() -> None:
    for module in WIRE:
        path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
        for name in _imports(path):
            top = name.split(".")[0]
            assert name in WIRE or name == "__future__" or top in sys.stdlib_module_names, (module, name)
    for package in ("desktop", "desktop/sync", "desktop/domain"):
        init = ROOT / package / "__init__.py"
        assert not init.read_text(encoding="utf-8").strip(), f"{init} must stay empty: the county imports through it"


def test_pyproject_keeps_the_desktop_libraries_out_of_the_base_and_county() -> None:
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = " ".join(project["dependencies"])
    county = " ".join(project["optional-dependencies"]["county"])
    desktop = " ".join(project["optional-dependencies"]["desktop"])
    for lib in DESKTOP_ONLY:
        assert lib not in base and lib not in county
        assert lib in desktop
    for lib in ("fastapi", "uvicorn", "psycopg"):
        assert lib not in base and lib not in desktop
    assert project["requires-python"].startswith(">=3.11")
    assert sys.version_info >= (3, 11)


def test_the_bundle_spec_ships_no_server_code() -> None:
    spec = ROOT.joinpath("installer", "township-desk.spec").read_text(encoding="utf-8")
    tree = ast.parse(spec)
    excludes = next(
        node.value for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "excludes" for t in node.targets)
    )
    listed = {c.value for c in ast.walk(excludes) if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    assert {"county", "fastapi", "uvicorn", "psycopg"} <= listed
    # Data files: nothing under county/ (its migrations are server code too).
    assert '"county"' not in spec.split("datas = [", 1)[1].split("hiddenimports", 1)[0]


@pytest.mark.slow  # a fresh venv and a wheel build (pip's cache keeps it offline-friendly)
def test_a_county_only_install_has_no_qt_and_runs(tmp_path: Path) -> None:
    # Build from a copy so the worktree gets no build/ or egg-info.
    src = tmp_path / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for package in ("desktop", "county"):
        shutil.copytree(ROOT / package, src / package, ignore=ignore)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    py = venv / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"{src}[county]"],
                   check=True, env=env, cwd=tmp_path, timeout=900)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*args], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)

    for lib in DESKTOP_ONLY:
        probe = run(str(py), "-c", f"import {lib}")
        assert probe.returncode != 0 and "ModuleNotFoundError" in probe.stderr, (lib, probe.stderr)
    helped = run(str(venv / "bin" / "county-platform"), "--help")
    assert helped.returncode == 0, helped.stderr
    assert "serve" in helped.stdout and "admin" in helped.stdout
    # The server's app and its migrations load and run against a fresh SQLite file.
    db = tmp_path / "county.sqlite3"
    made = run(str(venv / "bin" / "county-platform"), "admin", "--db", f"sqlite:///{db}", "create-township",
               "--code", "220402", "--name", "示范镇", "--committee-name", "示范镇人民调解委员会")
    assert made.returncode == 0, made.stderr
    app = run(str(py), "-c", "import county.app, sys; print(sorted(m for m in sys.modules if m.startswith('desktop')))")
    assert app.returncode == 0, app.stderr
    assert set(ast.literal_eval(app.stdout.strip())) <= WIRE | {"desktop", "desktop.sync", "desktop.domain"}
