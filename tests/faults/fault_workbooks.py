"""Real workbooks, mutated as a chat app, a USB stick or a hand in Excel would: members
rewritten, swapped, renamed, dropped; the file truncated or bytes flipped."""

from __future__ import annotations

import random
import zipfile
from collections.abc import Callable
from pathlib import Path

Members = dict[str, bytes]


def members(path: Path) -> Members:
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write(path: Path, parts: Members) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def rewrite(src: Path, dst: Path, change: Callable[[Members], Members]) -> Path:
    return write(dst, change(members(src)))


def replace_in(parts: Members, old: bytes, new: bytes) -> Members:
    """``old`` → ``new`` in the first member holding it (the 数据 payload, for our text)."""
    for name, data in parts.items():
        if old in data:
            return {**parts, name: data.replace(old, new, 1)}
    raise AssertionError(f"{old!r} is in no member")


def tamper_data(src: Path, dst: Path) -> Path:
    """The village name changed inside the hidden payload, its checksum left as it was."""
    return rewrite(src, dst, lambda p: replace_in(p, '"village":"桃源村"'.encode(), '"village":"桃花村"'.encode()))


def truncated(src: Path, dst: Path, keep: float) -> Path:
    raw = src.read_bytes()
    dst.write_bytes(raw[: int(len(raw) * keep)])
    return dst


def flipped(src: Path, dst: Path, rng: random.Random, count: int) -> Path:
    raw = bytearray(src.read_bytes())
    for _ in range(count):
        at = rng.randrange(len(raw))
        raw[at] ^= 1 << rng.randrange(8)
    dst.write_bytes(bytes(raw))
    return dst


def swapped(src: Path, dst: Path, a: str, b: str) -> Path:
    def change(p: Members) -> Members:
        return {**p, a: p[b], b: p[a]}

    return rewrite(src, dst, change)


def renamed(src: Path, dst: Path, old: str, new: str) -> Path:
    return rewrite(src, dst, lambda p: {(new if k == old else k): v for k, v in p.items()})


def dropped(src: Path, dst: Path, name: str) -> Path:
    return rewrite(src, dst, lambda p: {k: v for k, v in p.items() if k != name})
