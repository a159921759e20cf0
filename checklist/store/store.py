"""The store: one SQLite file holding every draft, each answer committed the moment it is given.

Durability: WAL journal, ``synchronous=FULL``, one ``BEGIN IMMEDIATE … COMMIT`` per answer, so
closing the terminal, a crash or a SIGKILL loses nothing that ``set_answer`` returned from.
Two processes share the file through SQLite's own locking (``busy_timeout``); who may *edit* an
assessment is decided by a lock row in the same file (see ``locks.py``), never by fcntl.
A file that is not a usable store is never modified: ``Store.open`` raises ``StoreError``.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from checklist.dates import zh_time
from checklist.infile import os_reason
from checklist.store import keyed, schema
from checklist.store.binding import (
    bind_items,
    drop_unused_texts,
    parse_text,
    put_form,
    put_text,
    rubric_source,
    stored_rubric,
)
from checklist.store.codec import dump_answer, iso, load_answer, now, parse_time
from checklist.store.errors import StoreError, StoreFinal, StoreLocked
from checklist.store.locks import LockRow, row_from, this_host
from checklist.store.reviews import ReviewRecords

if TYPE_CHECKING:  # the models (pydantic) load when a draft is read, not when the store opens
    from checklist.assessment import Answer, Assessment
    from checklist.rubric import Loaded, Rubric

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000


def default_store_path() -> Path:
    """``CHECKLIST_STORE`` if set, else ``checklist.sqlite3`` in the user data folder."""
    env = os.environ.get("CHECKLIST_STORE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return platformdirs.user_data_path("checklist", appauthor=False) / "checklist.sqlite3"


# One statement for a draft created here and one imported from a file: the same columns.
_INSERT_ASSESSMENT = (
    "INSERT INTO assessments (rubric_id, rubric_version, rubric_sha256, rubric_path, rubric_key,"
    " profile, village, township, year, assessor, created, updated)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True)
class DraftInfo:
    id: int
    village: str
    township: str
    year: int | None
    assessor: str
    profile: str | None
    rubric_id: str
    rubric_version: str
    rubric_sha256: str
    rubric_path: str
    answered: int  # items of the bound rubric with a value or N/A
    created: datetime
    updated: datetime
    items: int = 0  # items in the bound rubric
    finalized: datetime | None = None  # 定稿时间; None while a draft


@dataclass(frozen=True)
class FinalChange:
    """One 定稿 (``final`` True) or 撤回定稿 (False), as kept in the draft's history."""

    final: bool
    at: datetime


@dataclass(frozen=True)
class Change:
    item_id: str
    old: Answer | None  # None: there was no answer before
    new: Answer | None
    at: datetime


class Store(ReviewRecords):
    """Open with ``Store.open(path)``; every method raises StoreError (Chinese) on failure."""

    def __init__(self, path: Path, conn: sqlite3.Connection, owner: str = "") -> None:
        self.path = path
        self.owner = owner
        self._conn: sqlite3.Connection | None = conn
        self._mutex = threading.RLock()
        self._token = uuid.uuid4().hex
        self._held: set[int] = set()

    # --- opening and closing ----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, *, owner: str = "") -> Store:
        """Create the folder and file if needed, check it, migrate it to the current schema."""
        target = Path(path).expanduser() if path is not None else default_store_path()
        return cls(target, _connect(target), owner)

    @classmethod
    def start_fresh(cls, path: Path | None = None, *, owner: str = "") -> Store:
        """Move an unusable store file aside (``NAME.broken-YYYYmmdd-HHMMSS``, with its -wal and
        -shm files) and create a new, empty store in its place. Nothing is deleted.

        Only a file whose StoreError says ``can_start_fresh`` is moved: a store that opens is
        returned as it is, and one that is busy, from a newer checklist or another program's
        database raises its StoreError again (moving those would hide good data)."""
        target = Path(path).expanduser() if path is not None else default_store_path()
        try:
            return cls.open(target, owner=owner)
        except StoreError as exc:
            if not exc.can_start_fresh:
                raise
        stamp = now().strftime("%Y%m%d-%H%M%S")
        aside = target.with_name(f"{target.name}.broken-{stamp}")
        n = 1
        while aside.exists():
            aside = target.with_name(f"{target.name}.broken-{stamp}-{n}")
            n += 1
        try:
            target.replace(aside)
            for suffix in ("-wal", "-shm", "-journal"):
                side = target.with_name(target.name + suffix)
                if side.exists():
                    side.replace(aside.with_name(aside.name + suffix))
        except OSError as exc:
            raise StoreError(f"无法把存储文件 {target} 改名为 {aside.name}（{os_reason(exc)}）", target) from None
        return cls.open(target, owner=owner)

    def close(self) -> None:
        """Release the locks this Store holds and close the file. Safe to call twice."""
        with self._mutex:
            if self._conn is None:
                return
            for assessment_id in list(self._held):
                with contextlib.suppress(StoreError):
                    self.release(assessment_id)
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    # --- drafts -------------------------------------------------------------------------------

    def create(
        self, loaded: Loaded, *, profile: str | None, village: str, township: str, year: int, assessor: str
    ) -> int:
        """A new draft bound to ``loaded`` (its file text is kept in the store)."""
        text = rubric_source(loaded)
        rubric = loaded.rubric
        _check_profile(rubric, profile)
        stamp = iso(now())
        with self._write() as conn:
            cur = conn.execute(
                _INSERT_ASSESSMENT,
                (
                    rubric.id,
                    rubric.version,
                    loaded.sha256,
                    _abs(loaded.path),
                    put_text(conn, text, rubric),
                    profile,
                    village,
                    township,
                    year,
                    assessor,
                    stamp,
                    stamp,
                ),
            )
            assessment_id = _rowid(cur)
            bind_items(conn, assessment_id, rubric)
        return assessment_id

    def drafts(self) -> list[DraftInfo]:
        """Every draft, the most recently updated first."""
        with self._read() as conn:
            rows = conn.execute(
                """
                SELECT a.id, a.village, a.township, a.year, a.assessor, a.profile, a.rubric_id, a.rubric_version,
                       a.rubric_sha256, a.rubric_path, a.created, a.updated, coalesce(i.n, 0), coalesce(g.n, 0),
                       (SELECT CASE WHEN f.final THEN f.at END FROM finals f
                        WHERE f.assessment_id = a.id ORDER BY f.id DESC LIMIT 1)
                FROM assessments a
                LEFT JOIN (SELECT assessment_id, count(*) AS n FROM rubric_items GROUP BY assessment_id) i
                       ON i.assessment_id = a.id
                LEFT JOIN (SELECT x.assessment_id, count(*) AS n FROM answers x JOIN rubric_items r
                             ON r.assessment_id = x.assessment_id AND r.item_id = x.item_id
                           WHERE x.given GROUP BY x.assessment_id) g
                       ON g.assessment_id = a.id
                """
            ).fetchall()
        drafts = [
            DraftInfo(
                id=r[0],
                village=r[1],
                township=r[2],
                year=r[3],
                assessor=r[4],
                profile=r[5],
                rubric_id=r[6],
                rubric_version=r[7],
                rubric_sha256=r[8],
                rubric_path=r[9],
                answered=r[13],
                created=parse_time(r[10]),
                updated=parse_time(r[11]),
                items=r[12],
                finalized=None if r[14] is None else parse_time(r[14]),
            )
            for r in rows
        ]
        drafts.sort(key=lambda d: (d.updated, d.id), reverse=True)
        return drafts

    def assessment(self, assessment_id: int) -> Assessment:
        """The draft as the DESIGN.md assessment; answers in rubric order, then any whose item
        the rubric no longer has (kept, see ``orphans``)."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT rubric_id, rubric_version, rubric_sha256, profile, village, township, year, assessor,"
                " created, updated FROM assessments WHERE id = ?",
                (assessment_id,),
            ).fetchone()
            if row is None:
                raise _no_such(assessment_id)
            finalized = _final_at(conn, assessment_id)
            answers = conn.execute(
                "SELECT x.item_id, x.answer FROM answers x LEFT JOIN rubric_items r"
                " ON r.assessment_id = x.assessment_id AND r.item_id = x.item_id"
                " WHERE x.assessment_id = ? ORDER BY r.position IS NULL, r.position, x.rowid",
                (assessment_id,),
            ).fetchall()
        from checklist.assessment import Assessment, RubricRef

        return Assessment(
            rubric=RubricRef(id=row[0], version=row[1], sha256=row[2]),
            profile=row[3],
            village=row[4],
            township=row[5],
            year=row[6],
            assessor=row[7],
            created=parse_time(row[8]),
            updated=parse_time(row[9]),
            finalized=finalized,
            answers={item_id: load_answer(text) for item_id, text in answers},
        )

    def rubric_text(self, assessment_id: int) -> str:
        """The rubric file text saved with the draft."""
        with self._read() as conn:
            row = conn.execute(
                "SELECT t.text FROM assessments a LEFT JOIN rubric_texts t ON t.key = a.rubric_key WHERE a.id = ?",
                (assessment_id,),
            ).fetchone()
        if row is None:
            raise _no_such(assessment_id)
        return "" if row[0] is None else str(row[0])

    def rubric(self, assessment_id: int, name: str = "") -> Rubric:
        """The rubric the draft is bound to, read and validated once: from the form the store
        keeps beside its text (``binding.stored_rubric``); else its text is checked (every
        problem in a StoreError, as from ``name``) and the form kept for next time."""
        with self._read() as conn:
            row = conn.execute("SELECT rubric_key, rubric_id FROM assessments WHERE id = ?", (assessment_id,)).fetchone()
            if row is None:
                raise _no_such(assessment_id)
            found = stored_rubric(conn, str(row[0])) if row[0] else None
        if found is not None:
            return found
        text = self.rubric_text(assessment_id)
        rubric = parse_text(text, name or str(row[1]))
        if row[0]:  # a cache: if the store is busy or read-only, the next open checks the text again
            with contextlib.suppress(StoreError), self._write() as conn:
                put_form(conn, str(row[0]), rubric)
        return rubric

    def import_assessment(self, a: Assessment, rubric_text: str, rubric_path: str, sha256: str) -> int:
        """A new draft holding ``a`` (all its answers, including any the rubric lacks)."""
        rubric = parse_text(rubric_text, rubric_path or a.rubric.id)
        if rubric.id != a.rubric.id:
            raise StoreError(f"自评对应的评分细则是“{a.rubric.id}”，不是“{rubric.id}”")
        _check_profile(rubric, a.profile)
        stamp = iso(now())
        created = iso(a.created) if a.created else stamp
        updated = iso(a.updated) if a.updated else created
        encoded = [(item_id, dump_answer(ans), int(ans.given)) for item_id, ans in a.answers.items()]
        with self._write() as conn:
            cur = conn.execute(
                _INSERT_ASSESSMENT,
                (
                    rubric.id,
                    rubric.version,
                    sha256,
                    rubric_path,
                    put_text(conn, rubric_text, rubric),
                    a.profile,
                    a.village,
                    a.township,
                    a.year,
                    a.assessor,
                    created,
                    updated,
                ),
            )
            assessment_id = _rowid(cur)
            bind_items(conn, assessment_id, rubric)
            conn.executemany(
                "INSERT INTO answers (assessment_id, item_id, answer, given, updated) VALUES (?, ?, ?, ?, ?)",
                [(assessment_id, item_id, text, given, stamp) for item_id, text, given in encoded],
            )
            conn.executemany(
                "INSERT INTO history (assessment_id, item_id, old, new, at) VALUES (?, ?, NULL, ?, ?)",
                [(assessment_id, item_id, text, stamp) for item_id, text, _ in encoded],
            )
            if a.finalized is not None:  # a final file stays final, with its own 定稿时间
                conn.execute(
                    "INSERT INTO finals (assessment_id, final, at) VALUES (?, 1, ?)", (assessment_id, iso(a.finalized))
                )
        return assessment_id

    def update_rubric(self, assessment_id: int, loaded: Loaded) -> None:
        """Re-bind a draft to a changed rubric (same rubric id). Answers are matched by item id;
        answers to items the new rubric lacks stay in the store (``orphans`` lists them)."""
        text = rubric_source(loaded)
        rubric = loaded.rubric
        with self._write() as conn:
            row = conn.execute("SELECT rubric_id, profile FROM assessments WHERE id = ?", (assessment_id,)).fetchone()
            if row is None:
                raise _no_such(assessment_id)
            self._refuse_if_other_holder(conn, assessment_id)
            if rubric.id != row[0]:
                raise StoreError(f"这份自评按评分细则“{row[0]}”填写，不能换成另一份细则“{rubric.id}”")
            _check_profile(rubric, row[1])
            conn.execute(
                "UPDATE assessments SET rubric_version = ?, rubric_sha256 = ?, rubric_path = ?, rubric_key = ?,"
                " updated = ? WHERE id = ?",
                (rubric.version, loaded.sha256, _abs(loaded.path), put_text(conn, text, rubric), iso(now()), assessment_id),
            )
            bind_items(conn, assessment_id, rubric)
            drop_unused_texts(conn)

    def orphans(self, assessment_id: int, rubric: Rubric) -> list[str]:
        """Item ids with an answer (a value, N/A, a note or evidence) that ``rubric`` lacks."""
        with self._read() as conn:
            self._need(conn, assessment_id)
            rows = conn.execute(
                "SELECT item_id, answer FROM answers WHERE assessment_id = ? ORDER BY rowid", (assessment_id,)
            ).fetchall()
        index = rubric.item_index()
        return [item_id for item_id, text in rows if item_id not in index and _has_content(load_answer(text))]

    def delete(self, assessment_id: int) -> None:
        """Remove a draft with its answers and history (refused while another window edits it)."""
        with self._write() as conn:
            self._need(conn, assessment_id)
            self._refuse_if_other_holder(conn, assessment_id)
            for table in ("history", "finals", "answers", "rubric_items", "locks"):
                conn.execute(f"DELETE FROM {table} WHERE assessment_id = ?", (assessment_id,))
            conn.execute("DELETE FROM assessments WHERE id = ?", (assessment_id,))
            drop_unused_texts(conn)
        self._held.discard(assessment_id)

    # --- answers ------------------------------------------------------------------------------

    def set_answer(self, assessment_id: int, item_id: str, answer: Answer) -> None:
        """Save one answer in its own committed transaction, with a history row.

        Raises StoreLocked (nothing saved) unless this Store holds the assessment's lock.
        Giving the same answer again changes nothing."""
        if not item_id:
            raise StoreError("指标编号不能为空")
        new = dump_answer(answer)
        with self._write() as conn:
            self._check_holder(conn, assessment_id)
            _refuse_if_final(conn, assessment_id)
            stamp = iso(now())
            conn.execute(
                "UPDATE locks SET heartbeat = ? WHERE assessment_id = ? AND token = ?",
                (stamp, assessment_id, self._token),
            )
            keyed.save(conn, keyed.ANSWERS, assessment_id, item_id, new, stamp, {"given": int(answer.given)})

    def history(self, assessment_id: int, item_id: str | None = None) -> list[Change]:
        """The changes of one draft (or of one of its items), oldest first."""
        sql = "SELECT item_id, old, new, at FROM history WHERE assessment_id = ?"
        params: tuple[object, ...] = (assessment_id,)
        if item_id is not None:
            sql += " AND item_id = ?"
            params += (item_id,)
        with self._read() as conn:
            self._need(conn, assessment_id)
            rows = conn.execute(sql + " ORDER BY id", params).fetchall()
        return [
            Change(
                item_id=r[0],
                old=None if r[1] is None else load_answer(r[1]),
                new=None if r[2] is None else load_answer(r[2]),
                at=parse_time(r[3]),
            )
            for r in rows
        ]

    # --- 定稿 (final) and 撤回定稿 (reopen) ------------------------------------------------------

    def finalized(self, assessment_id: int) -> datetime | None:
        """The 定稿时间 when the draft is final (read-only), else None."""
        with self._read() as conn:
            self._need(conn, assessment_id)
            return _final_at(conn, assessment_id)

    def finalize(self, assessment_id: int) -> datetime:
        """Mark the draft 定稿 (read-only until ``reopen``); returns the 定稿时间. The check of
        what is unanswered or invalid is the caller's (it needs the rubric and the Result)."""
        return self._set_final(assessment_id, True)

    def reopen(self, assessment_id: int) -> datetime:
        """撤回定稿: the draft can be edited again; the 定稿 stays in its history."""
        return self._set_final(assessment_id, False)

    def final_history(self, assessment_id: int) -> list[FinalChange]:
        """Every 定稿 and 撤回定稿 of the draft, oldest first."""
        with self._read() as conn:
            self._need(conn, assessment_id)
            rows = conn.execute(
                "SELECT final, at FROM finals WHERE assessment_id = ? ORDER BY id", (assessment_id,)
            ).fetchall()
        return [FinalChange(final=bool(r[0]), at=parse_time(r[1])) for r in rows]

    def _set_final(self, assessment_id: int, final: bool) -> datetime:
        with self._write() as conn:
            self._need(conn, assessment_id)
            self._refuse_if_other_holder(conn, assessment_id)
            already = _final_at(conn, assessment_id)
            if final and already is not None:
                raise StoreError(f"这份自评已于{zh_time(already)}定稿")
            if not final and already is None:
                raise StoreError("这份自评尚未定稿，无需撤回")
            moment = now()
            conn.execute(
                "INSERT INTO finals (assessment_id, final, at) VALUES (?, ?, ?)",
                (assessment_id, int(final), iso(moment)),
            )
        return moment

    # --- the edit lock --------------------------------------------------------------------------

    def acquire(self, assessment_id: int) -> bool:
        """Take the edit lock. False when another live window holds it (open read-only then and
        show ``lock_holder``); a stale lock (holder gone, or silent for 2 minutes) is taken over."""
        with self._write() as conn:
            self._need(conn, assessment_id)
            row = _lock(conn, assessment_id)
            mine = row is not None and row.token == self._token
            if row is not None and not mine and not row.stale():
                return False
            stamp = iso(now())
            since = iso(row.since) if row is not None and mine else stamp
            conn.execute(
                "INSERT OR REPLACE INTO locks (assessment_id, token, pid, host, owner, since, heartbeat)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (assessment_id, self._token, os.getpid(), this_host(), self.owner, since, stamp),
            )
        self._held.add(assessment_id)
        return True

    def heartbeat(self, assessment_id: int) -> bool:
        """Keep the lock fresh (call every ``HEARTBEAT_SECONDS``); False if it was lost."""
        with self._write() as conn:
            cur = conn.execute(
                "UPDATE locks SET heartbeat = ? WHERE assessment_id = ? AND token = ?",
                (iso(now()), assessment_id, self._token),
            )
        if cur.rowcount != 1:
            self._held.discard(assessment_id)
            return False
        return True

    def release(self, assessment_id: int) -> None:
        with self._write() as conn:
            conn.execute("DELETE FROM locks WHERE assessment_id = ? AND token = ?", (assessment_id, self._token))
        self._held.discard(assessment_id)

    def lock_holder(self, assessment_id: int) -> str | None:
        """Who else holds the lock, in Chinese; None when it is free, stale, or held by this Store."""
        with self._read() as conn:
            row = _lock(conn, assessment_id)
        if row is None or row.token == self._token or row.stale():
            return None
        return row.describe()

    def holds(self, assessment_id: int) -> bool:
        """Whether this Store holds the lock (as far as the file says)."""
        with self._read() as conn:
            row = _lock(conn, assessment_id)
        return row is not None and row.token == self._token

    # --- internals ------------------------------------------------------------------------------

    def _check_holder(self, conn: sqlite3.Connection, assessment_id: int) -> None:
        row = _lock(conn, assessment_id)
        if row is not None and row.token == self._token:
            return
        self._need(conn, assessment_id)
        self._held.discard(assessment_id)
        if row is not None and not row.stale():
            holder = row.describe()
            raise StoreLocked(f"这份自评正由{holder}编辑，本窗口只能查看，这一项没有保存", self.path, holder=holder)
        raise StoreLocked("本窗口没有取得这份自评的编辑权，这一项没有保存；请重新打开这份自评", self.path)

    def _refuse_if_other_holder(self, conn: sqlite3.Connection, assessment_id: int) -> None:
        row = _lock(conn, assessment_id)
        if row is not None and row.token != self._token and not row.stale():
            holder = row.describe()
            raise StoreLocked(f"这份自评正由{holder}编辑，请在那里关闭后再操作", self.path, holder=holder)

    @staticmethod
    def _need(conn: sqlite3.Connection, assessment_id: int) -> None:
        if conn.execute("SELECT 1 FROM assessments WHERE id = ?", (assessment_id,)).fetchone() is None:
            raise _no_such(assessment_id)

    def _live(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"存储文件 {self.path} 已关闭", self.path)
        return self._conn

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.Error as exc:
            raise sqlite_problem(self.path, exc) from None

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken up front (BEGIN IMMEDIATE) so two processes queue on
        ``busy_timeout`` instead of failing; committed on success, rolled back otherwise."""
        with self._mutex, self._guard():
            conn = self._live()
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One read transaction: a consistent snapshot while another process writes."""
        with self._mutex, self._guard():
            conn = self._live()
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")


# --- opening a file ---------------------------------------------------------------------------


def _connect(path: Path) -> sqlite3.Connection:
    if path.is_dir():
        raise StoreError(f"{path} 是一个文件夹，不是存储文件；请用 --store 指定一个文件", path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"无法创建存储文件夹 {path.parent}（{os_reason(exc)}）", path) from None
    try:
        existing = path.exists() and path.stat().st_size > 0
    except OSError as exc:
        raise broken(path, f"无法读取（{os_reason(exc)}）") from None
    if existing:
        _check_header(path)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise sqlite_problem(path, exc) from None
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if existing:
            _check_integrity(conn, path)
        _prepare(conn, path)
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise sqlite_problem(path, exc) from None
    return conn


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as f:
            head = f.read(100)
    except OSError as exc:
        raise broken(path, f"无法读取（{os_reason(exc)}）") from None
    if not head.startswith(SQLITE_HEADER):
        raise broken(path, "这不是 checklist 的存储文件（不是 SQLite 数据库）")
    if len(head) < 100:
        raise broken(path, "文件不完整（可能被截断）")


def _check_integrity(conn: sqlite3.Connection, path: Path) -> None:
    """Reads only: a damaged file is reported before anything could write to it."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    if rows != [("ok",)]:
        raise broken(path, "文件已损坏（数据库完整性检查未通过）")


def _prepare(conn: sqlite3.Connection, path: Path) -> None:
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > schema.SCHEMA_VERSION:
        raise StoreError(
            f"存储文件 {path} 由较新版本的 checklist 创建（格式版本 {version}），本程序只认识到版本 "
            f"{schema.SCHEMA_VERSION}：请升级 checklist 后再打开。该文件没有被改动。",
            path,
        )
    tables = schema.user_tables(conn)
    if version == schema.SCHEMA_VERSION and not schema.looks_like_current(conn):
        raise broken(path, "文件缺少必要的数据表")
    if version == 0 and tables and not schema.looks_like_v0(conn):
        raise StoreError(
            f"{path} 是一个 SQLite 数据库，但不是 checklist 的存储文件，本程序不会改动它；"
            "请用 --store（或环境变量 CHECKLIST_STORE）指定另一个文件。",
            path,
        )
    if version < schema.SCHEMA_VERSION and tables:
        _backup(conn, path, version)
    if str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    if version < schema.SCHEMA_VERSION:
        _migrate(conn)
    conn.execute("PRAGMA foreign_keys = ON")


def _backup(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """A copy of the file as it was, before a migration touches it."""
    target = path.with_name(f"{path.name}.v{version}-backup-{now():%Y%m%d-%H%M%S}")
    copy = sqlite3.connect(str(target))
    try:
        conn.backup(copy)
    finally:
        copy.close()


def _migrate(conn: sqlite3.Connection) -> None:
    """Every step in one transaction, re-reading the version inside it (another process may
    have migrated meanwhile)."""
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        if version == 0 and not schema.user_tables(conn):
            schema.create(conn)
            version = schema.SCHEMA_VERSION
        while version < schema.SCHEMA_VERSION:
            schema.MIGRATIONS[version](conn)
            version += 1
        conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        raise


# --- messages -----------------------------------------------------------------------------------


def broken(path: Path, reason: str) -> StoreError:
    return StoreError(
        f"无法打开存储文件 {path}：{reason}。该文件没有被改动。\n"
        f"要重新开始：把这个文件改名或移到别处保存（旧数据可请技术人员找回），再打开 checklist，"
        f"程序会新建一个空的存储；或者用 --store（环境变量 CHECKLIST_STORE）指定另一个存储文件。",
        path,
        can_start_fresh=True,
    )


def sqlite_problem(path: Path, exc: sqlite3.Error) -> StoreError:
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc)
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in text:
        return StoreError(f"存储文件 {path} 正被另一个程序长时间占用，请稍后再试（这次操作没有完成）", path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text or "not a database" in text:
        return broken(path, "文件已损坏")
    if name.startswith("SQLITE_FULL") or "database or disk is full" in text:
        return StoreError(f"磁盘已满，无法写入存储文件 {path}：请清理磁盘后重试（这次操作没有完成，已存的内容未受影响）", path)
    return StoreError(f"无法读写存储文件 {path}：{why_unwritable(path)}（这次操作没有完成，已存的内容未受影响）", path)


def why_unwritable(path: Path) -> str:
    """SQLite only says “disk I/O error” or “readonly database”: find the true cause."""
    import resource
    import shutil

    folder = path.parent
    try:
        limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    except (OSError, ValueError):
        limit = resource.RLIM_INFINITY
    try:
        vfs = os.statvfs(folder)
        readonly_disk = bool(vfs.f_flag & os.ST_RDONLY)
        free = shutil.disk_usage(folder).free
    except (OSError, AttributeError):
        readonly_disk, free = False, None
    if readonly_disk:
        return "所在的磁盘是只读的（如写保护的U盘或光盘），请换一个可写的位置"
    if free is not None and free < 1024 * 1024:
        return f"磁盘已满（{folder} 所在磁盘只剩 {free // 1024} KB），请清理磁盘后重试"
    for target in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if target.exists() and not os.access(target, os.W_OK):
            return f"{target.name} 是只读文件（没有写入权限），请在文件属性中取消“只读”或换一个位置"
    if not os.access(folder, os.W_OK):
        return f"没有在文件夹 {folder} 中写入的权限，请换一个位置"
    if limit != resource.RLIM_INFINITY:
        return f"系统限制了文件大小（不超过 {limit // 1024} KB），存储文件无法增长"
    return "读写磁盘出错（磁盘或U盘可能有故障或已被拔出），请检查后重试"


def _no_such(assessment_id: int) -> StoreError:
    return StoreError(f"存储中没有编号为 {assessment_id} 的自评")


def _check_profile(rubric: Rubric, profile: str | None) -> None:
    if profile is not None and profile not in rubric.profiles:
        known = "、".join(rubric.profiles) or "（本细则未设地区档位）"
        raise StoreError(f"评分细则“{rubric.id}”没有地区档位“{profile}”，可用：{known}")


def _has_content(answer: Answer) -> bool:
    return answer.given or bool(answer.note.strip()) or bool(answer.evidence)


def _final_at(conn: sqlite3.Connection, assessment_id: int) -> datetime | None:
    row = conn.execute(
        "SELECT final, at FROM finals WHERE assessment_id = ? ORDER BY id DESC LIMIT 1", (assessment_id,)
    ).fetchone()
    return parse_time(row[1]) if row is not None and row[0] else None


def _refuse_if_final(conn: sqlite3.Connection, assessment_id: int) -> None:
    at = _final_at(conn, assessment_id)
    if at is not None:
        raise StoreFinal(f"这份自评已于{zh_time(at)}定稿，只能查看；要修改，请先撤回定稿。这一项没有保存")


def _lock(conn: sqlite3.Connection, assessment_id: int) -> LockRow | None:
    row = conn.execute(
        "SELECT token, pid, host, owner, since, heartbeat FROM locks WHERE assessment_id = ?", (assessment_id,)
    ).fetchone()
    return None if row is None else row_from(row)


def _rowid(cur: sqlite3.Cursor) -> int:
    assert cur.lastrowid is not None
    return int(cur.lastrowid)


def _abs(path: str) -> str:
    """Where the rubric file is, independent of the folder the program was started in."""
    try:
        return str(Path(path).resolve())
    except OSError:
        return str(path)
