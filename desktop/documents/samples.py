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
    PaperMaterial,
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
        paper_materials=(PaperMaterial("权利义务告知书", 2), PaperMaterial("当事人身份证明", 3, scanned=True),
                         PaperMaterial("证据材料", 4), PaperMaterial("履行凭证", 1)),
        notes="本案经调解达成书面协议，已履行完毕，当事人满意。", mediation_end=date(2026, 11, 30),
        remarks="无",
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


# ---------------------------------------------------------------- the hidden-case-style set
# What broke the documents in review: Extension-B names, a "·" name, X check digits, a
# 200-character address, 12 terms (long ones, amounts with separators, sub-items), an
# organisation with its legal representative, long summaries.

LONG_ADDRESS = (
    "新疆维吾尔自治区伊犁哈萨克自治州伊宁县墩麻扎镇英买里村二组幸福路东段南侧第三排从西往东数第七户"
    "（原伊宁县墩麻扎镇英买里村村民委员会旧址西侧约一百五十米处，门前有一棵老白杨树，院门为蓝色铁门，"
    "门牌号码为英买里村幸福路一百二十八号附一号，院内东侧有两间彩钢板房，西侧为果园，北侧紧邻村级水渠"
    "，南侧为村道，道路对面为村卫生室和村级便民服务站，再往南约三百米为村小学"
)[:200]
GULI = PartyInfo(
    role="申请人", name="阿依古丽·买买提", sex="女", ethnicity="维吾尔族", age=41, occupation="个体工商户",
    phone="13999012345", address=LONG_ADDRESS, id_number="65402119850315002X",
)
RARE = PartyInfo(
    role="申请人", name="𠀾𡈼𪚥", sex="男", ethnicity="汉族", age=67, occupation="农民",
    phone="13800001111", address="吉林省辽源市东丰县大阳镇新发村三组", id_number="22042119590101001X",
)
ORG = PartyInfo(
    role="被申请人", name="伊宁县𬌗𠀀农业机械专业合作社有限责任公司", kind=ORGANIZATION,
    representative="艾尔肯·吐尔逊", representative_title="理事长", phone="0999-4321098",
    address="新疆维吾尔自治区伊犁哈萨克自治州伊宁县墩麻扎镇工业园区创业路18号",
)
HARD_TERMS = (
    "被申请人于2027年1月31日前一次性向申请人支付农机作业损失赔偿款人民币9,400.00元、误工费人民币"
    "12,345.67元，合计人民币21,745.67元（大写：贰万壹仟柒佰肆拾伍元陆角柒分），通过银行转账支付至申请人"
    "名下账户（开户行：中国农业银行伊宁县支行，账号：6228480012345678901）。",
    "被申请人逾期未足额支付的，以未付金额为基数，按全国银行间同业拆借中心公布的一年期贷款市场报价利率的"
    "1.5倍（即年利率约5.25%）另行支付逾期付款利息，直至付清之日止。",
    "双方确认申请人于2026年9月租用被申请人的联合收割机一台，作业面积共计132.5亩，申请人已支付的作业费"
    "人民币6,625.00元不予退还。",
    "被申请人负责在2026年12月15日前对损坏的滴灌设施进行修复：\n（1）更换主管道约120米；\n"
    "（2）更换支管及滴头共计3,600个；\n（3）修复过程中产生的材料费、人工费均由被申请人承担。",
    "申请人应在修复期间提供必要的协助，包括开放田块出入通道及提供施工用水用电。",
    "修复完成后，双方共同到场验收，验收合格的，由双方在验收单上签字确认；验收不合格的，被申请人应在"
    "7日内返工。",
    "申请人年龄 41岁，系家庭主要劳动力，被申请人对此表示理解并承诺优先安排申请人家庭的秋收作业。",
    "本协议履行完毕后，双方就本次农机作业纠纷再无其他争议，申请人不得再以同一事实向被申请人主张任何权利。",
    "双方承诺今后相互尊重、友好往来，如再发生纠纷，应首先协商解决，协商不成的，可申请人民调解委员会调解。",
    "本协议所涉款项以人民币计算，金额以阿拉伯数字和中文大写表示，二者不一致的，以中文大写为准。",
    "任何一方违反本协议约定的，守约方可依法申请人民法院强制执行或者向人民法院提起诉讼。",
    "双方同意在本协议生效之日起30日内共同向有管辖权的基层人民法院申请司法确认。",
)
HARD_FACTS = (
    "申请人阿依古丽·买买提于2026年9月租用被申请人所有的联合收割机对其承包的132.5亩小麦地进行收割作业。"
    "作业过程中，被申请人的驾驶员操作不当，碾压损坏申请人地内已铺设的滴灌设施，造成主管道约120米、"
    "支管及滴头约3,600个损坏，并导致部分小麦未能及时收割，损失率约为8.5%。\n"
    "申请人要求被申请人赔偿损失、修复设施；被申请人认为损坏系申请人未标明管道位置所致，双方多次协商未果。"
)


def hard_agreement() -> AgreementDoc:
    return AgreementDoc(
        number="（2026）伊墩人调字第 41 号", committee=COMMITTEE, parties=(GULI, RARE, ORG), facts=HARD_FACTS,
        terms=HARD_TERMS, performance_method="银行转账支付；设施修复由村民委员会见证验收。",
        performance_deadline="2027年1月31日前履行完毕", mediator="李和平", recorder="赵文书", date=DAY,
        stored_copies=7,
    )


def hard_judicial() -> JudicialConfirmationDoc:
    return JudicialConfirmationDoc(
        court="伊宁县人民法院", committee=COMMITTEE, parties=(GULI, RARE, ORG),
        agreement_number="（2026）伊墩人调字第 41 号", agreement_date=DAY, terms=HARD_TERMS, date=date(2026, 12, 5),
    )


def hard_register() -> AcceptanceRegisterDoc:
    return AcceptanceRegisterDoc(
        committee=COMMITTEE, case_number=CASE, parties=(GULI, RARE, ORG), category="农机作业",
        source="当事人申请", summary="\n".join([HARD_FACTS] * 6), registrar="周受理", date=date(2026, 11, 2),
        mediator="李和平",
    )


def hard_receipt() -> ReceiptDoc:
    return ReceiptDoc(
        center=CENTER, case_number=CASE, query_code="7K3M-Q9XP", date=datetime(2026, 11, 2, 10, 5),
        summary=HARD_FACTS * 8, contact="0999-4321098", applicant="阿依古丽·买买提、𠀾𡈼𪚥", handler="周受理",
        channel="来访",
    )


def hard_record() -> MediationRecordDoc:
    statements = tuple(
        Statement(f"{p.role} {p.name}", HARD_FACTS) for p in (GULI, RARE) for _ in range(2)
    )
    return replace(record(), parties=(GULI, RARE, ORG), statements=statements)


def hard_followup() -> FollowupDoc:
    return replace(followup(), parties=(GULI, RARE, ORG), visited_person="")


def hard_case_file(paper: tuple[PaperMaterial, ...] | None = None) -> CaseFileDoc:
    materials = paper if paper is not None else (
        PaperMaterial("权利义务告知书", 2), PaperMaterial("当事人身份证明", 3, scanned=True),
    )
    return replace(
        case_file(), title="阿依古丽·买买提等与伊宁县𬌗𠀀农业机械专业合作社有限责任公司农机作业纠纷",
        file_number="（2026）伊墩人调字第 41 号",
        documents=(hard_agreement(), application(), hard_register(), hard_record(), hard_followup(), hard_judicial()),
        paper_materials=materials,
    )


HARD = {
    "agreement": hard_agreement,
    "judicial": hard_judicial,
    "register": hard_register,
    "receipt": hard_receipt,
    "record": hard_record,
    "followup": hard_followup,
    "case-file": hard_case_file,
}
