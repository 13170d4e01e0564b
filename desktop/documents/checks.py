"""Input checks shared by the document modules: collect every problem, then raise once."""

from __future__ import annotations

from collections.abc import Sequence

from .errors import DocumentError
from .model import PartyInfo


class Problems:
    """Collects Chinese problem descriptions; ``raise_if_any`` raises one DocumentError for all."""

    def __init__(self, document: str) -> None:
        self.document = document
        self.items: list[str] = []

    def require(self, value: object, what: str) -> None:
        if value is None or (isinstance(value, str) and not value.strip()):
            self.items.append(f"缺少{what}")

    def add(self, message: str) -> None:
        self.items.append(message)

    def parties(self, parties: Sequence[PartyInfo], minimum: int = 2, *, representative: bool = True) -> None:
        if len(parties) < minimum:
            self.items.append(f"当事人不足：至少需要 {minimum} 名当事人，现有 {len(parties)} 名")
        for i, party in enumerate(parties, start=1):
            if not party.name.strip():
                self.items.append(f"第 {i} 名当事人缺少姓名或名称")
            if not party.role.strip():
                self.items.append(f"第 {i} 名当事人缺少身份（申请人或被申请人）")
            if representative and party.is_organization and not party.representative.strip():
                self.items.append(f"第 {i} 名当事人（单位）缺少法定代表人或负责人")

    def terms(self, terms: Sequence[str], what: str = "协议条款") -> None:
        if not terms:
            self.items.append(f"没有{what}：至少需要一条")
        for i, term in enumerate(terms, start=1):
            if not term.strip():
                self.items.append(f"第 {i} 条{what}为空")

    def raise_if_any(self) -> None:
        if self.items:
            raise DocumentError(f"无法生成{self.document}：" + "；".join(self.items), tuple(self.items))
