"""`county-platform`: run the reference county server, or administer it (townships, codes, devices, items)."""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from county import service
from county.db import default_blob_dir, default_db_url, iso, make_engine, migrate


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    db_url = args.db or os.environ.get("COUNTY_DB_URL") or default_db_url()
    blob_dir = Path(args.blob_dir) if args.blob_dir else default_blob_dir(db_url)
    blob_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(db_url, pool_size=1)
    migrate(engine)  # once, here, before any worker starts
    engine.dispose()
    os.environ["COUNTY_DB_URL"] = db_url
    os.environ["COUNTY_BLOB_DIR"] = str(blob_dir)
    # Read by county.server in every worker process.
    os.environ["COUNTY_HEADER_TIMEOUT"] = str(args.header_timeout)
    os.environ["COUNTY_MAX_CONNECTIONS"] = str(args.max_connections)
    os.environ["COUNTY_BODY_TIMEOUT"] = str(args.body_timeout)
    from county.server import KEEP_ALIVE_TIMEOUT, GuardedH11Protocol

    uvicorn.run(
        "county.app:app_from_env",
        factory=True,
        http=GuardedH11Protocol,
        timeout_keep_alive=KEEP_ALIVE_TIMEOUT,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
        proxy_headers=True,
        forwarded_allow_ips=args.forwarded_allow_ips,
        access_log=args.access_log,
    )
    return 0


def cmd_admin(args: argparse.Namespace) -> int:
    engine = make_engine(args.db or os.environ.get("COUNTY_DB_URL") or default_db_url(), pool_size=1)
    migrate(engine)
    try:
        return int(args.admin_func(engine, args) or 0)
    except ValueError as err:
        print(f"错误：{err}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


def admin_create_township(engine: Any, args: argparse.Namespace) -> int:
    t = service.create_township(engine, args.code, args.name, args.committee_name, training=args.training)
    _print_json(t) if args.json else print(f"已创建乡镇 {t['code']} {t['name']}" + ("（培训用）" if args.training else ""))
    return 0


def admin_enroll_code(engine: Any, args: argparse.Namespace) -> int:
    code, expires = service.issue_enroll_code(engine, args.township, args.ttl_hours)
    if args.json:
        _print_json({"township_code": args.township, "code": code, "expires_at": iso(expires)})
    else:
        print(code)
        print(f"（一次性登记码，{iso(expires)} 前有效）", file=sys.stderr)
    return 0


def admin_devices(engine: Any, args: argparse.Namespace) -> int:
    devices = service.list_devices(engine, args.township)
    if args.json:
        _print_json(devices)
        return 0
    for d in devices:
        state = f"已停用 {d['revoked_at']}" if d["revoked_at"] else "在用"
        used = f"最近使用 {d['last_used_at']} 来自 {d['last_address']}" if d["last_used_at"] else "尚未使用"
        print(f"{d['device_id']}  {d['township_code']}  槽位{d['slot']:>3}  {state}  {used}  {d['name']}")
    return 0


def admin_revoke(engine: Any, args: argparse.Namespace) -> int:
    service.revoke_device(engine, args.device_id)
    print(f"已停用设备 {args.device_id}")
    return 0


def admin_create_item(engine: Any, args: argparse.Namespace) -> int:
    item = service.create_county_item(
        engine, args.township, args.kind, args.title, args.content, args.deadline
    )
    _print_json(item) if args.json else print(item["id"])
    return 0


def admin_feedback(engine: Any, args: argparse.Namespace) -> int:
    event = service.add_feedback(engine, args.township, args.case_id, args.text)
    _print_json(event) if args.json else print(event["id"])
    return 0


def admin_counts(engine: Any, args: argparse.Namespace) -> int:
    counts = service.township_counts(engine)
    if args.json:
        _print_json(counts)
        return 0
    for t in counts:
        records = ", ".join(f"{k}={v}" for k, v in t["records"].items() if v)
        print(
            f"{t['code']} {t['name']}: 设备 {t['active_devices']}，变更 {t['changes']}；{records or '无记录'}"
        )
    return 0


def admin_bad_records(engine: Any, args: argparse.Namespace) -> int:
    records = service.bad_records(engine, args.township)
    if args.json:
        _print_json(records)
        return 0
    for r in records:
        print(
            f"{r['entity']} {r['entity_id']}  版本{r['rev']}  问题字段 {r['field']}  设备 {r['updated_by'] or '县平台'}"
        )
    print(f"共 {len(records)} 条有问题的记录", file=sys.stderr)
    return 0


def admin_withdraw(engine: Any, args: argparse.Namespace) -> int:
    removed = service.withdraw_record(engine, args.township, args.entity, args.id)
    print(f"已撤回 {args.entity} {args.id}（移除 {removed} 条下发记录）")
    return 0


def admin_revoke_code(engine: Any, args: argparse.Namespace) -> int:
    service.revoke_enroll_code(engine, args.code)
    print("已撤销该登记码")
    return 0


def admin_alerts(engine: Any, args: argparse.Namespace) -> int:
    if args.ack is not None:
        done = service.acknowledge_alert(engine, args.ack, args.by or "", args.note or "")
        if args.json:
            _print_json(done)
        else:
            print(f"已处理告警 {args.ack}（处理人 {done['acknowledged_by']}）")
        return 0
    alerts = service.list_alerts(engine, args.township, include_acknowledged=args.all)
    if args.json:
        _print_json(alerts)
        return 0
    labels = {"full_repull": "已同步过的设备从头重新下载全部数据（令牌可能被复制）"}
    for a in alerts:
        handled = f"  已处理：{a['acknowledged_by']} {a['acknowledged_at']} {a['ack_note']}" if a["acknowledged_at"] else ""
        print(
            f"#{a['id']}  {a['at']}  {a['township_code']}  设备 {a['device_id']}  {a['address'] or ''}  "
            f"{labels.get(a['kind'], a['kind'])}{handled}"
        )
    if not alerts:
        print("没有未处理的告警")
    return 0


def admin_set_quota(engine: Any, args: argparse.Namespace) -> int:
    service.set_quota(engine, args.township, args.gib)
    print(f"已设置 {args.township} 的附件存储配额：{args.gib if args.gib is not None else '默认'} GiB")
    return 0


def admin_expire_uploads(engine: Any, args: argparse.Namespace) -> int:
    from county.blobs import BlobStore

    db_url = engine.url.render_as_string(hide_password=False)
    store = BlobStore(Path(args.blob_dir) if args.blob_dir else default_blob_dir(db_url))
    total = 0
    while n := store.expire_partials(engine):
        total += n
    print(f"已清理 {total} 个超过 48 小时未完成的附件上传")
    return 0


def _ttl_hours(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError("有效期应为小时数，例如 72") from None
    if not 0 < value <= service.MAX_ENROLL_TTL_HOURS:
        raise argparse.ArgumentTypeError(f"有效期应大于 0 小时且不超过 {service.MAX_ENROLL_TTL_HOURS} 小时")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="county-platform", description="县级综合信息平台（参考实现）")
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="start the HTTP server")
    serve.add_argument(
        "--db", help="SQLAlchemy URL (default: $COUNTY_DB_URL, else a SQLite file in the user data folder)"
    )
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8470)
    serve.add_argument("--blob-dir", help="attachment storage folder (default: beside the SQLite file)")
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument("--log-level", default="info")
    serve.add_argument("--forwarded-allow-ips", default="127.0.0.1", help="trusted reverse proxies")
    serve.add_argument("--access-log", action="store_true", help="log every request line (no bodies)")
    serve.add_argument(
        "--header-timeout", type=float, default=10.0, help="seconds for a request's headers (slow clients)"
    )
    serve.add_argument("--body-timeout", type=float, default=120.0, help="seconds for a whole request body")
    serve.add_argument("--max-connections", type=int, default=1000, help="open connections per worker")
    serve.set_defaults(func=cmd_serve)

    admin = sub.add_parser("admin", help="administer townships, enrollment codes, devices and county items")
    admin.add_argument(
        "--db", help="SQLAlchemy URL (default: $COUNTY_DB_URL, else a SQLite file in the user data folder)"
    )
    admin.set_defaults(func=cmd_admin)
    asub = admin.add_subparsers(dest="admin_command", required=True)

    def add(name: str, func: Any, help_text: str) -> argparse.ArgumentParser:
        p = asub.add_parser(name, help=help_text)
        p.add_argument("--json", action="store_true", help="machine-readable output")
        p.set_defaults(admin_func=func)
        return p

    p = add("create-township", admin_create_township, "create a township")
    p.add_argument("--code", required=True)
    p.add_argument("--name", required=True)
    p.add_argument("--committee-name", required=True, help="人民调解委员会 name")
    p.add_argument("--training", action="store_true", help="a training township: takes PCs holding demo data")
    p = add("enroll-code", admin_enroll_code, "issue a one-time enrollment code")
    p.add_argument("--township", required=True, help="township code")
    p.add_argument("--ttl-hours", type=_ttl_hours, default=service.DEFAULT_ENROLL_TTL_HOURS)
    p = add("revoke-code", admin_revoke_code, "withdraw an enrollment code nobody has used")
    p.add_argument("code")
    p = add("set-quota", admin_set_quota, "a township's attachment storage quota")
    p.add_argument("--township", required=True)
    p.add_argument("--gib", type=float, help="GiB; leave out for the default (20)")
    p = add("expire-uploads", admin_expire_uploads, "drop unfinished uploads untouched for 48 hours")
    p.add_argument("--blob-dir", help="attachment storage folder (default: beside the SQLite file)")
    p = add("alerts", admin_alerts, "security alerts (full re-pull by a device that had synced); open ones unless --all")
    p.add_argument("--township", help="only this township")
    p.add_argument("--all", action="store_true", help="also the acknowledged ones")
    p.add_argument("--ack", type=int, metavar="ID", help="acknowledge alert ID (with --by and --note)")
    p.add_argument("--by", help="who looked into it")
    p.add_argument("--note", help="what was found / done")
    p = add("devices", admin_devices, "list devices")
    p.add_argument("--township", help="only this township")
    p = add("revoke", admin_revoke, "revoke a device")
    p.add_argument("device_id")
    p = add("create-item", admin_create_item, "send an assigned item / grid event / appointment down")
    p.add_argument("--township", required=True)
    p.add_argument("--kind", required=True, choices=service.COUNTY_ITEM_KINDS)
    p.add_argument("--title", required=True)
    p.add_argument("--content", default="")
    p.add_argument("--deadline", help="ISO 8601 date or datetime")
    p = add("feedback", admin_feedback, "record county feedback on an escalated case")
    p.add_argument("--township", required=True)
    p.add_argument("--case-id", required=True)
    p.add_argument("--text", required=True)
    add("counts", admin_counts, "per-township counts")
    p = add("bad-records", admin_bad_records, "list a township's records other devices cannot take")
    p.add_argument("--township", required=True)
    p = add("withdraw", admin_withdraw, "withdraw one bad record from a township (and its feed entries)")
    p.add_argument("--township", required=True)
    p.add_argument("--entity", required=True)
    p.add_argument("--id", required=True, help="the record's entity_id")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    raise SystemExit(main())
