"""One answer widget per rule type. Each turns what was typed or ticked into a plain value
(bool, option id, list of ids, number, or a small mapping) and posts ``AnswerEdited``;
the item view checks it with ``check_value`` and saves it, or shows why not."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Label, RadioButton, RadioSet, SelectionList, Static

from checklist.numbers import NotANumber, fmt, parse_number
from checklist.rubric import Item, Params
from checklist.rubric.kinds import UnknownKind, kind_of
from checklist.rubric.model import Choice, Multiple, RequiredList, Share
from checklist.tui.widgets.marks import Radio, TickList
from checklist.tui.widgets.text_field import TextField


class AnswerEdited(Message):
    """A new value (``None`` clears it); ``now`` asks for the save without waiting."""

    def __init__(self, value: Any, *, now: bool) -> None:
        super().__init__()
        self.value = value
        self.now = now


class AnswerRefused(Message):
    """What was typed is not a number: the message says so, the old answer stays."""

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class AnswerWidget(Vertical):
    """Base: built from the item, the parameters in force and the current value."""

    HELP: ClassVar[str] = "在此填写本项答案。每次修改都会立即保存。"
    DEFAULT_CSS = "AnswerWidget { height: auto; }"

    def __init__(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().__init__(classes="answer", disabled=disabled)
        self.item = item
        self.params = params
        self.value = value

    def edited(self, value: Any, *, now: bool) -> None:
        self.post_message(AnswerEdited(value, now=now))

    def first_focusable(self) -> Widget | None:
        for widget in self.query("RadioSet, SelectionList, Input"):
            if widget.focusable:
                return widget
        return None

    def focus_first(self) -> None:
        widget = self.first_focusable()
        if widget is not None:
            widget.focus()


class YesNoAnswer(AnswerWidget):
    HELP = "是/否题：按 y 或 1 选“是”，按 n 或 0 选“否”；也可用方向键和空格。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,1", "pick(True)", "是", key_display="y"),
        Binding("n,0", "pick(False)", "否", key_display="n"),
    ]

    def compose(self) -> ComposeResult:
        with RadioSet(id="yesno", compact=True):
            yield Radio("是 (y)", value=self.value is True, id="yes")
            yield Radio("否 (n)", value=self.value is False, id="no")

    def action_pick(self, yes: bool) -> None:
        self.query_one("#yes" if yes else "#no", RadioButton).value = True

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.edited(event.pressed.id == "yes", now=True)


class ChoiceAnswer(AnswerWidget):
    HELP = "单选题：用方向键移动、空格或回车选定；也可按选项前的数字键直接选。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)
    ]

    def compose(self) -> ComposeResult:
        assert isinstance(self.item.rule, Choice)
        with RadioSet(id="choice", compact=True):
            for n, option in enumerate(self.item.rule.options, 1):
                points = fmt(self.params(option.points))
                key = f"{n}. " if n < 10 else ""
                yield Radio(f"{key}{option.label}（{points}分）", value=self.value == option.id, name=option.id)

    def action_pick(self, n: int) -> None:
        buttons = list(self.query(RadioButton))
        if 0 <= n < len(buttons):
            buttons[n].value = True

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        self.edited(event.pressed.name, now=True)


NONE = "__none__"
NONE_LABEL = "以上都不具备"


class TicksAnswer(AnswerWidget):
    """Multiple choice and required lists: tick every one that applies (space toggles)."""

    def __init__(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().__init__(item, params, value, disabled=disabled)
        self._none_ticked = value == []

    HELP = "多选：用方向键移动，空格勾选或取消；勾选的内容立即保存。"

    def compose(self) -> ComposeResult:
        rule = self.item.rule
        # a stored answer may hold anything (a hand-edited file): only ids can be ticked
        chosen = {v for v in self.value if isinstance(v, str)} if isinstance(self.value, list) else set()
        if isinstance(rule, RequiredList):
            yield Static(f"已具备的请勾选（缺一项扣{fmt(self.params(rule.deduct))}分）：", classes="hint")
            rows = [(t.label, t.id, t.id in chosen) for t in rule.things]
            # With nothing to tick the item could never be answered: say so with one tick.
            rows.append((NONE_LABEL, NONE, self.value == []))
        else:
            assert isinstance(rule, Multiple)
            yield Static("符合的请勾选：", classes="hint")
            rows = [(f"{o.label}（{fmt(self.params(o.points))}分）", o.id, o.id in chosen) for o in rule.options]
        yield TickList(*rows, id="ticks", compact=True)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        ticks = event.selection_list
        chosen = list(ticks.selected)
        if NONE in chosen:
            with ticks.prevent(SelectionList.SelectedChanged):
                if self._none_ticked:  # a thing was ticked after “none”: “none” goes
                    ticks.deselect(NONE)
                    chosen.remove(NONE)
                else:  # “none” ticked: every thing goes
                    for value in chosen:
                        if value != NONE:
                            ticks.deselect(value)
                    chosen = []
        self._none_ticked = NONE in ticks.selected
        self.edited(chosen, now=True)


def _shown(value: Any) -> str:
    if value is None or isinstance(value, bool):
        return ""
    try:
        return fmt(Decimal(str(value)))
    except ArithmeticError:
        return str(value)


def _number(text: str, what: str = "") -> Decimal | None:
    """Empty → None; otherwise the number (full-width digits and 。 accepted) or NotANumber."""
    if not text.strip():
        return None
    return parse_number(text, what)


class NumberAnswer(AnswerWidget):
    """A number with its unit: amounts, areas, ages, counts, judged scores."""

    HELP = "填写数字（可用全角数字和“。”作小数点），回车确认。不是数字或超出范围时会提示，原答案保留。"

    def __init__(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().__init__(item, params, value, disabled=disabled)
        rule = item.rule
        self.growth = getattr(rule, "growth", None) is not None  # a number with last year's value beside
        self.unit = kind_of(rule).unit(rule)

    def range_hint(self) -> str:
        return kind_of(self.item.rule).hint(self.item.rule, self.params, self.item.bonus)

    def compose(self) -> ComposeResult:
        current, previous = self.value, None
        if isinstance(self.value, dict):
            current, previous = self.value.get("current"), self.value.get("previous")
        label = "本年数值" if self.growth else "数值"
        with Horizontal(classes="numrow"):
            yield Label(label, classes="numlabel")
            yield TextField(_shown(current), placeholder="数字", id="number", classes="num", compact=True)
            yield Label(self.unit or " ", classes="unit")
        if self.growth:
            with Horizontal(classes="numrow"):
                yield Label("上年数值", classes="numlabel")
                yield TextField(_shown(previous), placeholder="可不填", id="previous", classes="num", compact=True)
                yield Label(self.unit or " ", classes="unit")
        hint = self.range_hint()
        if hint:
            yield Static(hint, classes="hint")

    def read(self) -> Any:
        current = _number(self.query_one("#number", Input).value, "本年数值" if self.growth else "")
        if not self.growth:
            return current
        previous = _number(self.query_one("#previous", Input).value, "上年数值")
        if current is None:
            return None
        if previous is None:
            return current
        return {"current": current, "previous": previous}

    def _post(self, now: bool) -> None:
        try:
            value = self.read()
        except NotANumber as exc:
            self.post_message(AnswerRefused(str(exc)))
            return
        self.edited(value, now=now)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._post(now=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._post(now=True)


class ShareAnswer(AnswerWidget):
    """Two counts; the engine computes the share (part / whole)."""

    HELP = "占比题：分别填写两个人数，系统自动计算占比并计分。可用全角数字。"

    def compose(self) -> ComposeResult:
        assert isinstance(self.item.rule, Share)
        rule = self.item.rule
        value = self.value if isinstance(self.value, dict) else {}
        for key, label in (("part", rule.part_label), ("whole", rule.whole_label)):
            with Horizontal(classes="numrow"):
                yield Label(label, classes="numlabel wide")
                yield TextField(_shown(value.get(key)), placeholder="数字", id=key, classes="num", compact=True)
                yield Label(rule.unit, classes="unit")

    def _post(self, now: bool) -> None:
        assert isinstance(self.item.rule, Share)
        rule = self.item.rule
        try:
            part = _number(self.query_one("#part", Input).value, rule.part_label)
            whole = _number(self.query_one("#whole", Input).value, rule.whole_label)
        except NotANumber as exc:
            self.post_message(AnswerRefused(str(exc)))
            return
        if part is None and whole is None:
            self.edited(None, now=now)
        elif part is None or whole is None:
            missing = rule.part_label if part is None else rule.whole_label
            self.post_message(AnswerRefused(f"请再填写“{missing}”"))
        else:
            self.edited({"part": part, "whole": whole}, now=now)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._post(now=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._post(now=True)


# One widget per rule kind (checklist/rubric/kinds/); tests check every registered kind has one.
WIDGETS: dict[str, type[AnswerWidget]] = {
    "yesno": YesNoAnswer,
    "choice": ChoiceAnswer,
    "multiple": TicksAnswer,
    "required_list": TicksAnswer,
    "count": NumberAnswer,
    "number": NumberAnswer,
    "deviation": NumberAnswer,
    "share": ShareAnswer,
    "judged": NumberAnswer,
}


def answer_widget(item: Item, params: Params, value: Any, *, disabled: bool = False) -> AnswerWidget:
    """The answer widget of the item's kind; a kind without one is refused, never shown as a number box."""
    kind = kind_of(item.rule)
    if kind.type not in WIDGETS:
        raise UnknownKind(f"no answer widget for rule kind {kind.type!r}")
    return WIDGETS[kind.type](item, params, value, disabled=disabled)
