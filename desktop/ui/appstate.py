"""What every screen gets: the service context, the signed-in actor, the change bus, paths, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desktop.config import Paths, Settings
from desktop.db.engine import Database
from desktop.db.uow import Actor, Context

from .bridge import ChangeBus


@dataclass
class AppState:
    paths: Paths
    db: Database
    ctx: Context
    bus: ChangeBus
    actor: Actor | None = None
    # Navigation, set by the main window: open a case's detail, show a screen by its key
    # ("dashboard", "reception", "cases", "mediation", "assigned", "grid_event", "appointment",
    # "statistics", "sync", "settings"), and show the case list with a given CaseFilter.
    open_case: Callable[[str], None] | None = None
    open_screen: Callable[[str], None] | None = None
    open_case_list: Callable[[Any], None] | None = None

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no user signed in")
        return self.actor

    def save_settings(self) -> None:
        self.ctx.settings.save(self.paths.settings_file)

    def show_case(self, case_id: str) -> None:
        if self.open_case is not None:
            self.open_case(case_id)

    def show_screen(self, key: str) -> None:
        if self.open_screen is not None:
            self.open_screen(key)
