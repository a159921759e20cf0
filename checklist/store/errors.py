"""What the store raises: a Chinese message that names the file and says what to do."""

from __future__ import annotations

from pathlib import Path

from checklist.errors import UserError


class StoreError(UserError):
    """The store cannot do what was asked; ``str(exc)`` is the Chinese message to show.

    ``can_start_fresh`` is True when the file itself is unusable (corrupt, unreadable, not a
    database): then ``Store.start_fresh(path)`` moves it aside and creates a new store.
    """

    def __init__(self, message: str, path: Path | None = None, *, can_start_fresh: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.can_start_fresh = can_start_fresh


class StoreLocked(StoreError):
    """Another window (process) holds the edit lock of that assessment: this one is read-only."""

    def __init__(self, message: str, path: Path | None = None, *, holder: str | None = None) -> None:
        super().__init__(message, path)
        self.holder = holder
