"""Mediation documents as PDF (reportlab, no Qt): agreement, records, receipt, judicial confirmation, case file."""

from .dispatch import render
from .errors import DocumentError
from .model import (
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

__all__ = [
    "AcceptanceRegisterDoc",
    "AgreementDoc",
    "ApplicationDoc",
    "CaseFileDoc",
    "DocumentError",
    "FollowupDoc",
    "JudicialConfirmationDoc",
    "MediationRecordDoc",
    "OralAgreementDoc",
    "PartyInfo",
    "ReceiptDoc",
    "Statement",
    "render",
]
