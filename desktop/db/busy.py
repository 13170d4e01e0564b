"""Who holds the database: long jobs announce themselves next to the database file, so a writer that has
to wait can say in Chinese what it waits for ("正在生成演示数据（进程 1234）")."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path


def _marker(db_path: Path, pid: int) -> Path:
    return db_path.with_name(f".busy-{pid}.json")


@contextmanager
def announce(db_path: Path, label: str) -> Iterator[None]:
    """While the block runs, a marker file names this job (`label`, e.g. "生成演示数据") and its process."""
    path = _marker(db_path, os.getpid())
    with suppress(OSError):
        path.write_text(json.dumps({"label": label, "pid": os.getpid()}, ensure_ascii=False), encoding="utf-8")
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else (or not checkable on this platform)
    return True


def holders(db_path: Path) -> list[str]:
    """Labels of the live jobs announced for this database (stale markers of killed jobs are removed)."""
    out: list[str] = []
    for path in sorted(db_path.parent.glob(".busy-*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            pid = int(data["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if pid == os.getpid():
            continue
        if not _alive(pid):
            path.unlink(missing_ok=True)
            continue
        out.append(f"“{data.get('label', '')}”（进程 {pid}）")
    return out


def holder_text(db_path: Path) -> str:
    found = holders(db_path)
    return "、".join(found) if found else "其他程序（另一个窗口、同步或备份）"
