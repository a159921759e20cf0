"""The current item: title, text, 评分标准, 佐证材料, the answer widget, 不适用, a note.

Every change is checked (``check_value``) and saved through the session at once; typing in a
text box is saved after a short pause, on Enter and on leaving the box, whichever is first."""

from __future__ import annotations

import asyncio
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, SelectionList, Static

from checklist.assessment import MAX_NOTE, Answer
from checklist.numbers import fmt
from checklist.rubric.kinds import kind_of
from checklist.scoring import STATUS_LABELS, BadValue, Result, check_value
from checklist.tui.session import LockLost, Session
from checklist.tui.widgets.answers import AnswerEdited, AnswerRefused, AnswerWidget, answer_class, answer_widget
from checklist.tui.widgets.marks import Tick, TickList
from checklist.tui.widgets.text_field import TextField
from checklist.tui.widgets.wrapped import Wrapped

TYPING_PAUSE = 0.4  # seconds of quiet before typed text is saved
JUDGED_NEEDS_NOTE = "评定分须在下方“备注”中写明理由，否则不计分"
UNSAVED = (
    "[b $error]本项下面显示的修改没有保存[/]（编辑权已被另一个窗口取得，见顶部说明）。"
    "请记下需要的内容，到那个窗口重新填写。"
)


class ItemView(VerticalScroll):
    HELP: ClassVar[str] = (
        "当前指标：上面是指标内容和评分标准；勾选手头已有的佐证材料；在答案区作答；"
        "不适用的可勾选“不适用”；备注可写中文说明。所有修改立即保存，无需另行保存。"
    )

    class Saved(Message):
        def __init__(self, item_id: str, result: Result) -> None:
            super().__init__()
            self.item_id = item_id
            self.result = result

    class WentReadOnly(Message):
        """Another window took the draft over: nothing was saved, the walk turns read-only."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.item_id: str | None = None
        self.saved = Answer()
        self.answer = Answer()
        self._timer: Timer | None = None
        self._shown = 0  # counts show() calls: an answer widget placed late checks it is still wanted
        self._placed = 0  # the show() whose answer widget is in place
        self._placing = asyncio.Lock()
        self.error_message = ""

    # --- showing ------------------------------------------------------------------------------
    #
    # The parts are built once and updated in place when the item changes; so is the answer
    # widget: one per kind, re-loaded for each item of its kind (a new one only when the
    # shape differs, e.g. another number of options). Rebuilding the whole view on every
    # move cost 30–40 ms per item on a slow laptop. When the user only browses (the tree
    # cursor moves), the answer widget is placed just after the item is painted, and not at
    # all for items passed over while a key is held down.

    def compose(self) -> ComposeResult:
        yield Static("请从左侧选择指标。", id="empty")
        # Broken by the Chinese rules, whole at any width (nothing cut at 80×24).
        yield Wrapped("", classes="crumb part", id="crumb")
        yield Wrapped("", classes="title part", id="title")
        yield Wrapped("", classes="part", id="status")
        yield Wrapped(UNSAVED, classes="part", id="unsaved")
        yield Wrapped("", classes="text part", id="text", markup=False)
        yield Wrapped("", classes="guide part", id="guide")
        yield Wrapped("", classes="notrelevant part", id="why", markup=False)
        yield Label("佐证材料（勾选手头已有的）", classes="caption part", id="evidence-caption")
        yield TickList(id="evidence", classes="part", compact=True)
        yield Label("答案", classes="caption part", id="answer-caption")
        yield Wrapped("", classes="part", id="error")
        yield Tick("不适用（本村没有此项工作）", False, id="na", classes="part", compact=True)
        yield Label("备注", classes="caption part", id="note-caption")
        yield TextField("", id="note", classes="part", max_length=MAX_NOTE)

    def on_mount(self) -> None:
        for part in self.query(".part"):
            part.display = False

    async def show(self, item_id: str, *, answer_later: bool = False) -> None:
        """Show an item. ``answer_later``: place its answer widget after the next paint (when
        browsing); ``ensure_answer()`` places it at once when it is needed."""
        self.flush()
        self.item_id = item_id
        self.saved = self.session.answer(item_id)
        unsaved = self.session.unsaved.get(item_id)  # typed after the lock was lost: still shown
        self.answer = (unsaved or self.saved).model_copy(deep=True)
        self._shown += 1
        self._fill(item_id)
        if answer_later:  # browsing: the text is painted first, the answer right after
            for widget in self.query(AnswerWidget):
                if widget.display:
                    widget.park()  # the previous item's: never shown under this one
            self.call_after_refresh(self._place_answer, self._shown)
        else:
            await self._place_answer(self._shown)
        self.scroll_home(animate=False)

    @property
    def answer_ready(self) -> bool:
        """Whether the answer widget of the item shown is in place."""
        return self.item_id is None or self._placed == self._shown

    async def ensure_answer(self) -> None:
        """The answer widget of the item shown, now (before focusing or reading it)."""
        if self.item_id is not None and self._placed != self._shown:
            await self._place_answer(self._shown)

    def _reload_answer(self) -> bool:
        """Show the item's answer in the mounted widget of its kind, if it fits (no mount, no
        message); hide every other answer widget. False: a widget must be mounted."""
        assert self.item_id is not None
        s = self.session
        wanted: AnswerWidget | None = None
        relevant = s.status(self.item_id) != "not_relevant"
        if relevant:
            item = s.item(self.item_id)
            kind = answer_class(item)
            wanted = next((w for w in self.query(AnswerWidget) if type(w) is kind), None)
            if wanted is not None and not wanted.fits(item):
                wanted = None
        for widget in self.query(AnswerWidget):
            if widget is not wanted and widget.display:
                widget.park()  # the previous item's: never shown (nor focused) under this one
        if wanted is None and relevant:
            return False
        if wanted is not None:
            disabled = s.read_only is not None or self.answer.na
            wanted.unpark()  # (first: the load decides what in it can take the focus)
            wanted.load(s.item(self.item_id), s.params, self.answer.value, disabled=disabled)
        self._placed = self._shown
        return True

    async def _place_answer(self, shown: int) -> None:
        async with self._placing:
            if shown != self._shown or self._placed == shown or self.item_id is None:
                return  # moved on meanwhile, or already placed
            if self._reload_answer():
                return  # re-loaded in the widget of its kind (or none is wanted)
            s = self.session
            item = s.item(self.item_id)
            kind = answer_class(item)
            for old in self.query(AnswerWidget):
                if type(old) is kind:  # one widget per kind: a new shape replaces the old one
                    await old.remove()
            disabled = s.read_only is not None or self.answer.na
            widget = answer_widget(item, s.params, self.answer.value, disabled=disabled)
            await self.mount(widget, after="#answer-caption")
            if shown != self._shown:  # another item was shown while this one was mounting
                widget.park()
                return
            self._placed = shown

    def _fill(self, item_id: str) -> None:
        s = self.session
        item = s.item(item_id)
        section = s.section_of(item_id)
        read_only = s.read_only is not None
        relevant = s.status(item_id) != "not_relevant"
        answer = self.answer

        def put(selector: str, text: str | None) -> None:
            widget = self.query_one(selector, Static)
            widget.display = text is not None
            if text is not None:
                widget.update(text)

        self.query_one("#empty").display = False
        put("#crumb", f"{escape(section.title)} › 第 {s.position[item_id] + 1} 项，共 {len(s.order)} 项")
        kind = "加分项：" if item.bonus else ("扣分项（从总分中扣除）：" if section.deduction else "")
        put("#title", f"[b]{kind}{escape(item.title)}[/b]")
        put("#status", self.status_text())
        self.query_one("#unsaved").display = item_id in s.unsaved
        put("#text", s.render(item.text) if item.text else None)
        put("#guide", f"[b]评分标准[/b]  {escape(s.render(item.guide))}" if item.guide else None)
        put("#why", None if relevant else s.result.item(item_id).why)

        evidence = self.query_one("#evidence", SelectionList)
        self.query_one("#evidence-caption").display = evidence.display = bool(item.evidence)
        with evidence.prevent(SelectionList.SelectedChanged):
            evidence.clear_options()
            if item.evidence:
                had = set(answer.evidence)
                evidence.add_options([(escape(e), e, e in had) for e in item.evidence])
                evidence.highlighted = 0
        evidence.disabled = read_only

        self.query_one("#answer-caption").display = relevant
        error = self.query_one("#error", Static)
        error.display = relevant
        self.set_error("")
        na = self.query_one("#na", Checkbox)
        na.display = relevant and item.allow_na
        with na.prevent(Checkbox.Changed):
            na.value = answer.na
        na.disabled = read_only

        self.query_one("#note-caption").display = True
        note = self.query_one("#note", Input)
        note.display = True
        with note.prevent(Input.Changed):
            note.value = answer.note
        note.cursor_position = len(answer.note)
        note.placeholder = "评定分须写明理由" if kind_of(item.rule).needs_note else "可填写说明"
        note.disabled = read_only

    async def freeze(self) -> None:
        """The session went read-only: keep every typed value on screen, refuse further edits."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.item_id is not None and self.answer != self.saved:
            self.session.unsaved[self.item_id] = self.answer
        for widget in self.query("Input, SelectionList, Checkbox, AnswerWidget"):
            widget.disabled = True
        self.query_one("#unsaved").display = self.item_id in self.session.unsaved

    def status_text(self) -> str:
        if self.item_id is None:
            return ""
        r = self.session.result.item(self.item_id)
        label = STATUS_LABELS[r.status]
        points = f"得分 {fmt(r.points)}/{fmt(r.max)}" if r.status not in ("na", "not_relevant", "pending") else ""
        if r.deduction and points:  # 积分制: what it takes off the total, as the Result says
            points = f"扣 {fmt(r.lost)} 分（最多扣 {fmt(r.max)} 分）"
        why = r.why if r.why not in (label, "未填写") else ""
        carried = "沿用上年·待确认（按 c 确认，或直接修改）" if self.answer.carried else ""
        capped = self.session.result.bonus_note if r.bonus else ""  # the bonus cap was applied
        parts = [p for p in (points, label, why, capped, carried) if p]
        style = {"full": "$success", "partial": "$warning", "zero": "$error"}.get(r.status, "$text-muted")
        return f"[{style}]{escape(' · '.join(parts))}[/]"

    def answer_target(self) -> Widget | None:
        """What "the answer" is for focus: the answer widget's first field, else the note."""
        for widget in self.query(AnswerWidget):
            if widget.display and not widget.disabled:
                first = widget.first_focusable()
                if first is not None:
                    return first
        for note in self.query("#note").results(Input):
            if note.focusable:
                return note
        return None

    async def focus_answer(self) -> None:
        await self.ensure_answer()
        target = self.answer_target()
        if target is not None:
            target.focus()

    def set_error(self, message: str) -> None:
        failed = self.session.save_failed
        if failed and not message:  # a failed save stays in view until a save succeeds
            message = f"未保存：{failed}。这里显示的是已保存的答案，请排除问题后重新作答"
        self.error_message = message
        for error in self.query("#error").results(Static):
            error.update(f"[b $error]{escape(message)}[/]" if message else "")

    # --- saving -------------------------------------------------------------------------------

    def change(self, *, now: bool, **fields: Any) -> None:
        if self.item_id is None or self.session.read_only:
            return
        fields.setdefault("carried", False)  # changed (or confirmed): no longer 待确认
        self.answer = self.answer.model_copy(update=fields)
        if now:
            self.flush()
        else:
            if self._timer is not None:
                self._timer.stop()
            self._timer = self.set_timer(TYPING_PAUSE, self.flush)

    def flush(self) -> None:
        """Write what is pending, if anything differs from what the store holds."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.item_id is None or self.session.read_only or self.answer == self.saved:
            return
        item_id, answer = self.item_id, self.answer
        try:
            result = self.session.save(item_id, answer)
        except LockLost as exc:  # another window has the draft: read-only, what was typed stays
            self.session.unsaved[item_id] = answer
            self.post_message(self.WentReadOnly(str(exc)))
            return
        except Exception as exc:  # the store failed (disk full …): show what it holds, and why
            self.app.notify(f"保存失败：{exc}", title="未保存", severity="error", timeout=10)
            self.session.save_failed = str(exc)
            self.answer = self.saved.model_copy(deep=True)
            self.call_later(self._show_stored)
            return
        self.saved = answer.model_copy(deep=True)
        for status in self.query("#status").results(Static):
            status.update(self.status_text())
        self.set_error("")  # a failure shown before is resolved now
        self.judged_note_check()
        self.post_message(self.Saved(item_id, result))

    async def _show_stored(self) -> None:
        """After a failed save: the answer as the store holds it, under the failure."""
        if self.item_id is None:
            return
        self._fill(self.item_id)
        self._shown += 1
        await self._place_answer(self._shown)

    def confirm_carried(self) -> None:
        """The carried answer is right as it is: save it without the 待确认 mark."""
        if self.answer.carried:
            self.change(now=True)

    def judged_note_check(self) -> None:
        if self.item_id is None:
            return
        item = self.session.item(self.item_id)
        if not kind_of(item.rule).needs_note:
            return
        if self.answer.value is not None and not self.answer.note.strip():
            self.set_error(JUDGED_NEEDS_NOTE)
        elif self.error_message == JUDGED_NEEDS_NOTE:
            self.set_error("")  # the reason is written now

    @on(AnswerEdited)
    def _edited(self, event: AnswerEdited) -> None:
        event.stop()
        if self.item_id is None:
            return
        value = event.value
        if value == self.answer.value and self.answer == self.saved:
            self.set_error("")
            return
        if value is not None:
            try:
                check_value(self.session.item(self.item_id).rule, value, self.session.params)
            except BadValue as exc:
                self.refuse(str(exc))
                return
        self.set_error("")
        self.change(value=value, now=event.now)
        self.judged_note_check()

    @on(AnswerRefused)
    def _refused(self, event: AnswerRefused) -> None:
        event.stop()
        self.refuse(event.message)

    def refuse(self, message: str) -> None:
        """Red message; the value goes back to what the store holds (note and ticks stay)."""
        kept = "（原答案保留，未保存）" if self.saved.value is not None else "（未保存）"
        self.set_error(message + kept)
        self.answer = self.answer.model_copy(update={"value": self.saved.value})
        if self.answer == self.saved and self._timer is not None:
            self._timer.stop()
            self._timer = None

    @on(Checkbox.Changed, "#na")
    def _na(self, event: Checkbox.Changed) -> None:
        event.stop()
        if event.value == self.answer.na:
            return
        for widget in self.query(AnswerWidget):
            widget.disabled = event.value
        self.set_error("")
        self.change(na=event.value, now=True)

    @on(SelectionList.SelectedChanged, "#evidence")
    def _evidence(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        chosen = list(event.selection_list.selected)
        if chosen != self.answer.evidence:
            self.change(evidence=chosen, now=True)

    @on(Input.Changed, "#note")
    def _note(self, event: Input.Changed) -> None:
        event.stop()
        if len(event.value) >= MAX_NOTE:  # Input stops there: say so, never cut silently
            self.set_error(f"备注最多 {MAX_NOTE} 个字，超出的部分没有录入")
        if event.value != self.answer.note:
            self.change(note=event.value, now=False)
            self.judged_note_check()

    @on(Input.Submitted, "#note")
    def _note_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.flush()

    @on(Input.Blurred)
    def _left_box(self, event: Input.Blurred) -> None:
        self.flush()

    def on_unmount(self) -> None:
        self.flush()
