"""The one error documents raise for bad input: a Chinese message the mediator can act on."""

from __future__ import annotations


class DocumentError(ValueError):
    """A document cannot be produced from this input; ``problems`` lists every reason found."""

    def __init__(self, message: str, problems: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or (message,)

    def __str__(self) -> str:
        return self.message
