"""人民调解: the mediation room (the screen, its dialogs and one class per workspace tab)."""

from .direct_dialog import DirectMediationDialog
from .screen import MediationScreen
from .terms import TermsEditor

__all__ = ["DirectMediationDialog", "MediationScreen", "TermsEditor"]
