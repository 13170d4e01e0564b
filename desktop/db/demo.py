"""Deterministic, realistic demo data written straight through sqlite3 for speed (1M cases).

Demo records are training data: they are not queued for the county, and their numbers carry a
"D" so they can never collide with real leased numbers.
"""

from __future__ import annotations

import json
import random
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from desktop.domain.enums import DEFAULT_CATEGORIES
from desktop.domain.validation import id_check_digit

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英玉兰萍建华国庆红梅志强海燕春生立新德胜凤英淑珍桂芝振华永明丽华金凤玉梅秀珍文斌"
RARE = ["𠀾", "𡈼", "𪚥", "𠇔", "𬌗", "𫍲", "㵘", "䶮"]  # includes characters outside the BMP
MINORITY = ["买买提·艾力", "阿依古丽·吐尔逊", "努尔兰·卡德尔", "古丽米拉·阿不都", "扎西·次仁"]
VILLAGES = ["东风村", "红旗村", "向阳村", "新民村", "长青村", "永安村", "和平社区", "幸福社区", "前进村", "光明村",
            "太平村", "双河村", "民主村", "胜利村", "团结社区"]
AREA_CODES = ["220402", "220403", "220421", "220422", "110105", "440524"]
OFFICES = ["综治办", "司法所", "派出所", "土地所", "民政办", "农业站", "城建办", "信访办"]
CHANNEL_WEIGHTS = [("walk_in", 45), ("phone", 20), ("letter", 3), ("online", 12), ("grid", 15), ("assigned", 5)]
SUMMARIES = {
    "婚姻家庭": ["夫妻因家庭琐事长期争吵，女方要求离婚并分割财产", "子女拒绝赡养老人，老人要求每月支付赡养费"],
    "邻里": ["邻居加盖房屋遮挡采光，双方发生争执", "邻居家排水沟堵塞导致污水流入院内"],
    "房屋宅基地": ["兄弟二人对父母遗留宅基地归属有争议", "翻建房屋时越界占用邻户宅基地约半米"],
    "合同": ["承包鱼塘合同到期后对续包价格有争议", "购买农机具后卖方拒绝履行售后维修约定"],
    "生产经营": ["合伙养殖分红比例发生争议", "农资店销售的化肥导致玉米减产"],
    "损害赔偿": ["散养的狗咬伤邻居小孩，医药费赔偿有争议", "施工车辆压坏村民院墙要求赔偿"],
    "山林土地": ["两户对承包地边界位置认识不一", "林地流转后对林木归属产生争议"],
    "征地拆迁": ["对道路拓宽征地补偿标准有异议", "拆迁安置房面积计算方式有争议"],
    "环境污染": ["养猪场臭味影响周边居民生活", "小作坊夜间噪音扰民"],
    "劳动争议": ["农民工讨要工程款及工资", "务工期间受伤，工伤待遇有争议"],
    "消费": ["购买的电动车质量问题商家拒绝退换", "预付卡商家停业无法退款"],
    "医疗": ["村卫生室输液后出现不良反应，要求赔偿", "对诊疗费用有异议"],
    "道路交通事故": ["两车在村道相撞，责任划分及赔偿有争议", "电动车与行人相撞致人受伤"],
    "物业": ["物业公司未经同意上调物业费", "小区电梯长期故障无人维修"],
    "其他": ["对低保评定结果有异议", "村务公开不及时，村民要求查看账目"],
}
TERMS = [
    "被申请人于{d}前一次性支付申请人赔偿款人民币{m}元。",
    "双方自愿解除原合同关系，互不追究其他责任。",
    "被申请人负责在{d}前拆除越界部分并恢复原状。",
    "申请人放弃其他诉求，双方今后和睦相处。",
    "赔偿款通过银行转账方式支付至申请人指定账户。",
]


@dataclass
class DemoResult:
    cases: int
    receptions: int
    mediations: int
    agreements: int
    seconds: float


def _ts(dt: datetime) -> str:
    # Same text as TS_FORMAT (naive UTC), several times faster than strftime on a million rows.
    return dt.isoformat(" ", "microseconds")


_EPOCH = datetime(1970, 1, 1)


class _Gen:
    def __init__(self, seed: int, township: str) -> None:
        self.rng = random.Random(seed)
        self.township = township
        self.channels = [c for c, _ in CHANNEL_WEIGHTS]
        self.channel_w = [w for _, w in CHANNEL_WEIGHTS]
        self.cats = list(DEFAULT_CATEGORIES)
        self.cat_w = [8, 14, 10, 7, 5, 9, 8, 4, 4, 8, 5, 2, 6, 4, 6]

    def uid(self, at: datetime) -> str:
        ms = int((at - _EPOCH).total_seconds() * 1000)
        r = self.rng.getrandbits(74)
        value = (ms << 80) | (0x7 << 76) | ((r >> 62) << 64) | (0b10 << 62) | (r & ((1 << 62) - 1))
        h = f"{value:032x}"
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    def name(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.01:
            return rng.choice(MINORITY)
        given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
        if roll < 0.02:
            given = rng.choice(RARE) + given[:1]
        return rng.choice(SURNAMES) + given

    def id_number(self, female: bool | None = None) -> tuple[str, str, str]:
        rng = self.rng
        birth = date(1940, 1, 1) + timedelta(days=rng.randrange(0, 365 * 62))
        seq = rng.randrange(0, 999)
        if female is None:
            female = rng.random() < 0.5
        if (seq % 2 == 0) != female:
            seq = (seq + 1) % 1000
        first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
        return first17 + id_check_digit(first17), ("female" if female else "male"), birth.isoformat()

    def phone(self) -> str:
        return f"1{self.rng.choice('3456789')}{self.rng.randrange(0, 10**9):09d}"


def generate(
    db_path: Path,
    cases: int,
    seed: int = 1,
    township: str = "220402",
    until: datetime | None = None,
    days: int = 365,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Append `cases` demo cases (with parties, events, mediations, agreements, follow-ups, receptions)."""
    import time

    started = time.perf_counter()
    g = _Gen(seed, township)
    rng = g.rng
    # Naive UTC inside the generator: formatting aware datetimes costs more than the inserts.
    until = (until or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0, tzinfo=None)
    span = timedelta(days=days).total_seconds()
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")  # bulk training data: rebuilt from the seed if lost
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA cache_size=-200000")
    start_seq = conn.execute("SELECT count(*) FROM cases WHERE number LIKE ?", (f"{township}-%-D%",)).fetchone()[0]
    # The FTS triggers cost more than the inserts themselves; rebuild the index once at the end.
    conn.execute("DROP TRIGGER IF EXISTS cases_fts_ai")
    # Building secondary indexes once over sorted data beats maintaining them row by row.
    indexes: list[str] = []
    if cases >= BULK_THRESHOLD:
        tables = ",".join(f"'{t}'" for t in _BULK_TABLES)
        for name, sql in conn.execute(f"SELECT name, sql FROM sqlite_master WHERE type='index' AND sql IS NOT NULL AND tbl_name IN ({tables})").fetchall():
            indexes.append(sql)
            conn.execute(f'DROP INDEX "{name}"')
    counts = {"cases": 0, "receptions": 0, "mediations": 0, "agreements": 0}
    try:
        conn.execute("BEGIN")
        offsets = sorted(rng.random() * span for _ in range(cases))
        batch: dict[str, list[tuple[object, ...]]] = {k: [] for k in _SQL}
        for i, off in enumerate(offsets):
            _one_case(g, batch, counts, until - timedelta(seconds=span - off), until, start_seq + i + 1)
            if (i + 1) % 20000 == 0:
                _flush(conn, batch)
                if progress:
                    progress(i + 1)
        _flush(conn, batch)
        conn.execute("COMMIT")
        conn.execute("INSERT INTO case_fts(case_fts) VALUES ('rebuild')")
    finally:
        for sql in indexes:
            conn.execute(sql)
        conn.execute(
            "CREATE TRIGGER IF NOT EXISTS cases_fts_ai AFTER INSERT ON cases BEGIN "
            "INSERT INTO case_fts(rowid, number, summary, demands, party_names) "
            "VALUES (new.rowid, new.number, new.summary, new.demands, new.party_names); END"
        )
        conn.execute("ANALYZE")
        conn.close()
    return DemoResult(counts["cases"], counts["receptions"], counts["mediations"], counts["agreements"],
                      time.perf_counter() - started)


BULK_THRESHOLD = 50_000
_BULK_TABLES = ("cases", "parties", "case_events", "receptions", "mediations", "mediation_records", "agreements", "followups")

_SQL = {
    "cases": "INSERT INTO cases (id, number, query_code, township_code, channel, category, summary, demands, risk_level, "
    "complexity, status, village, first_responder, assignee, registered_at, deadline_at, closed_at, result, satisfaction, "
    "county_item_id, party_names, device_id, server_rev, created_at, updated_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,NULL,?,'demo',NULL,?,?)",
    "parties": "INSERT INTO parties (id, case_id, position, role, kind, name, sex, ethnicity, birth_date, id_number, "
    "id_legacy, phone, occupation, address, representative, representative_title) VALUES (?,?,?,?,?,?,?,?,?,?,0,?,?,?,'','')",
    "events": "INSERT INTO case_events (id, case_id, kind, at, actor, data, device_id, created_at) VALUES (?,?,?,?,?,?,'demo',?)",
    "receptions": "INSERT INTO receptions (id, visited_at, channel, people_count, visitor_name, visitor_id_number, "
    "visitor_phone, village, summary, answered_on_spot, answer, case_id, staff_name, device_id, created_at, updated_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,'demo',?,?)",
    "mediations": "INSERT INTO mediations (id, case_id, file_number, source, mediator, co_mediators, recorder, place, "
    "started_at, deadline_at, outcome, outcome_at, failure_reason, device_id, server_rev, created_at, updated_at) "
    "VALUES (?,?,?,'application',?,'',?,'人民调解室',?,?,?,?,?,'demo',NULL,?,?)",
    "records": "INSERT INTO mediation_records (id, mediation_id, kind, held_at, place, participants, rights_notified, "
    "content, risk_warning, result, recorder, device_id, server_rev, created_at, updated_at) "
    "VALUES (?,?,'session',?,'人民调解室',?,1,?,'',?,?,'demo',NULL,?,?)",
    "agreements": "INSERT INTO agreements (id, mediation_id, number, oral, facts, terms, performance, performance_deadline, "
    "copies, status, printed_at, signed_at, effective_at, judicial_applied_at, device_id, server_rev, created_at, updated_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,'demo',NULL,?,?)",
    "followups": "INSERT INTO followups (id, case_id, mediation_id, visited_at, visitor, method, performance, satisfaction, "
    "escalation_signs, notes, device_id, server_rev, created_at, updated_at) VALUES (?,?,?,?,?,'电话回访',?,?,'','','demo',NULL,?,?)",
}
STAFF = ["刘晓梅", "王建国", "陈丽", "张志刚", "李秀兰"]
MEDIATORS = ["赵德明", "孙桂芝", "周振华"]


def _flush(conn: sqlite3.Connection, batch: dict[str, list[tuple[object, ...]]]) -> None:
    for key, rows in batch.items():
        if rows:
            conn.executemany(_SQL[key], rows)
            rows.clear()


def _one_case(g: _Gen, b: dict[str, list[tuple[object, ...]]], counts: dict[str, int], at: datetime, now: datetime, seq: int) -> None:
    rng = g.rng
    cid = g.uid(at)
    ts = _ts(at)
    channel = rng.choices(g.channels, g.channel_w)[0]
    category = rng.choices(g.cats, g.cat_w)[0]
    summary = rng.choice(SUMMARIES[category])
    village = rng.choice(VILLAGES)
    complexity = rng.choices(("simple", "normal", "complex"), (3, 5, 2))[0]
    deadline = at + timedelta(days={"simple": 1, "normal": 7, "complex": 20}[complexity])
    age_days = (now - at).days
    risk = rng.choices(("low", "medium", "high"), (80, 16, 4))[0]
    staff = rng.choice(STAFF)
    # How far the case has got: older cases are mostly closed; some stay open past their deadline.
    roll = rng.random()
    route = rng.choices(("mediate", "assign", "spot", "escalate", "guide"), (45, 30, 15, 5, 5))[0]
    finished = roll < (0.97 if age_days > 40 else 0.6 if age_days > 7 else 0.25)
    events: list[tuple[str, datetime, dict[str, object]]] = [("registered", at, {"channel": channel, "category": category})]
    status = "registered"
    assignee = ""
    closed_at = None
    result = ""
    satisfaction = None
    t = at + timedelta(minutes=rng.randrange(5, 240))
    parties_n = 2 if rng.random() < 0.85 else rng.randrange(1, 5)
    names = []
    for pos in range(max(1, parties_n)):
        name = g.name()
        names.append(name)
        idn, sex, birth = g.id_number()
        b["parties"].append((g.uid(at), cid, pos, "applicant" if pos == 0 else "respondent", "person", name, sex,
                             "汉族", birth, idn, g.phone(), "农民", f"{village}{rng.randrange(1, 12)}组"))
    if route == "spot":
        events.append(("close_on_spot", t, {"result": "当场答复并办结"}))
        status, closed_at, result = "closed", t, "当场答复并办结"
    else:
        events.append(("route", t, {}))
        status = "routed"
        target = {"mediate": "start_mediation", "assign": "assign", "escalate": "escalate", "guide": "guide_legal"}[route]
        t2 = t + timedelta(hours=rng.randrange(1, 48))
        if t2 < now:
            data: dict[str, object] = {}
            if target == "assign":
                assignee = rng.choice(OFFICES)
                data = {"assignee": assignee}
            elif target == "guide_legal":
                data = {"legal_channel": rng.choice(("诉讼", "仲裁", "行政复议"))}
            elif target == "escalate":
                data = {"reason": "涉及多部门，需县中心协调"}
            events.append((target, t2, data))
            status = {"start_mediation": "mediating", "assign": "assigned", "escalate": "escalated", "guide_legal": "guided"}[target]
            if target == "start_mediation":
                _mediation(g, b, counts, cid, t2, now, finished, seq, parties_n)
            if finished:
                t3 = t2 + timedelta(days=rng.randrange(1, 25))
                if t3 < now:
                    result = "双方达成调解协议" if target == "start_mediation" else "已按要求办理完毕"
                    events.append(("close", t3, {"result": result}))
                    status, closed_at = "closed", t3
    if status == "closed" and rng.random() < 0.5 and closed_at is not None:
        tf = closed_at + timedelta(days=rng.randrange(3, 15))
        if tf < now:
            satisfaction = rng.choices(("satisfied", "basic", "unsatisfied"), (75, 20, 5))[0]
            events.append(("follow_up", tf, {"satisfaction": satisfaction}))
            b["followups"].append((g.uid(tf), cid, None, _ts(tf), staff, "协议已履行" , satisfaction, _ts(tf), _ts(tf)))
            status = "followed_up"
    for kind, when, data in events:
        b["events"].append((g.uid(when), cid, kind, _ts(when), staff, json.dumps(data, ensure_ascii=False), _ts(when)))
    number = f"{g.township}-{at.year}-D{seq:07d}"
    b["cases"].append((cid, number, f"D{seq:07d}", g.township, channel, category, summary,
                       "请求依法调处", risk, complexity, status, village, staff, assignee, ts, _ts(deadline),
                       _ts(closed_at) if closed_at else None, result, satisfaction, " ".join(names), ts, ts))
    counts["cases"] += 1
    # The reception that led to the case, plus now and then a consultation answered on the spot.
    people = 1 if rng.random() < 0.9 else rng.randrange(2, 12)
    b["receptions"].append((g.uid(at), ts, channel, people, names[0], None, None, village, summary, 0, "", cid, staff, ts, ts))
    counts["receptions"] += 1
    if rng.random() < 0.6:
        ta = at + timedelta(minutes=rng.randrange(1, 600))
        b["receptions"].append((g.uid(ta), _ts(ta), "walk_in", 1, g.name(), None, None, rng.choice(VILLAGES),
                                "政策咨询", 1, "已当场解答相关政策", None, staff, _ts(ta), _ts(ta)))
        counts["receptions"] += 1


def _mediation(g: _Gen, b: dict[str, list[tuple[object, ...]]], counts: dict[str, int], cid: str, at: datetime,
               now: datetime, finished: bool, seq: int, parties_n: int) -> None:
    rng = g.rng
    mid = g.uid(at)
    mediator = rng.choice(MEDIATORS)
    outcome = outcome_at = None
    if finished:
        outcome = rng.choices(("written", "oral", "failed"), (70, 20, 10))[0]
        outcome_at = at + timedelta(days=rng.randrange(1, 25))
        if outcome_at > now:
            outcome = outcome_at = None
    b["mediations"].append((mid, cid, f"（{at.year}）D人调字第 {seq} 号", mediator, "记录员", _ts(at),
                            _ts(at + timedelta(days=30)), outcome, _ts(outcome_at) if outcome_at else None,
                            "双方分歧较大" if outcome == "failed" else "", _ts(at), _ts(at)))
    counts["mediations"] += 1
    th = at + timedelta(days=1)
    b["records"].append((g.uid(th), mid, _ts(th), "双方当事人", "双方陈述了各自意见，调解员释法明理。",
                         "双方同意继续协商", mediator, _ts(th), _ts(th)))
    if outcome in ("written", "oral") and outcome_at is not None:
        due = (outcome_at + timedelta(days=30)).date()
        terms = [tpl.format(d=f"{due:%Y年%m月%d日}", m=rng.randrange(5, 200) * 100) for tpl in rng.sample(TERMS, 3)]
        effective = _ts(outcome_at)
        judicial = _ts(outcome_at + timedelta(days=5)) if rng.random() < 0.1 else None
        b["agreements"].append((g.uid(outcome_at), mid, f"（{outcome_at.year}）D人调协字第 {seq} 号", 1 if outcome == "oral" else 0,
                                "双方因纠纷协商未果，申请调解。", json.dumps(terms, ensure_ascii=False),
                                "按协议约定期限履行", due.isoformat(), parties_n + 1, "effective", effective, effective,
                                effective, judicial, effective, effective))
        counts["agreements"] += 1


def iter_progress(total: int, step: int) -> Iterator[int]:
    yield from range(step, total + 1, step)
