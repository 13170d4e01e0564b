"""What every screen gets: the service context, the signed-in actor, the change bus, paths, settings."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def settings(self) -> Settings:
        return self.ctx.settings

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise RuntimeError("no user signed in")
        return self.actor

    def save_settings(self) -> None:
        self.ctx.settings.save(self.paths.settings_file)
