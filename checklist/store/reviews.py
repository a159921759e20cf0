"""The township's reviews in the store: each decision saved the moment it is given, in its own
committed transaction with a history row, like an answer. Decisions are kept as JSON text
(``Decision.to_data``); the store knows nothing of the review model or of workbooks."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from checklist.store import keyed
from checklist.store.codec import iso, now, parse_time
from checklist.store.errors import StoreError

META = {"reviewer": "@reviewer", "date": "@date", "opinion": "@opinion"}


@dataclass(frozen=True)
class ReviewInfo:
    id: int
    source_path: str
    source_checksum: str
    rubric_id: str
    village: str
    township: str
    year: int | None
    reviewer: str
    date: str
    opinion: str
    created: datetime
    updated: datetime
    decisions: int = 0


@dataclass(frozen=True)
class ReviewChange:
    key: str  # an item id, or @reviewer / @date / @opinion
    old: Any
    new: Any
    at: datetime


_COLUMNS = (
    "id, source_path, source_checksum, rubric_id, village, township, year, reviewer, date, opinion, created, updated"
)


def _info(row: Any, decisions: int = 0) -> ReviewInfo:
    return ReviewInfo(
        id=row[0],
        source_path=row[1],
        source_checksum=row[2],
        rubric_id=row[3],
        village=row[4],
        township=row[5],
        year=row[6],
        reviewer=row[7],
        date=row[8],
        opinion=row[9],
        created=parse_time(row[10]),
        updated=parse_time(row[11]),
        decisions=decisions,
    )


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


class ReviewRecords:
    """Mixed into Store: the review tables (schema version 2)."""

    _write: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]
    _read: Callable[[], contextlib.AbstractContextManager[sqlite3.Connection]]

    def start_review(
        self,
        *,
        source_path: str,
        source_checksum: str,
        village_data: str,
        rubric_id: str,
        village: str,
        township: str,
        year: int | None,
        reviewer: str = "",
    ) -> int:
        """The review of one village workbook (by its 数据 checksum): the existing one if there is
        one, else a new one."""
        stamp = iso(now())
        with self._write() as conn:
            row = conn.execute(
                "SELECT id FROM reviews WHERE source_checksum = ? ORDER BY id DESC LIMIT 1", (source_checksum,)
            ).fetchone()
            if row is not None:
                conn.execute("UPDATE reviews SET source_path = ? WHERE id = ?", (source_path, row[0]))
                return int(row[0])
            cur = conn.execute(
                "INSERT INTO reviews (source_path, source_checksum, village_data, rubric_id, village, township, year,"
                " reviewer, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (source_path, source_checksum, village_data, rubric_id, village, township, year, reviewer, stamp, stamp),
            )
            assert cur.lastrowid is not None
            review_id = int(cur.lastrowid)
            if reviewer:
                keyed.log(conn, keyed.DECISIONS, review_id, "@reviewer", None, _dump(reviewer), stamp, touch=False)
            return review_id

    def reviews(self) -> list[ReviewInfo]:
        with self._read() as conn:
            rows = conn.execute(
                f"SELECT {_COLUMNS}, (SELECT count(*) FROM review_decisions d WHERE d.review_id = reviews.id)"
                " FROM reviews ORDER BY updated DESC, id DESC"
            ).fetchall()
        return [_info(r, r[12]) for r in rows]

    def review_info(self, review_id: int) -> ReviewInfo:
        with self._read() as conn:
            row = conn.execute(f"SELECT {_COLUMNS} FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise StoreError(f"存储中没有编号为 {review_id} 的审核")
        return _info(row)

    def review_village_data(self, review_id: int) -> str:
        with self._read() as conn:
            row = conn.execute("SELECT village_data FROM reviews WHERE id = ?", (review_id,)).fetchone()
        if row is None:
            raise StoreError(f"存储中没有编号为 {review_id} 的审核")
        return str(row[0])

    def decisions(self, review_id: int) -> dict[str, dict[str, Any]]:
        """item id → decision data, in the order first given."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT item_id, decision FROM review_decisions WHERE review_id = ? ORDER BY rowid", (review_id,)
            ).fetchall()
        return {item_id: json.loads(text) for item_id, text in rows}

    def set_decision(self, review_id: int, item_id: str, decision: dict[str, Any] | None) -> None:
        """One decision in its own committed transaction (None or {} removes it: accepted as is)."""
        if not item_id or item_id.startswith("@"):
            raise StoreError("指标编号不能为空")
        new = _dump(decision) if decision else None
        with self._write() as conn:
            self._need_review(conn, review_id)
            keyed.save(conn, keyed.DECISIONS, review_id, item_id, new, iso(now()))

    def set_review_field(self, review_id: int, name: str, value: str) -> None:
        """审核人, 日期 or 总体意见, saved at once with history."""
        if name not in META:
            raise StoreError(f"审核没有“{name}”这一栏")
        with self._write() as conn:
            self._need_review(conn, review_id)
            row = conn.execute(f"SELECT {name} FROM reviews WHERE id = ?", (review_id,)).fetchone()
            if row[0] == value:
                return
            stamp = iso(now())
            conn.execute(f"UPDATE reviews SET {name} = ?, updated = ? WHERE id = ?", (value, stamp, review_id))
            keyed.log(conn, keyed.DECISIONS, review_id, META[name], _dump(row[0]), _dump(value), stamp, touch=False)

    def review_history(self, review_id: int, key: str | None = None) -> list[ReviewChange]:
        sql = "SELECT key, old, new, at FROM review_history WHERE review_id = ?"
        params: tuple[object, ...] = (review_id,)
        if key is not None:
            sql += " AND key = ?"
            params += (key,)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [
            ReviewChange(k, None if o is None else json.loads(o), None if n is None else json.loads(n), parse_time(at))
            for k, o, n, at in rows
        ]

    @staticmethod
    def _need_review(conn: sqlite3.Connection, review_id: int) -> None:
        if conn.execute("SELECT 1 FROM reviews WHERE id = ?", (review_id,)).fetchone() is None:
            raise StoreError(f"存储中没有编号为 {review_id} 的审核")
