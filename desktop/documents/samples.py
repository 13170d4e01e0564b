"""Fictional sample inputs for every document: used by tests, benchmarks and the preview demo.

Names include a CJK Extension B character (𠀀, 𪚥, 𬌗) and a minority name with "·" on purpose.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from .model import (
    ORGANIZATION,
    AcceptanceRegisterDoc,
    AgreementDoc,
    ApplicationDoc,
    CaseFileDoc,
    FollowupDoc,
    JudicialConfirmationDoc,
    MediationRecordDoc,
    OralAgreementDoc,
    PartyInfo,
    ReceiptDoc,
    Statement,
)

COMMITTEE = "东丰县大阳镇人民调解委员会"
CENTER = "东丰县大阳镇社会治理服务中心"
CASE = "DY-2026-000123"
AGREEMENT_NO = "（2026）东大人调字第 12 号"
DAY = date(2026, 11, 30)

APPLICANT = PartyInfo(
    role="申请人", name="张𠀀明", sex="男", ethnicity="汉族", age=45, occupation="农民",
    phone="13800000000", address="吉林省辽源市东丰县大阳镇新发村三组", id_number="11010519491231002X",
)
RESPONDENT = PartyInfo(
    role="被申请人", name="买买提·艾力", sex="男", ethnicity="维吾尔族", age=38, occupation="个体户",
    phone="13900000000", address="吉林省辽源市东丰县大阳镇新发村四组",
)
COMPANY = PartyInfo(
    role="被申请人", name="辽源市宏𬌗建筑有限公司", kind=ORGANIZATION, representative="王𪚥",
    representative_title="经理", phone="0437-6123456", address="吉林省辽源市龙山区向阳路1号",
)

FACTS = (
    "申请人与被申请人系同村邻居。2026年10月，被申请人在自家院内修建围墙时，占用申请人宅基地约半米，"
    "双方因此发生争执，多次协商未果。\n"
    "申请人要求被申请人拆除围墙、恢复原状；被申请人认为围墙位置有旧界石为证。经人民调解员实地查看，"
    "旧界石位于围墙以东零点五米处。"
)
TERMS = (
    "被申请人于2026年12月31日前将围墙向东移回原界石位置，拆除及重建费用由被申请人承担。",
    "申请人一次性补偿被申请人拆墙材料费人民币伍佰元（¥500.00），于签订本协议之日当面付清。",
    "双方今后和睦相处，不再因此事发生纠纷。",
)


def agreement(parties: tuple[PartyInfo, ...] = (APPLICANT, RESPONDENT, COMPANY),
              terms: tuple[str, ...] = TERMS) -> AgreementDoc:
    return AgreementDoc(
        number=AGREEMENT_NO, committee=COMMITTEE, parties=parties, facts=FACTS, terms=terms,
        performance_method="现金当面交付；围墙拆除由新发村村民委员会见证。",
        performance_deadline="2026年12月31日前履行完毕", mediator="李和平", recorder="赵文书", date=DAY,
    )


def many_terms(n: int = 50) -> AgreementDoc:
    terms = tuple(
        f"第{i}项约定：被申请人于2027年{(i % 12) + 1}月{(i % 28) + 1}日前向申请人支付分期款人民币"
        f"{100 + i}元，逾期未付的，申请人可就剩余款项一并主张。" for i in range(1, n + 1)
    )
    return agreement(terms=terms)


def many_parties(n: int = 10) -> AgreementDoc:
    parties = tuple(
        replace(APPLICANT if i % 2 == 0 else RESPONDENT, name=f"{'张王李赵刘陈杨黄周吴'[i % 10]}𠀀{i + 1}号",
                role="申请人" if i % 2 == 0 else "被申请人")
        for i in range(n)
    )
    return agreement(parties=parties)


def application() -> ApplicationDoc:
    return ApplicationDoc(
        committee=COMMITTEE, parties=(APPLICANT, RESPONDENT), summary=FACTS,
        requests="请求调解被申请人拆除占用申请人宅基地的围墙，恢复原状。", date=date(2026, 11, 2),
        case_number=CASE,
    )


def register() -> AcceptanceRegisterDoc:
    return AcceptanceRegisterDoc(
        committee=COMMITTEE, case_number=CASE, parties=(APPLICANT, RESPONDENT, COMPANY),
        category="房屋宅基地", source="当事人申请", summary=FACTS, registrar="周受理",
        date=date(2026, 11, 2), mediator="李和平",
    )


def record(kind: str = "调解记录") -> MediationRecordDoc:
    return MediationRecordDoc(
        kind=kind, committee=COMMITTEE, case_number=CASE, held_at=datetime(2026, 11, 20, 9, 30),
        place="大阳镇社会治理服务中心人民调解室", matter="宅基地围墙纠纷",
        parties=(APPLICANT, RESPONDENT), participants="新发村村民委员会主任 孙建国",
        statements=(
            Statement("申请人 张𠀀明", "被申请人修的围墙占了我家半米地，我要求拆掉，恢复原样。"),
            Statement("被申请人 买买提·艾力", "我是按旧界石的位置修的，如果界石确实在东边，我愿意挪。"),
        ),
        mediator="李和平", recorder="赵文书",
        facts="经实地查看，旧界石位于围墙以东零点五米处，围墙确实占用申请人宅基地。",
        risk_warning="双方情绪激动，曾有推搡，需防止矛盾激化。",
        outcome="双方同意达成书面调解协议。",
    )


def oral() -> OralAgreementDoc:
    return OralAgreementDoc(
        committee=COMMITTEE, case_number=CASE, parties=(APPLICANT, RESPONDENT), facts=FACTS,
        content="被申请人当场向申请人赔礼道歉，并于三日内将围墙向东移回原界石位置。",
        performance="被申请人自行拆除、重建；三日内完成。", mediator="李和平", recorder="赵文书",
        date=DAY,
    )


def followup() -> FollowupDoc:
    return FollowupDoc(
        committee=COMMITTEE, case_number=CASE, parties=(APPLICANT, RESPONDENT),
        visited_at=date(2027, 1, 10), method="上门回访", visitor="李和平", visited_person="张𠀀明",
        performance="围墙已于2026年12月28日移回原界石位置，补偿款已当面付清。", satisfaction="满意",
        escalation_signs="无", notes="双方关系恢复正常。", agreement_number=AGREEMENT_NO,
    )


def judicial() -> JudicialConfirmationDoc:
    return JudicialConfirmationDoc(
        court="东丰县人民法院", committee=COMMITTEE, parties=(APPLICANT, RESPONDENT),
        agreement_number=AGREEMENT_NO, agreement_date=DAY, terms=TERMS, date=date(2026, 12, 5),
    )


def receipt() -> ReceiptDoc:
    return ReceiptDoc(
        center=CENTER, case_number=CASE, query_code="7K3M-Q9XP", date=datetime(2026, 11, 2, 10, 5),
        summary="反映邻居修建围墙占用其宅基地，请求调解。", contact="0437-6212345", applicant="张𠀀明",
        handler="周受理", channel="来访",
    )


def case_file() -> CaseFileDoc:
    return CaseFileDoc(
        title="张𠀀明与买买提·艾力宅基地纠纷", file_number="（2026）东大人调字第 12 号", committee=COMMITTEE,
        mediator="李和平", mediation_date=date(2026, 11, 20), filed_by="赵文书", filed_date=date(2027, 1, 15),
        retention="长期",
        documents=(agreement(), application(), register(), record("调查记录"), record(), followup(), judicial()),
        paper_materials=("身份证明", "证据材料", "履行凭证"),
        notes="本案经调解达成书面协议，已履行完毕，当事人满意。",
    )


ALL = {
    "agreement": agreement,
    "application": application,
    "register": register,
    "record": record,
    "oral": oral,
    "followup": followup,
    "judicial": judicial,
    "receipt": receipt,
    "case-file": case_file,
}
