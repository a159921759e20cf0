"""Saving a workbook so that a crash never leaves half a file, and nothing is overwritten
unless asked: written beside the target, flushed to disk, then renamed into place."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from checklist.errors import UserError


class TargetExists(UserError):
    """The target is there and overwriting was not asked for; ``hint`` says how to."""

    hint = "如要覆盖，请加 --force"

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(f"{path} 已存在；{self.hint}")


def save_workbook(wb: Any, target: Path, *, force: bool, exists: Callable[[Path], Exception]) -> Path:
    """``exists(target)`` is raised when the file is there (or appears meanwhile) and not ``force``."""
    if target.exists() and not force:
        raise exists(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.stem[:40]}.", suffix=".tmp", dir=target.parent)
    tmp = Path(tmp_name)
    try:
        os.chmod(tmp, _file_mode())
        with os.fdopen(fd, "w+b") as handle:
            wb.save(handle)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target, exists)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            _drop_half_written(exc)
        raise
    return target


def _drop_half_written(exc: OSError) -> None:
    """A failed save (disk full, ``ulimit -f``) leaves openpyxl's zip and sheet writers half
    done, referenced by the traceback; freed later they print “Exception ignored in
    ZipFile.__del__ …”. Free them now, with that noise silenced: the caller reports the error."""
    import gc
    import sys

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        exc.__traceback__ = None
        exc.__context__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def _file_mode() -> int:
    """What an ordinary new file gets (mkstemp makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _place_new(tmp: Path, target: Path, exists: Callable[[Path], Exception]) -> None:
    """Rename without overwriting: a hard link fails if the target appeared meanwhile."""
    try:
        os.link(tmp, target)
    except FileExistsError:
        raise exists(target) from None
    except OSError:  # no hard links here (FAT, some network shares): check, then rename
        if target.exists():
            raise exists(target) from None
        os.replace(tmp, target)
        return
    tmp.unlink()
