"""Headless commands. Each area adds its subcommands through a `register(subparsers)` function."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from pathlib import Path
from typing import Any

from desktop.config import Paths, Settings
from desktop.domain.enums import Role
from desktop.domain.errors import DomainError, ValidationErrors
from desktop.logsetup import setup_logging

Handler = Callable[[argparse.Namespace, "CliApp"], int]


class CliApp:
    """Lazily opened data folder, database and service context for one command."""

    def __init__(self, data_dir: str | None, user: str | None = None) -> None:
        self.paths = Paths.resolve(data_dir).ensure()
        self.user = user
        setup_logging(self.paths.logs)
        from desktop.db.keys import read_key_from_stdin

        read_key_from_stdin(self.paths.data_dir)  # a child of the GUI (sync) gets the key on its stdin

    @cached_property
    def settings(self) -> Settings:
        return Settings.load(self.paths.settings_file)

    @cached_property
    def db(self) -> Any:
        """The database, unlocked by the OS key store, TOWNSHIP_DESK_USER/PASSWORD, or a password prompt."""
        from desktop.db import keys
        from desktop.db.open import open_database, pending_recovery_codes

        try:
            db = open_database(self.paths)
        except keys.KeyUnavailable:
            if not keys.needs_password(self.paths.data_dir) or not sys.stdin.isatty():
                raise
            username, password = self.credentials("解锁数据库")
            keys.unlock(self.paths.data_dir, username, password)
            db = open_database(self.paths)
        code = pending_recovery_codes.pop(str(self.paths.data_dir), None)
        if code:
            print_recovery_code(code)
        return db

    def unlock_key(self) -> None:
        """The folder's key without opening the database (restoring over a damaged one)."""
        from desktop.db import keys

        if not keys.has_key(self.paths.data_dir):
            keys.unlock(self.paths.data_dir, *self.credentials("解锁数据库"))

    def credentials(self, purpose: str) -> tuple[str, str]:
        """(username, password) from --user / TOWNSHIP_DESK_USER and TOWNSHIP_DESK_PASSWORD, else asked."""
        from desktop.db.keys import ENV_PASSWORD, ENV_USER

        username = self.user or os.environ.get(ENV_USER) or ""
        password = os.environ.get(ENV_PASSWORD) or ""
        if not username:
            if not sys.stdin.isatty():
                raise DomainError(f"{purpose}需要管理员账号：请用 --user 指定用户名（密码在提示时输入）")
            username = input(f"{purpose}：用户名：").strip()
        if not password:
            if not sys.stdin.isatty():
                raise DomainError(f"{purpose}需要密码：请在提示时输入，或设置环境变量 {ENV_PASSWORD}")
            password = getpass.getpass(f"{username} 的密码：")
        return username, password

    def signed_in(self, purpose: str, admin: bool = True, allow_must_change: bool = False) -> Any:
        """The actor whose credentials were given; an administrator unless `admin` is False."""
        from desktop.db.services.users import actor_of, authenticate
        from desktop.domain.accounts import Permission

        username, password = self.credentials(purpose)
        user = authenticate(self.db, username, password)
        if user.must_change_password and not allow_must_change:
            raise DomainError(f"请先修改初始密码：township-desk --user {user.username} user passwd {user.username}")
        actor = actor_of(user)
        if admin:
            actor.require(Permission.ADMIN)
        return actor

    @cached_property
    def ctx(self) -> Any:
        from desktop.db.uow import Context

        return Context(self.db, self.settings, self.paths.settings_file)

    def out(self, data: Any, as_json: bool, text: str | None = None) -> None:
        if as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            print(text if text is not None else data)


def print_recovery_code(code: str) -> None:
    """The recovery code, shown once: it unlocks this data folder's key when passwords or the OS profile are lost."""
    print("=" * 60, file=sys.stderr)
    print("数据库恢复码（只显示这一次，请抄写后交管理员妥善保管，不要存在本电脑上）：", file=sys.stderr)
    print(f"    {code}", file=sys.stderr)
    print("忘记所有密码或重装系统后，可用 township-desk recover 凭恢复码找回数据。", file=sys.stderr)
    print("=" * 60, file=sys.stderr)



def _parse_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期格式应为 YYYY-MM-DD：{value}") from None


def local_range(start: date, end_inclusive: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in local time, as aware datetimes."""
    tz = datetime.now().astimezone().tzinfo
    return (datetime.combine(start, time(), tz), datetime.combine(end_inclusive + timedelta(days=1), time(), tz))


# --- foundation commands ---------------------------------------------------------------

def cmd_demo_data(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db.demo import generate, real_township_refusal

    if app.paths.database.exists():
        _ = app.db  # unlocked (an existing database at the current version is not written)
        refusal = real_township_refusal(app.paths.database)
        if refusal is not None:  # before anything is written, settings included
            print(f"错误：{refusal}", file=sys.stderr)
            return 2
    settings = app.settings
    if not settings.township_code:
        settings.township_code = args.township
        settings.township_name = settings.township_name or "示范镇"
        settings.center_name = settings.center_name or "示范镇社会治理服务中心"
        settings.committee_name = settings.committee_name or "示范镇人民调解委员会"
        settings.committee_short = settings.committee_short or "示"
        settings.save(app.paths.settings_file)
    _ = app.db  # create / migrate first
    result = generate(app.paths.database, args.cases, seed=args.seed, township=settings.township_code, days=args.days,
                      progress=(lambda n: print(f"  {n} …", file=sys.stderr)) if args.cases >= 100_000 else None,
                      bulk=args.bulk)
    app.out(result.__dict__, args.json,
            f"已生成演示数据：案件 {result.cases} 件，接待 {result.receptions} 人次，调解 {result.mediations} 件，"
            f"协议 {result.agreements} 份，用时 {result.seconds:.1f} 秒")
    return 0


def cmd_stats(args: argparse.Namespace, app: CliApp) -> int:
    """The core figures of `figures` (desktop/reports/figures.py) for a custom period: one definition."""
    from desktop.domain.enums import Channel
    from desktop.reports.figures import compute, core_figures
    from desktop.reports.periods import Period

    today = date.today()
    start = args.date_from or today.replace(day=1)
    end = args.date_to or today
    if end < start:
        print("结束日期不能早于开始日期", file=sys.stderr)
        return 2
    with app.db.read() as s:
        st = core_figures(compute(s, Period.custom(start, end), with_trend=False))
    data = {"date_from": start.isoformat(), "date_to": end.isoformat(), **st}
    lines = [
        f"统计期间：{start} 至 {end}",
        f"接待群众：{st['people_received']} 人（{st['visits']} 人次，其中当场答复咨询 {st['consultations']} 次）",
        f"受理诉求：{st['cases_accepted']} 件，已办结 {st['cases_resolved']} 件，办结率 {st['resolution_rate']:.1%}",
        "按类别：" + "，".join(f"{k} {v}" for k, v in sorted(st["by_category"].items(), key=lambda kv: -kv[1])),
        "按渠道：" + "，".join(f"{Channel(k).label} {v}" for k, v in sorted(st["by_channel"].items(), key=lambda kv: -kv[1])),
    ]
    app.out(data, args.json, "\n".join(lines))
    return 0


def cmd_check(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db.backup import integrity_check
    from desktop.db.engine import make_engine
    from desktop.db.health import folder_has_history, probe
    from desktop.db.migrate import SchemaTooNew, needs_upgrade

    paths = app.paths
    report: dict[str, Any] = {"database": str(paths.database), "exists": paths.database.exists()}
    ok = report["exists"]
    damaged = probe(paths.database, folder_has_history(paths.settings_file, paths.backups)) if ok else None
    if damaged is not None:
        report["damaged"] = {"kind": damaged.kind, "message": damaged.message}
        report["latest_good_backup"] = _latest_good(app)
        ok = False
    elif ok:
        problems = integrity_check(paths.database)
        report["integrity"] = problems or "ok"
        if problems:
            report["latest_good_backup"] = _latest_good(app)
        engine = make_engine(paths.database)
        try:
            current, head = needs_upgrade(engine)
            report["schema"] = {"current": current, "head": head, "up_to_date": current == head}
            ok = ok and not problems and current == head
        except SchemaTooNew as e:
            report["schema"] = {"error": e.message}
            ok = False
        finally:
            engine.dispose()
        if not problems and report["schema"].get("up_to_date"):
            objects = _check_objects(paths.database, args.repair)
            report["schema_objects"] = objects
            ok = ok and objects["ok"]
    report["healthy"] = bool(ok)
    if ok:
        text = "数据库正常"
    elif damaged is not None or report.get("integrity") not in (None, "ok"):
        text = (damaged.message if damaged else "数据库文件已损坏（完整性检查未通过），软件没有改动它。") + "\n" + offer_text(app)
    elif report.get("schema_objects", {}).get("problems"):
        text = "数据库结构不完整：" + "；".join(report["schema_objects"]["problems"]) + "。运行 township-desk check --repair 可修复。"
    else:
        text = f"数据库有问题：{json.dumps(report, ensure_ascii=False)}"
    if report.get("schema_objects", {}).get("repaired"):
        text = "已修复：" + "；".join(report["schema_objects"]["repaired"]) + "\n" + text
    app.out(report, args.json, text)
    return 0 if ok else 1


def read_passphrase(args: argparse.Namespace, confirm: bool) -> str:
    """The portable-backup passphrase: --passphrase-file, TOWNSHIP_DESK_BACKUP_PASSPHRASE, or typed (twice)."""
    if getattr(args, "passphrase_file", None):
        return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
    if os.environ.get(ENV_PASSPHRASE):
        return os.environ[ENV_PASSPHRASE]
    if not sys.stdin.isatty():
        raise DomainError("请输入备份口令（或用 --passphrase-file 指定口令文件）")
    phrase = getpass.getpass("备份口令：")
    if confirm and getpass.getpass("再次输入备份口令：") != phrase:
        raise DomainError("两次输入的备份口令不一致")
    return phrase


ENV_PASSPHRASE = "TOWNSHIP_DESK_BACKUP_PASSPHRASE"


def _check_objects(db_path: Path, repair: bool) -> dict[str, Any]:
    """Indexes, triggers and the full-text index against the migrations; with `repair`, rebuilt first."""
    from desktop.db import cipher, schema_check

    conn = cipher.connect(db_path, timeout=30)
    conn.isolation_level = None
    try:
        repaired = schema_check.repair(conn).lines() if repair else []
        found = schema_check.inspect(conn)
    finally:
        conn.close()
    return {"ok": found.ok, "problems": found.lines(), "repaired": repaired}


def _latest_good(app: CliApp) -> dict[str, Any] | None:
    from desktop.db.health import latest_good_backup

    good = latest_good_backup(app.paths.backups)
    return None if good is None else {"file": str(good.path), "taken_at": good.taken_at.isoformat(" ", "seconds"),
                                      "cases": good.cases}


def offer_text(app: CliApp) -> str:
    """What the user can do about a damaged database: the newest backup that passes its check, if any."""
    good = _latest_good(app)
    if good is None:
        return "没有找到完好的备份；请不要删除数据文件夹，联系技术人员（见 docs/recovery.md）。"
    return (f"最近一份完好的备份：{good['taken_at'][:16]}，案件 {good['cases']} 件；"
            "运行 township-desk restore --latest-good 即可恢复（损坏的文件会另存，不会删除）。")


def cmd_backup(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db.backup import backup_portable, backup_with_report, check_passphrase

    _ = app.db
    if args.portable:
        app.signed_in("便携备份")
        phrase = read_passphrase(args, confirm=True)
        check_passphrase(phrase)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = Path(args.out) if args.out else app.paths.backups / f"township-portable-{stamp}.tdbackup"
        path = backup_portable(app.paths.database, target, phrase)
        app.out({"backup": str(path), "portable": True}, args.json,
                f"已写入便携备份 {path}（用口令加密，可在新电脑上用 restore 恢复）")
        return 0
    report = backup_with_report(app.paths.database, app.paths.backups, reason="manual")
    skipped = f"；{report.skipped}个附件在本机无法读取，未放入备份（已记入操作日志）" if report.skipped else ""
    app.out({"backup": str(report.path), "skipped_attachments": report.skipped}, args.json,
            f"已备份到 {report.path}（用本机密钥加密，只能在本机恢复）{skipped}")
    return 0


def _opens_with(path: Path, key: bytes) -> bool:
    from desktop.db import cipher

    try:
        cipher.connect(path, key, readonly=True).close()
    except cipher.WrongKey:
        return False
    return True


def cmd_restore(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db import cipher
    from desktop.db.backup import restore_database
    from desktop.db.health import DamagedDatabase, check_file, latest_good_backup
    from desktop.db.keys import database_key

    app.unlock_key()
    if args.latest_good:
        good = latest_good_backup(app.paths.backups)
        if good is None:
            print("错误：没有找到通过完整性检查的备份，未做任何改动。", file=sys.stderr)
            return 2
        source = good.path
    elif args.file:
        source = Path(args.file)
    else:
        print("错误：请指定备份文件，或用 --latest-good 恢复最近一份完好的备份。", file=sys.stderr)
        return 2
    key = database_key(app.paths.data_dir)
    phrase: str | None = None
    if cipher.may_be_encrypted(source) and not _opens_with(source, key):
        phrase = read_passphrase(args, confirm=False)  # a portable backup (or another PC's)
    if phrase is None and check_file(source, key):
        raise DomainError(f"所选文件不是完好的本软件备份（{source.name}），未做任何改动。")
    try:  # only now, with a usable backup in hand, the administrator signs in (an audited write)
        _ = app.db
        if app.paths.database.exists():
            app.signed_in("恢复备份")
    except DamagedDatabase:
        pass  # a damaged database cannot check the account; the key (unlocked above) guards the backups
    saved = restore_database(source, app.paths.database, app.paths.backups, passphrase=phrase)
    app.out({"restored": str(source), "previous_saved_as": str(saved) if saved else None}, args.json,
            f"已从 {source} 恢复" + (f"（原数据库已另存为 {saved}）" if saved else ""))
    return 0


def cmd_export(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db.exchange import write_export
    from desktop.db.services.privacy import EXPORT_UNMASKED, audit_disclosure

    actor = app.signed_in("导出完整身份证号和电话") if args.unmasked else None
    exported: list[str] = []
    with app.db.read() as s:
        n = write_export(s, Path(args.out), unmasked=args.unmasked, on_record=exported.append)
    if actor is not None:
        audit_disclosure(app.db, actor, EXPORT_UNMASKED, "case", exported)
    note = "（含完整身份证号和电话，已记入审计日志）" if args.unmasked else "（姓名、身份证号、电话已脱敏）"
    app.out({"exported": n, "file": args.out, "masked": not args.unmasked}, args.json, f"已导出 {n} 件案件到 {args.out}{note}")
    return 0


def cmd_import(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db.busy import announce
    from desktop.db.exchange import import_cases
    from desktop.db.uow import SYSTEM

    with announce(app.paths.database, "导入案件"):
        report = import_cases(app.ctx, SYSTEM, Path(args.file), skip_invalid=args.skip_invalid, dry_run=args.dry_run)
    data = {"imported": report.imported, "skipped_existing": report.skipped_existing,
            "receptions": report.receptions, "dry_run": report.dry_run,
            "renumbered": [r.__dict__ for r in report.renumbered],
            "errors": [e.__dict__ for e in report.errors]}
    lines = [f"第{e.record}条记录 {e.field}：{e.message}" for e in report.errors]
    labels = {"case": "案件编号", "file": "卷号", "agreement": "协议编号"}
    lines += [f"{labels[r.series]} {r.old} 已被占用，" + (f"改为 {r.new}" if r.new else "将重新编号")
              for r in report.renumbered]
    if report.errors and not args.skip_invalid:
        lines.append(f"共 {len(report.errors)} 处错误，未导入任何记录（可用 --skip-invalid 只导入有效记录）")
    elif args.dry_run:
        lines.append(f"预演（未写入任何内容）：将导入 {report.imported} 件，已存在将跳过 {report.skipped_existing} 件，"
                     f"将重新编号 {len(report.renumbered)} 个，另有接待记录 {report.receptions} 条")
    else:
        lines.append(f"已导入 {report.imported} 件，已存在跳过 {report.skipped_existing} 件，"
                     f"重新编号 {len(report.renumbered)} 个，另有接待记录 {report.receptions} 条")
    app.out(data, args.json, "\n".join(lines))
    return 1 if report.errors and not args.skip_invalid else 0


def _new_password(args: argparse.Namespace) -> str:
    if args.password:
        return str(args.password)
    if not sys.stdin.isatty():
        raise DomainError("请用 --password 指定新密码，或在提示时输入")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再次输入新密码：") != first:
        raise DomainError("两次输入的密码不一致")
    return first


def cmd_user(args: argparse.Namespace, app: CliApp) -> int:
    from desktop.db.services.users import (
        change_password,
        count_users,
        create_user,
        list_users,
        unlock_account,
    )

    if args.user_cmd == "add":
        first = count_users(app.db) == 0
        actor = None if first else app.signed_in("创建账号")
        role = Role(str(args.role))
        user = create_user(app.db, actor, args.username, args.name, role, _new_password(args))
        app.out({"username": user.username, "role": user.role, "must_change_password": True}, args.json,
                f"已创建用户 {user.username}（首次登录时须修改密码）")
    elif args.user_cmd == "list":
        users = [{"username": u.username, "name": u.display_name, "role": u.role, "active": u.active} for u in list_users(app.db)]
        app.out(users, args.json, "\n".join(f"{u['username']}\t{u['name']}\t{Role(str(u['role'])).label}" for u in users))
    elif args.user_cmd == "passwd":
        # one's own password with the old one; anyone's with an administrator's credentials
        actor = app.signed_in("修改密码", admin=False, allow_must_change=True)
        if actor.username != args.username:
            from desktop.domain.accounts import Permission

            actor.require(Permission.ADMIN)
            app.signed_in("修改他人密码")  # an administrator who has changed the initial password
        change_password(app.db, actor, args.username, _new_password(args))
        app.out({"ok": True}, args.json, "已修改密码")
    elif args.user_cmd == "unlock":
        unlock_account(app.db, app.signed_in("解除账号锁定"), args.username)
        app.out({"ok": True}, args.json, f"已解除 {args.username} 的锁定")
    elif args.user_cmd == "recovery-code":
        from desktop.db.services.users import issue_recovery_code

        print_recovery_code(issue_recovery_code(app.db, app.signed_in("重新生成恢复码")))
        app.out({"ok": True}, args.json, "已生成新的恢复码，旧恢复码已作废")
    return 0


def cmd_recover(args: argparse.Namespace, app: CliApp) -> int:
    """Unlock with the recovery code (lost OS profile or every password forgotten) and set an admin's password."""
    from desktop.db import keys
    from desktop.db.services.users import actor_of, change_password, list_users
    from desktop.domain.accounts import Permission

    code = args.code or (getpass.getpass("恢复码：") if sys.stdin.isatty() else "")
    if not code:
        raise DomainError("请输入恢复码")
    keys.recover(app.paths.data_dir, code)
    if args.reset_password:
        admins = [u for u in list_users(app.db) if u.username == args.reset_password and u.role == Role.ADMIN.value]
        if not admins:
            raise DomainError("只能用恢复码重设管理员账号的密码")
        actor = actor_of(admins[0])
        actor.require(Permission.ADMIN)
        change_password(app.db, actor, admins[0].username, _new_password(args))
    new_code = keys.new_recovery_code(app.paths.data_dir)
    print_recovery_code(new_code)
    app.out({"ok": True}, args.json, "已用恢复码解锁数据库；旧恢复码已作废，请保管好上面的新恢复码")
    return 0


SETUP_KEYS = ("center_name", "township_code", "township_name", "committee_name", "committee_short", "court_name",
              "center_phone", "county_url")


def cmd_setup(args: argparse.Namespace, app: CliApp) -> int:
    s = app.settings
    for key in SETUP_KEYS:
        value = getattr(args, key)
        if value is not None:
            setattr(s, key, value)
    if args.allow_insecure_http is not None:
        s.allow_insecure_http = args.allow_insecure_http
    s.setup_done = True
    s.save(app.paths.settings_file)
    app.out(s.__dict__, args.json, "已保存中心设置")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="township-desk", description="乡镇社会治理服务中心工作台")
    parser.add_argument("--data-dir", help="数据文件夹（默认按系统规范，或环境变量 TOWNSHIP_DESK_DATA）")
    parser.add_argument("--user", help="以此账号执行需要管理员的命令（密码在提示时输入，或环境变量 TOWNSHIP_DESK_PASSWORD）")
    parser.add_argument("--smoke", action="store_true", help="离屏构建主窗口、打开每个页面后退出（自检）")
    sub = parser.add_subparsers(dest="command")

    def add(name: str, handler: Handler, help_: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_)
        p.add_argument("--json", action="store_true", help="以 JSON 输出")
        p.set_defaults(func=handler)
        return p

    p = add("demo-data", cmd_demo_data, "生成演示数据")
    p.add_argument("--cases", type=int, default=1000)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--days", type=int, default=365, help="数据覆盖的天数（截至今天）")
    p.add_argument("--township", default="220402", help="未设置乡镇代码时使用的代码")
    p.add_argument("--bulk", action=argparse.BooleanOptionalAction, default=None,
                   help="先删除索引、生成后一次重建（默认 5 万件起）")
    p = add("stats", cmd_stats, "统计数字")
    p.add_argument("--from", dest="date_from", type=_parse_day)
    p.add_argument("--to", dest="date_to", type=_parse_day)
    p = add("check", cmd_check, "检查数据库完整性、版本、索引与触发器")
    p.add_argument("--repair", action="store_true", help="重建缺少的索引、触发器和全文检索索引")
    p = add("backup", cmd_backup, "立即备份数据库（用本机密钥加密）")
    p.add_argument("--portable", action="store_true", help="写一个用口令加密的便携备份（换电脑用；需管理员）")
    p.add_argument("--out", help="便携备份的文件名")
    p.add_argument("--passphrase-file", help="从文件读取备份口令（脚本用；默认在提示时输入）")
    p = add("restore", cmd_restore, "从备份恢复（需管理员）")
    p.add_argument("file", nargs="?")
    p.add_argument("--latest-good", action="store_true", help="恢复最近一份通过完整性检查的备份")
    p.add_argument("--passphrase-file", help="便携备份的口令文件")
    p = add("export", cmd_export, "导出案件（JSON 交换格式；默认脱敏）")
    p.add_argument("--out", required=True)
    p.add_argument("--unmasked", action="store_true", help="导出完整的姓名、身份证号和电话（需管理员，记入审计日志）")
    p = add("import", cmd_import, "导入案件（JSON 交换格式）")
    p.add_argument("file")
    p.add_argument("--skip-invalid", action="store_true")
    p.add_argument("--dry-run", action="store_true")
    p = add("user", cmd_user, "本机账号")
    usub = p.add_subparsers(dest="user_cmd", required=True)
    u = usub.add_parser("add")
    u.add_argument("username")
    u.add_argument("--name", required=True)
    u.add_argument("--role", choices=[r.value for r in Role], default="clerk")
    u.add_argument("--password", help="初始密码（首次登录须修改；省略则在提示时输入）")
    usub.add_parser("list")
    u = usub.add_parser("passwd", help="修改密码（本人凭原密码；他人需管理员）")
    u.add_argument("username")
    u.add_argument("--password", help="新密码（省略则在提示时输入）")
    u = usub.add_parser("unlock", help="解除账号锁定（需管理员）")
    u.add_argument("username")
    usub.add_parser("recovery-code", help="重新生成数据库恢复码，旧恢复码作废（需管理员；新恢复码只显示一次）")
    p = add("recover", cmd_recover, "用恢复码解锁数据库（并可重设管理员密码）")
    p.add_argument("--code", help="恢复码（省略则在提示时输入）")
    p.add_argument("--reset-password", metavar="ADMIN", help="同时重设这个管理员账号的密码")
    p.add_argument("--password", help="新密码（省略则在提示时输入）")
    p = add("setup", cmd_setup, "设置中心信息")
    for key in SETUP_KEYS:
        p.add_argument("--" + key.replace("_", "-"), dest=key)
    p.add_argument("--allow-insecure-http", dest="allow_insecure_http", action=argparse.BooleanOptionalAction, default=None)

    for register in _area_registrars():
        register(sub, add)
    return parser


def _area_registrars() -> list[Callable[[Any, Callable[[str, Handler, str], argparse.ArgumentParser]], None]]:
    """Subcommands contributed by other areas (sync, documents, statistics), imported directly."""
    from desktop.documents import cli as documents_cli
    from desktop.reports import cli as reports_cli
    from desktop.sync import cli as sync_cli

    return [sync_cli.register, documents_cli.register, reports_cli.register]


def run(argv: Sequence[str] | None = None, parser: argparse.ArgumentParser | None = None) -> int:
    """Run one headless command; `parser`: the one `__main__` already built (building it twice costs ~20 ms)."""
    parser = parser or build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    app = CliApp(args.data_dir, args.user)
    from desktop.db import engine

    engine.wait_notifier = lambda message: print(message, file=sys.stderr, flush=True)
    try:
        return int(args.func(args, app))
    except ValidationErrors as e:
        for err in e.errors:
            print(f"错误（{err.field}）：{err.message}", file=sys.stderr)
        return 2
    except Exception as e:
        from desktop.db.health import is_damage_error

        if is_damage_error(e):
            return _report_damage(e, app)
        if isinstance(e, DomainError):
            print(f"错误：{e.message}", file=sys.stderr)
            return 2
        raise


def _report_damage(exc: BaseException, app: CliApp) -> int:
    """A damaged, foreign or empty database: one sentence, what to do, no traceback, nothing written."""
    from desktop.db.health import KINDS, DamagedDatabase

    message = exc.message if isinstance(exc, DamagedDatabase) else KINDS["damaged"]
    print(f"错误：{message}", file=sys.stderr)
    print(offer_text(app), file=sys.stderr)
    return 3


def now_utc() -> datetime:
    return datetime.now(UTC)
