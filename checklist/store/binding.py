"""Which rubric a draft is bound to: its file text (kept in the store) and its item ids."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from checklist.infile import os_reason
from checklist.store.errors import StoreError

if TYPE_CHECKING:
    from checklist.rubric import Loaded, Problem, Rubric


def rubric_source(loaded: Loaded) -> str:
    """The text of the file ``loaded`` came from, checked against its hash."""
    from checklist.rubric.yamlread import decode

    path = Path(loaded.path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        reason = "文件不存在" if isinstance(exc, FileNotFoundError) else f"无法读取（{os_reason(exc)}）"
        raise StoreError(f"评分细则文件 {path}：{reason}") from None
    if hashlib.sha256(raw).hexdigest() != loaded.sha256:
        raise StoreError(f"评分细则文件 {path} 在读取之后又被改动了，请重新选择它")
    text, _ = decode(raw)
    if text is None:
        raise StoreError(f"评分细则文件 {path} 不是 UTF-8 编码")
    return text


def parse_text(text: str, name: str) -> Rubric:
    """A rubric from stored text; StoreError with every problem when it is not valid."""
    from checklist.rubric import check_bytes

    rubric, problems = check_bytes(text.encode("utf-8"), name)
    if rubric is None or problems:
        raise unusable(problems)
    return rubric


def unusable(problems: list[Problem]) -> StoreError:
    return StoreError("评分细则有误，无法使用：\n" + "\n".join(str(p) for p in problems))


# The validated rubric of each stored text, as ``checklist.rubric.cache`` forms: a cache (losing
# it costs time, never data), so older versions of checklist may ignore the table; it is made
# when first written, without changing the store's format version.
FORMS = """CREATE TABLE IF NOT EXISTS rubric_forms (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, form TEXT NOT NULL
)"""


def put_form(conn: sqlite3.Connection, key: str, rubric: Rubric) -> None:
    """Keep the validated rubric of the text stored under ``key`` (in the caller's write)."""
    from checklist.rubric import cache

    conn.execute(FORMS)
    conn.execute(
        "INSERT OR REPLACE INTO rubric_forms (key, fingerprint, form) VALUES (?, ?, ?)",
        (key, cache.fingerprint(), cache.form(rubric)),
    )
    cache.keep(key, rubric)


def stored_rubric(conn: sqlite3.Connection, key: str) -> Rubric | None:
    """The rubric of the text under ``key`` without reading its YAML again: from this process's
    cache, or from the form the store keeps when this same code wrote it; None otherwise."""
    from checklist.rubric import cache

    found = cache.kept(key)
    if found is not None:
        return found
    try:
        row = conn.execute("SELECT fingerprint, form FROM rubric_forms WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError:  # no such table: a store no form was written to yet
        return None
    if row is None or row[0] != cache.fingerprint():
        return None
    rubric = cache.from_form(str(row[1]))
    if rubric is not None:
        cache.keep(key, rubric)
    return rubric


def put_text(conn: sqlite3.Connection, text: str, rubric: Rubric | None = None) -> str:
    """Keep one copy of a rubric text (and, given, the validated ``rubric`` it reads as); its key."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    conn.execute("INSERT OR IGNORE INTO rubric_texts (key, text) VALUES (?, ?)", (key, text))
    if rubric is not None:
        put_form(conn, key, rubric)
    return key


def drop_unused_texts(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM rubric_texts WHERE key NOT IN (SELECT rubric_key FROM assessments)")
    conn.execute(FORMS)
    conn.execute("DELETE FROM rubric_forms WHERE key NOT IN (SELECT key FROM rubric_texts)")


def bind_items(conn: sqlite3.Connection, assessment_id: int, rubric: Rubric) -> None:
    conn.execute("DELETE FROM rubric_items WHERE assessment_id = ?", (assessment_id,))
    conn.executemany(
        "INSERT OR IGNORE INTO rubric_items (assessment_id, item_id, position) VALUES (?, ?, ?)",
        [(assessment_id, item.id, n) for n, item in enumerate(rubric.items())],
    )


def bind_shipped(conn: sqlite3.Connection, assessment_id: int, rubric_id: str) -> None:
    """For drafts from an older store that kept no rubric text: the shipped rubric of that id,
    if there is one (its answers are matched by item id like any changed rubric)."""
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.shipped import find_shipped

    path = find_shipped(rubric_id) if rubric_id else None
    if path is None:
        return
    try:
        loaded = load_rubric(path)
        text = rubric_source(loaded)
    except (RubricError, StoreError):
        return
    conn.execute(
        "UPDATE assessments SET rubric_version = ?, rubric_sha256 = ?, rubric_path = ?, rubric_key = ? WHERE id = ?",
        (loaded.rubric.version, loaded.sha256, str(Path(loaded.path).resolve()), put_text(conn, text), assessment_id),
    )
    bind_items(conn, assessment_id, loaded.rubric)
