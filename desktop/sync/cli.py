"""CLI: enroll, sync --once / --watch, sync-status, sync-problems (registered into desktop.cli)."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .errors import SyncError

if TYPE_CHECKING:
    from desktop.cli import CliApp, Handler

    AddFn = Callable[[str, Handler, str], argparse.ArgumentParser]
else:
    AddFn = Any


def _print(data: Any, as_json: bool, text: str) -> None:
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
    else:
        print(text)


def cmd_enroll(args: argparse.Namespace, app: CliApp) -> int:
    from . import api

    try:
        result = api.enroll(app.paths, args.server, args.code, args.name or "乡镇工作台")
    except SyncError as e:
        print(f"登记失败：{e.message}", file=sys.stderr)
        return 1
    labels = {"case": "案件编号", "file": "卷号", "agreement": "协议编号"}
    moved = [f"{labels[r['series']]} {r['old']} 改为 {r['new']}" for r in result.get("renumbered", [])]
    notice = (f"\n登记前编的 {len(moved)} 个号已改为本机专用号段（防止与其他电脑重复），已打印的文书请按新号更正：\n"
              + "\n".join(moved)) if moved else ""
    _print(result, args.json,
           f"已登记：{result['township_name']}（{result['township_code']}），本机序号 {result['device_slot']}" + notice)
    return 0


def _progress(phase: str, done: int, total: int | None) -> None:
    from .engine import PHASE_LABELS

    print(f"  {PHASE_LABELS.get(phase, phase)} {done}…", file=sys.stderr)


def cmd_sync(args: argparse.Namespace, app: CliApp) -> int:
    from . import api

    if args.watch:
        return _watch(args, app)
    try:
        report = api.sync_once(app.paths, progress=None if args.json else _progress)
    except SyncError as e:
        _print({"ok": False, "message": e.message, "error_code": e.code, "state": e.state}, args.json, f"同步失败：{e.message}")
        return 1
    _print(report.to_dict(), args.json, report.message)
    # Exit 0 only when everything queued has been answered and the whole feed was read.
    return 0 if report.ok and report.outbox_drained and report.pull_complete else 1


def _watch(args: argparse.Namespace, app: CliApp) -> int:
    from . import api

    stop = threading.Event()

    def on_signal(_signum: int, _frame: Any) -> None:
        stop.set()

    signal.signal(signal.SIGINT, on_signal)
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, on_signal)
    print(f"自动同步已启动（每 {args.interval:g} 秒），按 Ctrl-C 停止", file=sys.stderr)

    def on_report(report: Any) -> None:
        _print(report.to_dict(), args.json, report.message)

    try:
        api.watch(app.paths, stop, interval=args.interval, probe_interval=min(args.interval, 15.0), on_report=on_report)
    except SyncError as e:
        print(f"同步已停止：{e.message}", file=sys.stderr)
        return 1
    print("自动同步已停止", file=sys.stderr)
    return 0


def cmd_sync_status(args: argparse.Namespace, app: CliApp) -> int:
    from . import api

    s = api.status(app.paths)
    c = s.counts
    text = (
        f"同步状态：{s.label}\n待上传 {s.pending} 条（排队 {c['queued']}，发送中 {c['sending']}），"
        f"已同步 {c['synced']} 条，被退回 {c['rejected']} 条，冲突 {c['conflict']} 条\n"
        f"上次成功：{s.last_success or '无'}\n上次错误：{s.last_error or '无'}"
    )
    if s.clock_warning:
        text += f"\n{s.clock_warning}"
    _print(s.to_dict(), args.json, text)
    return 0


def cmd_sync_problems(args: argparse.Namespace, app: CliApp) -> int:
    from . import api

    if args.requeue:
        new_id = api.requeue(app.paths, args.requeue)
        _print({"requeued": args.requeue, "op_id": new_id}, args.json, "已重新排队发送")
        return 0
    if args.dismiss:
        actor = app.signed_in("不接收县平台下发的记录", admin=False)
        api.dismiss(app.paths, actor, args.dismiss, args.reason or "")
        _print({"dismissed": args.dismiss}, args.json, "已不接收这条记录，并记入审计日志")
        return 0
    if args.keep_local or args.keep_server:
        op_id = args.keep_local or args.keep_server
        result = api.resolve_conflict(app.paths, op_id, "local" if args.keep_local else "server")
        _print({"resolved": op_id, "op_id": result}, args.json, "已处理冲突")
        return 0
    rows = api.problems(app.paths)
    data = [r.__dict__ for r in rows]
    states = {"rejected": "被退回", "conflict": "冲突", "quarantined": "无法接收"}
    text = "\n".join(f"{r.op_id}\t{states.get(r.state, r.state)}\t{r.label}\t{r.reason}" for r in rows)
    _print(data, args.json, text or "没有需要处理的记录")
    return 0


def register(sub: Any, add: AddFn) -> None:
    p = add("enroll", cmd_enroll, "用县平台发放的一次性登记码登记本机")
    p.add_argument("--server", required=True, help="县平台地址，例如 https://county.example.cn")
    p.add_argument("--code", required=True, help="一次性登记码")
    p.add_argument("--name", help="本机名称，例如 窗口1号机")
    p = add("sync", cmd_sync, "与县平台同步")
    mode = p.add_mutually_exclusive_group(required=True)
    mode.add_argument("--once", action="store_true", help="同步一次")
    mode.add_argument("--watch", action="store_true", help="持续自动同步，网络恢复时自动开始")
    p.add_argument("--interval", type=float, default=300.0, help="自动同步间隔（秒）")
    add("sync-status", cmd_sync_status, "同步状态")
    p = add("sync-problems", cmd_sync_problems, "被退回或有冲突的记录")
    p.add_argument("--requeue", metavar="OP_ID", help="修改后重新发送")
    p.add_argument("--keep-local", metavar="OP_ID", help="冲突：保留本机版本")
    p.add_argument("--keep-server", metavar="OP_ID", help="冲突：采用县平台版本")
    p.add_argument("--dismiss", metavar="ID", help="县平台下发而无法接收的记录（pulled:序号）：不接收（需 --reason，记入审计）")
    p.add_argument("--reason", help="不接收的原因")
