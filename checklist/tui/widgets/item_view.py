"""The current item: title, text, 评分标准, 佐证材料, the answer widget, 不适用, a note.

Every change is checked (``check_value``) and saved through the session at once; typing in a
text box is saved after a short pause, on Enter and on leaving the box, whichever is first."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.markup import escape
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Checkbox, Input, Label, SelectionList, Static

from checklist.assessment import Answer
from checklist.numbers import fmt
from checklist.scoring import STATUS_LABELS, BadValue, Result, check_value
from checklist.tui.session import Session
from checklist.tui.widgets.answers import AnswerEdited, AnswerRefused, AnswerWidget, answer_widget

TYPING_PAUSE = 0.4  # seconds of quiet before typed text is saved


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

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.item_id: str | None = None
        self.saved = Answer()
        self.answer = Answer()
        self._timer: Timer | None = None

    # --- showing ------------------------------------------------------------------------------

    async def show(self, item_id: str) -> None:
        self.flush()
        self.item_id = item_id
        self.saved = self.session.answer(item_id)
        self.answer = self.saved.model_copy(deep=True)
        await self.recompose()
        self.scroll_home(animate=False)

    def compose(self) -> ComposeResult:
        if self.item_id is None:
            yield Static("请从左侧选择指标。")
            return
        s = self.session
        item = s.item(self.item_id)
        section = s.section_of(self.item_id)
        read_only = s.read_only is not None
        yield Static(f"{escape(section.title)} › {escape(item.id)}", classes="crumb")
        kind = "加分项：" if item.bonus else ""
        yield Static(f"[b]{kind}{escape(item.title)}[/b]", classes="title")
        yield Static(self.status_text(), id="status")
        relevant = s.status(self.item_id) != "not_relevant"
        if item.text:
            yield Static(escape(s.render(item.text)), classes="text")
        if item.guide:
            yield Static(f"[b]评分标准[/b]  {escape(s.render(item.guide))}", classes="guide")
        if not relevant:
            yield Static(escape(s.result.item(self.item_id).why), classes="notrelevant")
        if item.evidence:
            yield Label("佐证材料（勾选手头已有的）", classes="caption")
            had = set(self.answer.evidence)
            rows = [(escape(e), e, e in had) for e in item.evidence]
            yield SelectionList[str](*rows, id="evidence", disabled=read_only, compact=True)
        if relevant:
            yield Label("答案", classes="caption")
            yield answer_widget(item, s.params, self.answer.value, disabled=read_only or self.answer.na)
            yield Static("", id="error")
            if item.allow_na:
                yield Checkbox("不适用（本村没有此项工作）", self.answer.na, id="na", disabled=read_only, compact=True)
        yield Label("备注", classes="caption")
        placeholder = "评定分须写明理由" if item.rule.type == "judged" else "可填写说明"
        yield Input(self.answer.note, placeholder=placeholder, id="note", disabled=read_only, compact=True)

    def status_text(self) -> str:
        if self.item_id is None:
            return ""
        r = self.session.result.item(self.item_id)
        label = STATUS_LABELS[r.status]
        points = f"得分 {fmt(r.points)}/{fmt(r.max)}" if r.status not in ("na", "not_relevant") else ""
        why = r.why if r.why not in (label, "未填写") else ""
        parts = [p for p in (points, label, why) if p]
        style = {"full": "$success", "partial": "$warning", "zero": "$error"}.get(r.status, "$text-muted")
        return f"[{style}]{escape(' · '.join(parts))}[/]"

    def focus_answer(self) -> None:
        widgets = list(self.query(AnswerWidget))
        if widgets and not widgets[0].disabled:
            widgets[0].focus_first()
        elif self.query("#note"):
            self.query_one("#note", Input).focus()

    def set_error(self, message: str) -> None:
        for error in self.query("#error").results(Static):
            error.update(f"[b $error]{escape(message)}[/]" if message else "")

    # --- saving -------------------------------------------------------------------------------

    def change(self, *, now: bool, **fields: Any) -> None:
        if self.item_id is None or self.session.read_only:
            return
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
        except Exception as exc:  # the store failed: say so loudly, keep what was typed
            self.app.notify(f"保存失败：{exc}", title="未保存", severity="error", timeout=10)
            return
        self.saved = answer.model_copy(deep=True)
        for status in self.query("#status").results(Static):
            status.update(self.status_text())
        self.judged_note_check()
        self.post_message(self.Saved(item_id, result))

    def judged_note_check(self) -> None:
        if self.item_id is None:
            return
        item = self.session.item(self.item_id)
        if item.rule.type == "judged" and self.answer.value is not None and not self.answer.note.strip():
            self.set_error("评定分须在下方“备注”中写明理由，否则不计分")

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
        self.set_error(message + "（原答案保留，未保存）")
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
        if event.value != self.answer.note:
            self.change(note=event.value, now=False)

    @on(Input.Submitted, "#note")
    def _note_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.flush()

    @on(Input.Blurred)
    def _left_box(self, event: Input.Blurred) -> None:
        self.flush()

    def on_unmount(self) -> None:
        self.flush()
