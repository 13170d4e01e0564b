"""Input forms for the main records, validated in one pass so every problem is reported at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, TypeVar

from .enums import (
    Channel,
    Complexity,
    FollowupMethod,
    PartyKind,
    PartyRole,
    RecordKind,
    RiskLevel,
    Satisfaction,
    Sex,
)
from .errors import ValidationError, ValidationErrors
from .validation import (
    SUMMARY_MAX_CHARS,
    clean_line,
    normalize_name,
    normalize_phone,
    parse_resident_id,
    require_text,
)

T = TypeVar("T")

VISITED_PERSON_MAX = 60  # followups.visited_person is String(60)


class _Collector:
    def __init__(self) -> None:
        self.errors: list[ValidationError] = []

    def run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        try:
            return fn(*args, **kwargs)
        except ValidationErrors as many:
            self.errors.extend(many.errors)
        except ValidationError as err:
            self.errors.append(err)
        return None

    def check(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)


@dataclass
class PartyForm:
    name: str
    role: PartyRole = PartyRole.APPLICANT
    kind: PartyKind = PartyKind.PERSON
    id_number: str = ""
    phone: str = ""
    sex: Sex | None = None
    birth_date: date | None = None
    ethnicity: str = "汉族"
    occupation: str = ""
    address: str = ""
    representative: str = ""
    representative_title: str = ""
    id_legacy: bool = False

    def validated(self, prefix: str = "party", today: date | None = None) -> PartyForm:
        """A normalised copy; ID numbers fill birth date and sex."""
        c = _Collector()
        out = replace(self)
        if self.kind is PartyKind.ORGANIZATION:
            out.name = c.run(require_text, clean_line(self.name), "单位名称", f"{prefix}.name", 60) or ""
            out.representative = c.run(normalize_name, self.representative, f"{prefix}.representative") or ""
        else:
            out.name = c.run(normalize_name, self.name, f"{prefix}.name") or ""
        if self.id_number.strip():
            rid = c.run(parse_resident_id, self.id_number, f"{prefix}.id_number", today)
            if rid is not None:
                out.id_number = rid.number
                out.birth_date = rid.birth_date
                out.sex = rid.sex
                out.id_legacy = rid.legacy
                if self.sex is not None and self.sex is not rid.sex:
                    c.errors.append(ValidationError("所选性别与身份证号码不一致", f"{prefix}.sex"))
        if self.phone.strip():
            out.phone = c.run(normalize_phone, self.phone, f"{prefix}.phone") or ""
        out.address = c.run(require_text, clean_line(self.address), "住址", f"{prefix}.address", 200, False) or ""
        out.occupation = clean_line(self.occupation)[:60]
        out.ethnicity = clean_line(self.ethnicity)[:20]
        c.check()
        return out

    def age_on(self, day: date) -> int | None:
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


@dataclass
class CaseForm:
    channel: Channel
    category: str
    summary: str
    parties: list[PartyForm]
    demands: str = ""
    village: str = ""
    risk_level: RiskLevel = RiskLevel.LOW
    complexity: Complexity = Complexity.NORMAL
    registered_at: datetime | None = None
    county_item_id: str | None = None

    def validated(self, categories: list[str] | tuple[str, ...], today: date | None = None) -> CaseForm:
        c = _Collector()
        out = replace(self)
        if self.category not in categories:
            c.errors.append(ValidationError("请选择纠纷/诉求类别", "category"))
        out.summary = c.run(require_text, self.summary, "事项概要", "summary", SUMMARY_MAX_CHARS) or ""
        out.demands = c.run(require_text, self.demands, "诉求", "demands", 2000, False) or ""
        if not self.parties:
            c.errors.append(ValidationError("请至少填写一名当事人", "parties"))
        parties = []
        for i, p in enumerate(self.parties):
            v = c.run(p.validated, f"parties[{i}]", today)
            if v is not None:
                parties.append(v)
        out.parties = parties
        c.check()
        return out


@dataclass
class ReceptionForm:
    channel: Channel
    people_count: int = 1
    visitor_name: str = ""
    visitor_id_number: str = ""
    visitor_phone: str = ""
    village: str = ""
    summary: str = ""
    answered_on_spot: bool = False
    answer: str = ""
    visited_at: datetime | None = None

    def validated(self) -> ReceptionForm:
        c = _Collector()
        out = replace(self)
        if not 1 <= self.people_count <= 500:
            c.errors.append(ValidationError("来访人数应在1到500之间", "people_count"))
        if self.visitor_name.strip():
            out.visitor_name = c.run(normalize_name, self.visitor_name, "visitor_name") or ""
        if self.visitor_id_number.strip():
            rid = c.run(parse_resident_id, self.visitor_id_number, "visitor_id_number")
            out.visitor_id_number = rid.number if rid else ""
        if self.visitor_phone.strip():
            out.visitor_phone = c.run(normalize_phone, self.visitor_phone, "visitor_phone") or ""
        out.summary = c.run(require_text, self.summary, "来访事由", "summary", SUMMARY_MAX_CHARS) or ""
        if self.answered_on_spot:
            out.answer = c.run(require_text, self.answer, "答复内容", "answer", 2000) or ""
        c.check()
        return out

    @property
    def is_group_visit(self) -> bool:
        """Five or more people are a 集体访."""
        return self.people_count >= 5


@dataclass
class RecordForm:
    kind: RecordKind
    held_at: datetime
    place: str = ""
    participants: str = ""
    content: str = ""
    risk_warning: str = ""
    result: str = ""
    rights_notified: bool = True

    def validated(self) -> RecordForm:
        c = _Collector()
        out = replace(self)
        out.content = c.run(require_text, self.content, "记录内容", "content", 20000) or ""
        out.place = c.run(require_text, self.place, "地点", "place", 100, False) or ""
        c.check()
        return out


@dataclass
class AgreementForm:
    facts: str
    terms: list[str]
    performance: str
    performance_deadline: date | None = None
    oral: bool = False
    parties_count: int = 2
    copies: int | None = None

    def validated(self) -> AgreementForm:
        c = _Collector()
        out = replace(self)
        out.facts = c.run(require_text, self.facts, "纠纷主要事实、争议事项", "facts", 10000) or ""
        terms = [t.strip() for t in self.terms if t.strip()]
        if not terms:
            c.errors.append(ValidationError("请至少填写一条协议内容", "terms"))
        for i, t in enumerate(terms):
            if len(t) > 2000:
                c.errors.append(ValidationError(f"第{i + 1}条协议内容过长", f"terms[{i}]"))
        out.terms = terms
        out.performance = c.run(require_text, self.performance, "履行方式、时限", "performance", 2000) or ""
        if self.parties_count < 2:
            c.errors.append(ValidationError("调解协议至少需要两方当事人", "parties"))
        out.copies = self.copies or self.parties_count + 1
        if out.copies < self.parties_count + 1:
            c.errors.append(
                ValidationError(f"份数不能少于当事人数加一（{self.parties_count + 1}份）", "copies")
            )
        c.check()
        return out


@dataclass
class FollowupForm:
    visited_at: datetime
    method: str = FollowupMethod.PHONE.value  # a FollowupMethod value (the editable combo may give text)
    performance: str = ""
    satisfaction: Satisfaction | None = None
    escalation_signs: str = ""
    notes: str = ""
    visited_person: str = ""  # 被回访人 (blank: the parties, ticked by hand on the print)
    purpose: str = ""  # 回访事由 (blank: the agreement's performance and the parties' satisfaction)

    def validated(self) -> FollowupForm:
        c = _Collector()
        out = replace(self)
        out.performance = c.run(require_text, self.performance, "履行情况", "performance", 2000, False) or ""
        out.visited_person = c.run(require_text, self.visited_person, "被回访人", "visited_person",
                                   VISITED_PERSON_MAX, False) or ""
        out.purpose = c.run(require_text, self.purpose, "回访事由", "purpose", 500, False) or ""
        method = self.method.strip()
        if method not in {m.value for m in FollowupMethod}:
            c.errors.append(ValidationError(f"请选择回访方式（{'、'.join(m.label for m in FollowupMethod)}）", "method"))
        out.method = method
        if self.satisfaction is None:
            c.errors.append(ValidationError("请选择满意度", "satisfaction"))
        c.check()
        return out


