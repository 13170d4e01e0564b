"""被回访人 and 回访事由 are stored with the follow-up and printed as stored (blank: today's fallbacks)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from desktop.config import Settings
from desktop.db.exchange import import_cases, mask_record, write_export
from desktop.db.models import Case, Followup, OutboxOp
from desktop.db.services import cases as cs
from desktop.documents.followup import default_purpose
from desktop.documents.from_db import load
from desktop.domain.errors import ValidationErrors
from desktop.domain.forms import FollowupForm
from tests.db.helpers import two_party_form

from .followups import PURPOSE, TODAY, VISITED, followed_up, form_cell, issuer, printed


def test_stored_visited_person_and_purpose_are_printed(ctx: Any, db: Any, admin: Any, settings: Settings) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    fu = followed_up(ctx, admin, case.id)
    with db.read() as s:
        row = s.get(Followup, fu.id)
        assert (row.visited_person, row.purpose) == (VISITED, PURPOSE)
        op = s.query(OutboxOp).filter(OutboxOp.entity_id == fu.id).one()
        assert (op.payload["visited_person"], op.payload["purpose"]) == (VISITED, PURPOSE)
        pages = printed(s, case.number, settings)
    assert form_cell(pages, "被回访人") == VISITED
    assert form_cell(pages, "回访事由") == PURPOSE
    # the signature line names the person visited
    assert any("被回访人" in "".join(line.split()) and VISITED in "".join(line.split())
               for line in pages[-1] if not "".join(line.split()).startswith("被回访人" + VISITED))


def test_blank_fields_print_the_fallbacks(ctx: Any, db: Any, admin: Any, settings: Settings) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    followed_up(ctx, admin, case.id, visited_person=" ", purpose="")
    with db.read() as s:
        pages = printed(s, case.number, settings)
        agreement = load(s, "followup", case.number, issuer(settings), TODAY).agreement_number
    row = form_cell(pages, "被回访人")
    assert "□张𠀾三" in row and "□买买提·艾力" in row  # boxes to tick by hand
    assert form_cell(pages, "回访事由") == "".join(default_purpose(agreement).split())


def test_the_form_checks_both_fields() -> None:
    with pytest.raises(ValidationErrors) as err:
        FollowupForm(datetime.now(UTC), visited_person="张" * 61, purpose="事" * 501, performance="已履行",
                     satisfaction=None).validated()
    fields = {e.field for e in err.value.errors}
    assert {"visited_person", "purpose"} <= fields
    ok = FollowupForm(datetime.now(UTC), visited_person="  张三 ", purpose=" 回访 ", satisfaction=None)
    with pytest.raises(ValidationErrors):
        ok.validated()  # satisfaction is still required; the two new fields are optional


def test_exchange_file_keeps_them_and_older_files_still_import(ctx: Any, db: Any, admin: Any, tmp_path: Path,
                                                                 settings: Settings) -> None:
    case = cs.register_case(ctx, admin, two_party_form())
    followed_up(ctx, admin, case.id)
    out = tmp_path / "export.json"
    with db.read() as s:
        write_export(s, out, unmasked=True)
    data = json.loads(out.read_text(encoding="utf-8"))
    record = next(c for c in data["cases"] if c["id"] == case.id)
    assert record["followups"][0]["visited_person"] == VISITED
    assert record["followups"][0]["purpose"] == PURPOSE
    masked = mask_record(json.loads(json.dumps(record)))["followups"][0]
    assert VISITED not in masked["visited_person"] and "艾力" not in masked["purpose"] + masked["visited_person"]
    # an older file: the follow-up has no such keys; it imports with them blank
    for fu in record["followups"]:
        del fu["visited_person"], fu["purpose"]
    with db.write() as s:
        for model in (Followup,):
            s.query(model).delete()
        s.query(Case).filter(Case.id == case.id).delete()
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    report = import_cases(ctx, admin, old)
    assert report.imported >= 1
    with db.read() as s:
        row = s.query(Followup).filter(Followup.case_id == case.id).one()
        assert (row.visited_person, row.purpose) == ("", "")
