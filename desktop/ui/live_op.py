"""`LiveOp`: an Op whose callbacks are dropped when its parent widget has been deleted meanwhile.

A screen closed (or a test's widget destroyed) while its query runs must not get callbacks on dead
widgets. Suggested for desktop/ui/ops.py itself; kept here until the lead folds it in.
"""

from __future__ import annotations

from typing import TypeVar

import shiboken6

from .ops import Op

T = TypeVar("T")


class LiveOp(Op[T]):
    def _finish(self) -> None:
        if self.parent is not None and not shiboken6.isValid(self.parent):
            return
        super()._finish()
