"""One open draft: its rubric, answers and latest Result. Saving goes through the store,
scoring through ``checklist.scoring.score``; nothing here computes points."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Literal

from checklist.assessment import Answer, Assessment
from checklist.dates import zh_time
from checklist.errors import UserError
from checklist.rubric import Item, Params, Rubric, Section
from checklist.scoring import ItemResult, Result, score
from checklist.scoring.ready import OPEN_STATUSES, open_items
from checklist.store import StoreError

if TYPE_CHECKING:
    from checklist.store import DraftInfo, Store


class DraftUnreadable(UserError):
    """The draft's stored rubric no longer reads (the message is Chinese)."""


class LockLost(PermissionError):
    """Another window took this draft over (this laptop slept past the stale-lock limit): the
    session is read-only from now on and the answer was not saved. ``str(exc)`` says why."""


Heartbeat = Literal["held", "retaken", "lost"]


class Session:
    def __init__(self, store: Store, info: DraftInfo, rubric: Rubric, *, read_only: str | None = None) -> None:
        self.store = store
        self.info = info
        self.id = info.id
        self.rubric = rubric
        self.params = Params(rubric, info.profile)
        self.assessment: Assessment = store.assessment(info.id)
        self.taken = read_only is not None  # another window holds the edit lock
        self.read_only = read_only if read_only is not None else self._final_reason()
        self.unsaved: dict[str, Answer] = {}  # typed after the lock was lost: shown, never saved
        self.save_failed: str | None = None  # why the last save failed, until one succeeds
        self.index = rubric.item_index()
        self.order = [item.id for item in rubric.items()]
        self.position = {item_id: n for n, item_id in enumerate(self.order)}
        try:
            self.orphans: list[str] = list(store.orphans(info.id, rubric))
        except Exception:  # an older store without the call: nothing to show
            self.orphans = []
        self.result: Result = self.rescore()

    @classmethod
    def open(cls, store: Store, draft_id: int) -> Session:
        info = next((d for d in store.drafts() if d.id == draft_id), None)
        if info is None:
            raise DraftUnreadable(f"找不到编号为 {draft_id} 的自评")
        try:
            rubric = store.rubric(draft_id, info.rubric_path or info.rubric_id)  # validated once
        except StoreError as exc:
            shown = "\n".join(str(exc).splitlines()[1:6])
            raise DraftUnreadable(f"该自评所用的评分细则无法读取：\n{shown}") from None
        read_only = None
        if not store.acquire(draft_id):
            holder = store.lock_holder(draft_id) or "另一个窗口"
            read_only = f"只读：此自评正由{holder}编辑，本窗口不能修改（关闭那个窗口后重新打开即可）"
        return cls(store, info, rubric, read_only=read_only)

    # --- reading -------------------------------------------------------------------------

    def item(self, item_id: str) -> Item:
        return self.index[item_id][1]

    def section_of(self, item_id: str) -> Section:
        return self.index[item_id][0]

    def answer(self, item_id: str) -> Answer:
        return self.assessment.answers.get(item_id) or Answer()

    def status(self, item_id: str) -> str:
        return self.result.item(item_id).status

    def render(self, text: str) -> str:
        return self.params.render(text)

    def rescore(self) -> Result:
        self.result = score(self.rubric, self.assessment, self.info.profile)
        return self.result

    def open_items(self) -> list[ItemResult]:
        """What keeps the draft from 定稿 (unanswered or invalid items)."""
        return open_items(self.result)

    def _final_reason(self) -> str | None:
        at = self.assessment.finalized
        if at is None:
            return None
        return f"只读：这份自评已于{zh_time(at)}定稿。如需修改，按 F9 撤回定稿（撤回记入修改历史）。"

    # --- 定稿 and 撤回定稿 -------------------------------------------------------------------------

    def finalize(self) -> None:
        """Mark the draft 定稿: read-only from now on (the caller has checked ``open_items``)."""
        self.assessment.finalized = self.store.finalize(self.id)
        self.read_only = self._final_reason()

    def reopen(self) -> None:
        """撤回定稿: editable again."""
        self.store.reopen(self.id)
        self.assessment.finalized = None
        self.read_only = None

    # --- moving ------------------------------------------------------------------------------

    def step(self, item_id: str, delta: int, *, unanswered: bool = False) -> str | None:
        """The next (or previous) item that needs filling; not-relevant items are skipped."""
        n = self.position[item_id]
        count = len(self.order)
        for k in range(1, count + 1):
            pos = n + delta * k
            if not unanswered and not 0 <= pos < count:
                return None
            candidate = self.order[pos % count]
            status = self.status(candidate)
            if status == "not_relevant":
                continue
            if unanswered and status not in OPEN_STATUSES:
                continue
            return candidate
        return None

    def first_unanswered(self) -> str:
        for item_id in self.order:
            if self.status(item_id) in OPEN_STATUSES:
                return item_id
        return self.order[0]

    # --- writing -----------------------------------------------------------------------------

    def save(self, item_id: str, answer: Answer) -> Result:
        """One committed transaction in the store, then a fresh Result.

        LockLost (nothing saved, the session now read-only) when another window holds the
        draft; a lock that went stale and that nobody holds now is taken back first."""
        if self.read_only:
            raise PermissionError(self.read_only)
        from checklist.store import StoreError, StoreLocked

        try:
            self.store.set_answer(self.id, item_id, answer)
        except StoreError as exc:
            if not isinstance(exc, StoreLocked):
                self.save_failed = str(exc)
                raise
            if not self.retake():
                raise self.lose(exc.holder) from None
            try:
                self.store.set_answer(self.id, item_id, answer)
            except StoreLocked as again:  # taken in between
                raise self.lose(again.holder) from None
        self.save_failed = None
        self.unsaved.pop(item_id, None)
        self.assessment.answers[item_id] = answer
        return self.rescore()

    def retake(self) -> bool:
        """Our lock was taken over while this laptop slept. If nobody holds it now, take it back
        and re-read the answers (the other window may have changed some)."""
        if not self.store.acquire(self.id):
            return False
        self.assessment = self.store.assessment(self.id)
        self.rescore()
        return True

    def lose(self, holder: str | None = None) -> LockLost:
        """Turn read-only, naming who holds the draft now."""
        if holder is None:
            try:
                holder = self.store.lock_holder(self.id)
            except Exception:
                holder = None
        who = holder or "另一个窗口"
        self.taken = True
        self.read_only = (
            f"只读：这份自评已由{who}接管编辑（本机休眠或长时间无响应后，编辑权被另一个窗口取得）。"
            f"本窗口之后的修改不会保存；请到那个窗口继续填写。"
        )
        return LockLost(self.read_only)

    def heartbeat(self) -> Heartbeat:
        """Keep the edit lock fresh: "held"; "retaken" (lost, but free, so taken back and the
        answers re-read); "lost" (another window has it: the session is now read-only)."""
        if self.taken:
            return "lost"
        if self.store.heartbeat(self.id):
            return "held"
        if self.retake():
            return "retaken"
        self.lose()
        return "lost"

    def close(self) -> None:
        """Give up the edit lock; if the disk refuses even that (full), the lock goes stale by
        itself and every answer is already saved, so leaving never fails."""
        from checklist.store import StoreError

        if not self.taken:
            with contextlib.suppress(StoreError):
                self.store.release(self.id)
