"""The store's one shape for saving a keyed value with its history: a draft's answer per item and
a review's decision per item are both "one row per (owner, item), every change appended to a
history table, the owner's ``updated`` touched", inside the caller's committed transaction."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Keyed:
    """Where one kind of keyed value lives (table and column names are ours, never the user's)."""

    table: str  # answers, review_decisions
    owner: str  # assessment_id, review_id
    value: str  # answer, decision
    history: str  # history, review_history
    history_key: str  # the history table's item column: item_id, key
    owners: str  # assessments, reviews (their ``updated`` is touched)


ANSWERS = Keyed("answers", "assessment_id", "answer", "history", "item_id", "assessments")
DECISIONS = Keyed("review_decisions", "review_id", "decision", "review_history", "key", "reviews")


def current(conn: sqlite3.Connection, kind: Keyed, owner: int, item_id: str) -> str | None:
    row = conn.execute(
        f"SELECT {kind.value} FROM {kind.table} WHERE {kind.owner} = ? AND item_id = ?", (owner, item_id)
    ).fetchone()
    return None if row is None else str(row[0])


def save(
    conn: sqlite3.Connection,
    kind: Keyed,
    owner: int,
    item_id: str,
    new: str | None,
    stamp: str,
    extra: dict[str, object] | None = None,
) -> bool:
    """Put ``new`` (None: remove the row) for ``item_id``, log the change; False when unchanged.
    ``extra``: more columns of the row (the answers' ``given``)."""
    old = current(conn, kind, owner, item_id)
    if old == new:
        return False
    if new is None:
        conn.execute(f"DELETE FROM {kind.table} WHERE {kind.owner} = ? AND item_id = ?", (owner, item_id))
    else:
        columns = [kind.value, *(extra or {}), "updated"]
        values = [new, *(extra or {}).values(), stamp]
        conn.execute(
            f"INSERT INTO {kind.table} ({kind.owner}, item_id, {', '.join(columns)})"
            f" VALUES (?, ?, {', '.join('?' for _ in columns)})"
            f" ON CONFLICT ({kind.owner}, item_id) DO UPDATE SET"
            f" {', '.join(f'{c} = excluded.{c}' for c in columns)}",
            (owner, item_id, *values),
        )
    log(conn, kind, owner, item_id, old, new, stamp)
    return True


def log(
    conn: sqlite3.Connection,
    kind: Keyed,
    owner: int,
    key: str,
    old: str | None,
    new: str | None,
    stamp: str,
    *,
    touch: bool = True,
) -> None:
    """One history row; the owner's ``updated`` moves with it unless ``touch`` is False."""
    conn.execute(
        f"INSERT INTO {kind.history} ({kind.owner}, {kind.history_key}, old, new, at) VALUES (?, ?, ?, ?, ?)",
        (owner, key, old, new, stamp),
    )
    if touch:
        conn.execute(f"UPDATE {kind.owners} SET updated = ? WHERE id = ?", (stamp, owner))
