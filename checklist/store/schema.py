"""The store's schema, its version (``PRAGMA user_version``) and the migrations to it.

Version 0 is the prototype layout (kept here so old files still open): ``assessments``
without the rubric hash, path and text; ``answers`` with value/na/note columns; no history,
no locks. Each migration runs in one transaction together with the new ``user_version``;
before migrating, ``Store.open`` copies the file aside (``*.v0-backup-…``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from decimal import Decimal

from checklist.store.codec import dump_answer, iso, now, parse_time

SCHEMA_VERSION = 2

SCHEMA_V1 = """
CREATE TABLE assessments (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    rubric_id      TEXT NOT NULL,
    rubric_version TEXT NOT NULL DEFAULT '',
    rubric_sha256  TEXT NOT NULL DEFAULT '',
    rubric_path    TEXT NOT NULL DEFAULT '',
    rubric_key     TEXT NOT NULL DEFAULT '',   -- rubric_texts.key of the file text ('' if none is known)
    profile        TEXT,
    village        TEXT NOT NULL DEFAULT '',
    township       TEXT NOT NULL DEFAULT '',
    year           INTEGER,
    assessor       TEXT NOT NULL DEFAULT '',
    created        TEXT NOT NULL,              -- ISO 8601 with the UTC offset
    updated        TEXT NOT NULL
);
CREATE TABLE rubric_texts (                   -- the rubric file as it was bound: opens even if the file moved
    key            TEXT PRIMARY KEY,           -- sha256 of the text (UTF-8); one copy per distinct rubric
    text           TEXT NOT NULL
);
CREATE TABLE rubric_items (                    -- the item ids of the bound rubric, in order
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    position       INTEGER NOT NULL,
    PRIMARY KEY (assessment_id, item_id)
) WITHOUT ROWID;
CREATE TABLE answers (                         -- kept even when the rubric no longer has the item
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    answer         TEXT NOT NULL,              -- JSON of Answer.model_dump, decimals exact
    given          INTEGER NOT NULL,           -- 1: a value or N/A
    updated        TEXT NOT NULL,
    PRIMARY KEY (assessment_id, item_id)
);
CREATE TABLE history (                         -- append-only: every change of an answer
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    assessment_id  INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    old            TEXT,                       -- NULL: there was no answer
    new            TEXT,
    at             TEXT NOT NULL
);
CREATE INDEX history_by_item ON history (assessment_id, item_id, id);
CREATE TABLE locks (                           -- the edit lock of an assessment (no fcntl: works on Windows)
    assessment_id  INTEGER PRIMARY KEY REFERENCES assessments(id) ON DELETE CASCADE,
    token          TEXT NOT NULL,              -- which Store object holds it
    pid            INTEGER NOT NULL,
    host           TEXT NOT NULL,
    owner          TEXT NOT NULL DEFAULT '',
    since          TEXT NOT NULL,
    heartbeat      TEXT NOT NULL
);
"""

TABLES_V1 = {"assessments", "rubric_texts", "rubric_items", "answers", "history", "locks"}

# Version 2: the township's reviews (审核) of village workbooks, one row per decision, with history.
SCHEMA_V2 = """
CREATE TABLE reviews (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    source_path    TEXT NOT NULL DEFAULT '',   -- the village workbook reviewed, where it was
    source_checksum TEXT NOT NULL,             -- its 数据 checksum: the review is bound to it
    village_data   TEXT NOT NULL DEFAULT '',   -- its 数据 payload text, so the review opens if the file moved
    rubric_id      TEXT NOT NULL DEFAULT '',
    village        TEXT NOT NULL DEFAULT '',
    township       TEXT NOT NULL DEFAULT '',
    year           INTEGER,
    reviewer       TEXT NOT NULL DEFAULT '',
    date           TEXT NOT NULL DEFAULT '',
    opinion        TEXT NOT NULL DEFAULT '',
    created        TEXT NOT NULL,
    updated        TEXT NOT NULL
);
CREATE INDEX reviews_by_checksum ON reviews (source_checksum);
CREATE TABLE review_decisions (
    review_id      INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    item_id        TEXT NOT NULL,
    decision       TEXT NOT NULL,              -- JSON of Decision.to_data
    updated        TEXT NOT NULL,
    PRIMARY KEY (review_id, item_id)
);
CREATE TABLE review_history (                  -- append-only: every decision and every change of the review block
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    review_id      INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    key            TEXT NOT NULL,              -- an item id, or @reviewer / @date / @opinion
    old            TEXT,
    new            TEXT,
    at             TEXT NOT NULL
);
CREATE INDEX review_history_by_key ON review_history (review_id, key, id);
"""

TABLES_V2 = TABLES_V1 | {"reviews", "review_decisions", "review_history"}

# The prototype layout, for recognising a version-0 file.
COLUMNS_V0 = {
    "assessments": {
        "id",
        "rubric_id",
        "rubric_version",
        "profile",
        "village",
        "township",
        "year",
        "assessor",
        "created",
        "updated",
    },
    "answers": {"assessment_id", "item_id", "value", "na", "note"},
}


def create(conn: sqlite3.Connection) -> None:
    """The current schema in an empty database (inside the caller's transaction)."""
    for statement in _statements(SCHEMA_V1) + _statements(SCHEMA_V2):
        conn.execute(statement)


def _statements(script: str) -> list[str]:
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


def user_tables(conn: sqlite3.Connection) -> set[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return {r[0] for r in rows}


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}


def looks_like_v0(conn: sqlite3.Connection) -> bool:
    tables = user_tables(conn)
    return set(COLUMNS_V0) <= tables and all(need <= columns(conn, t) for t, need in COLUMNS_V0.items())


def looks_like_current(conn: sqlite3.Connection) -> bool:
    return user_tables(conn) >= TABLES_V2


def _v0_to_v1(conn: sqlite3.Connection) -> None:
    from checklist.store.binding import bind_shipped

    conn.execute("ALTER TABLE assessments RENAME TO assessments_v0")
    conn.execute("ALTER TABLE answers RENAME TO answers_v0")
    for statement in _statements(SCHEMA_V1):
        conn.execute(statement)
    stamp = iso(now())
    rows = conn.execute(
        "SELECT id, rubric_id, rubric_version, profile, village, township, year, assessor, created, updated"
        " FROM assessments_v0 ORDER BY id"
    ).fetchall()
    for aid, rubric_id, version, profile, village, township, year, assessor, created, updated in rows:
        created_at = _time_or(created, stamp)
        conn.execute(
            "INSERT INTO assessments (id, rubric_id, rubric_version, profile, village, township, year, assessor,"
            " created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                aid,
                rubric_id or "",
                version or "",
                profile,
                village or "",
                township or "",
                year,
                assessor or "",
                created_at,
                _time_or(updated, created_at),
            ),
        )
        bind_shipped(conn, aid, rubric_id or "")
    for aid, item_id, value, na, note in conn.execute(
        "SELECT assessment_id, item_id, value, na, note FROM answers_v0 ORDER BY rowid"
    ).fetchall():
        from checklist.assessment import Answer

        answer = Answer(value=_v0_value(value), na=bool(na), note=note or "")
        conn.execute(
            "INSERT OR REPLACE INTO answers (assessment_id, item_id, answer, given, updated) VALUES (?, ?, ?, ?, ?)",
            (aid, item_id, dump_answer(answer), int(answer.given), stamp),
        )
    conn.execute("DROP TABLE answers_v0")
    conn.execute("DROP TABLE assessments_v0")


def _v0_value(text: object) -> object:
    if text is None:
        return None
    try:
        return json.loads(str(text), parse_float=Decimal)
    except ValueError:
        return str(text)


def _time_or(text: object, fallback: str) -> str:
    try:
        return iso(parse_time(str(text)))
    except (TypeError, ValueError):
        return fallback


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    for statement in _statements(SCHEMA_V2):
        conn.execute(statement)


# MIGRATIONS[n] takes a version-n database to version n+1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {0: _v0_to_v1, 1: _v1_to_v2}
