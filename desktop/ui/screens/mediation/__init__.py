"""人民调解: the mediation room (the screen, its dialogs and one class per workspace tab)."""

from .common import ErrorLabel, FieldErrors, local, with_error
from .direct_dialog import DirectMediationDialog
from .screen import MediationScreen
from .terms import TermsEditor

__all__ = ["DirectMediationDialog", "ErrorLabel", "FieldErrors", "MediationScreen", "TermsEditor", "fit_to_screen", "local", "with_error"]
