"""README's test command is the one CI runs (`bash .ci/run`), and what README says that command runs
is what .ci/run runs: the not-slow selection on two xdist workers, then the slow tests one at a time."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT.joinpath("README.md").read_text(encoding="utf-8")
CI = ROOT.joinpath(".ci", "run").read_text(encoding="utf-8")


def test_readme_runs_the_tests_with_the_ci_script() -> None:
    section = README.split("## Run the tests", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```bash\n(.*?)```", section, re.S)
    assert blocks and blocks[0].strip() == "bash .ci/run"


def test_readme_names_the_pytest_runs_of_the_ci_script() -> None:
    runs = re.findall(r'pytest -q -p no:cacheprovider (-m "not slow" -n 2|-m slow)\n', CI)
    assert runs == ['-m "not slow" -n 2', "-m slow"], runs
    assert '`pytest -m "not slow" -n 2`' in README and "`pytest -m slow`" in README
    project = tomllib.loads(ROOT.joinpath("pyproject.toml").read_text(encoding="utf-8"))
    assert any(d.startswith("pytest-xdist==") for d in project["project"]["optional-dependencies"]["test"])
    assert "--dist loadfile" in project["tool"]["pytest"]["ini_options"]["addopts"]
