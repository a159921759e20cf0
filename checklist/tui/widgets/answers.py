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
    """Base: built from the item, the parameters in force and the current value.

    A widget is mounted once per kind and re-loaded for each item of that kind (``fits`` and
    ``load``): mounting one per move was most of an item move on a 1,000-item rubric.
    ``load`` sets what is shown without posting a single message (no save is ever caused)."""

    HELP: ClassVar[str] = "在此填写本项答案。每次修改都会立即保存。"
    DEFAULT_CSS = "AnswerWidget { height: auto; }"

    def __init__(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().__init__(classes="answer", disabled=disabled)
        self.item = item
        self.params = params
        self.value = value

    def fits(self, item: Item) -> bool:
        """Whether this widget, as composed, can show ``item`` after ``load``."""
        return False

    def load(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        """Show ``item`` with ``value`` in this widget (only called when ``fits``)."""
        self.item, self.params, self.value = item, params, value
        self.disabled = disabled

    _parked: list[Widget] | None = None

    def park(self) -> None:
        """Hidden until an item of its kind comes: nothing in it can take the focus meanwhile
        (by ``can_focus``: toggling ``disabled`` would restyle the whole widget on each move)."""
        self.display = False
        if self._parked is None:
            self._parked = [w for w in self.query("*") if w.can_focus]
            for widget in self._parked:
                widget.can_focus = False

    def unpark(self) -> None:
        for widget in self._parked or ():
            widget.can_focus = True
        self._parked = None
        self.display = True

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


def _press_quietly(radios: RadioSet, pressed: int | None) -> None:
    """Press button ``pressed`` (None: none) as a freshly composed set would show it; no message."""
    buttons = list(radios.query(RadioButton))
    with radios.prevent(RadioButton.Changed, RadioSet.Changed):
        for n, button in enumerate(buttons):
            button.value = n == pressed
    radios._pressed_button = buttons[pressed] if pressed is not None else None
    radios._selected = 0 if buttons else None  # the keyboard's place, as on mount


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

    def fits(self, item: Item) -> bool:
        return True

    def load(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().load(item, params, value, disabled=disabled)
        _press_quietly(self.query_one(RadioSet), 0 if value is True else 1 if value is False else None)

    def action_pick(self, yes: bool) -> None:
        self.query_one("#yes" if yes else "#no", RadioButton).value = True

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if not event.pressed.value:
            return  # a press from before a re-load, undone by it: never saved to the item now shown
        self.edited(event.pressed.id == "yes", now=True)


class ChoiceAnswer(AnswerWidget):
    HELP = "单选题：用方向键移动、空格或回车选定；也可按选项前的数字键直接选。"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(str(n), f"pick({n - 1})", show=False) for n in range(1, 10)
    ]

    def compose(self) -> ComposeResult:
        assert isinstance(self.item.rule, Choice)
        with RadioSet(id="choice", compact=True):
            for label, option in zip(self._labels(), self.item.rule.options, strict=True):
                yield Radio(label, value=self.value == option.id, name=option.id)

    def _labels(self) -> list[str]:
        assert isinstance(self.item.rule, Choice)
        labels = []
        for n, option in enumerate(self.item.rule.options, 1):
            key = f"{n}. " if n < 10 else ""
            labels.append(f"{key}{option.label}（{fmt(self.params(option.points))}分）")
        return labels

    def fits(self, item: Item) -> bool:
        assert isinstance(self.item.rule, Choice)
        return isinstance(item.rule, Choice) and len(item.rule.options) == len(self.item.rule.options)

    def load(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().load(item, params, value, disabled=disabled)
        assert isinstance(item.rule, Choice)
        ids = [o.id for o in item.rule.options]
        for button, label in zip(self.query(RadioButton), self._labels(), strict=True):
            if str(button.label) != label:
                button.label = label
        _press_quietly(self.query_one(RadioSet), ids.index(value) if value in ids else None)

    def action_pick(self, n: int) -> None:
        buttons = list(self.query(RadioButton))
        if 0 <= n < len(buttons):
            buttons[n].value = True

    @on(RadioSet.Changed)
    def _changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        if not event.pressed.value:
            return  # a press from before a re-load, undone by it: never saved to the item now shown
        assert isinstance(self.item.rule, Choice)
        self.edited(self.item.rule.options[event.index].id, now=True)  # by place: the buttons are re-used


NONE = "__none__"
NONE_LABEL = "以上都不具备"


class TicksAnswer(AnswerWidget):
    """Multiple choice and required lists: tick every one that applies (space toggles)."""

    def __init__(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().__init__(item, params, value, disabled=disabled)
        self._none_ticked = value == []
        self._ticked: frozenset[str] = frozenset()  # what is ticked as loaded, or as last said

    HELP = "多选：用方向键移动，空格勾选或取消；勾选的内容立即保存。"

    def compose(self) -> ComposeResult:
        hint, rows = self._rows()
        self._ticked = frozenset(value for _, value, on in rows if on)
        yield Static(hint, classes="hint")
        yield TickList(*rows, id="ticks", compact=True)

    def _rows(self) -> tuple[str, list[tuple[str, str, bool]]]:
        rule = self.item.rule
        # a stored answer may hold anything (a hand-edited file): only ids can be ticked
        chosen = {v for v in self.value if isinstance(v, str)} if isinstance(self.value, list) else set()
        if isinstance(rule, RequiredList):
            hint = f"已具备的请勾选（缺一项扣{fmt(self.params(rule.deduct))}分）："
            rows = [(t.label, t.id, t.id in chosen) for t in rule.things]
            # With nothing to tick the item could never be answered: say so with one tick.
            rows.append((NONE_LABEL, NONE, self.value == []))
        else:
            assert isinstance(rule, Multiple)
            hint = "符合的请勾选："
            rows = [(f"{o.label}（{fmt(self.params(o.points))}分）", o.id, o.id in chosen) for o in rule.options]
        return hint, rows

    def fits(self, item: Item) -> bool:
        return True

    def load(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().load(item, params, value, disabled=disabled)
        self._none_ticked = value == []
        hint, rows = self._rows()
        self.query_one(".hint", Static).update(hint)
        ticks = self.query_one(TickList)
        with ticks.prevent(SelectionList.SelectedChanged):
            ticks.clear_options()
            ticks.add_options(rows)
        self._ticked = frozenset(value for _, value, on in rows if on)

    @on(SelectionList.SelectedChanged)
    def _changed(self, event: SelectionList.SelectedChanged[str]) -> None:
        event.stop()
        ticks = event.selection_list
        if frozenset(ticks.selected) == self._ticked:
            return  # as loaded or as last said (a change from before a re-load): nothing to save
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
        self._ticked = frozenset(ticks.selected)
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

    def _values(self) -> tuple[Any, Any]:
        if isinstance(self.value, dict):
            return self.value.get("current"), self.value.get("previous")
        return self.value, None

    def compose(self) -> ComposeResult:
        # Both rows and the hint are always there (a re-load shows or hides them): one widget
        # serves every number, count, deviation and judged item.
        current, previous = self._values()
        with Horizontal(classes="numrow"):
            yield Label("本年数值" if self.growth else "数值", classes="numlabel", id="number-label")
            yield TextField(_shown(current), placeholder="数字", id="number", classes="num", compact=True)
            yield Label(self.unit or " ", classes="unit")
        with Horizontal(classes="numrow", id="previous-row") as row:
            row.display = self.growth
            yield Label("上年数值", classes="numlabel")
            box = TextField(_shown(previous), placeholder="可不填", id="previous", classes="num", compact=True)
            box.can_focus = self.growth  # hidden: it cannot take the focus
            yield box
            yield Label(self.unit or " ", classes="unit")
        hint = self.range_hint()
        shown_hint = Static(hint, classes="hint", id="number-hint")
        shown_hint.display = bool(hint)
        yield shown_hint

    def fits(self, item: Item) -> bool:
        return True

    def load(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().load(item, params, value, disabled=disabled)
        rule = item.rule
        self.growth = getattr(rule, "growth", None) is not None
        self.unit = kind_of(rule).unit(rule)
        self.query_one("#number-label", Label).update("本年数值" if self.growth else "数值")
        self.query_one("#previous-row").display = self.growth
        self.query_one("#previous", Input).can_focus = self.growth
        for unit in self.query(".unit").results(Label):
            unit.update(self.unit or " ")
        for box, shown in zip(self.query(TextField), self._values(), strict=True):
            with box.prevent(Input.Changed):
                box.value = _shown(shown)
            box.cursor_position = len(box.value)
        hint = self.range_hint()
        shown_hint = self.query_one("#number-hint", Static)
        shown_hint.display = bool(hint)
        if hint:
            shown_hint.update(hint)

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

    def fits(self, item: Item) -> bool:
        return True

    def load(self, item: Item, params: Params, value: Any, *, disabled: bool = False) -> None:
        super().load(item, params, value, disabled=disabled)
        assert isinstance(item.rule, Share)
        rule, given = item.rule, value if isinstance(value, dict) else {}
        labels = self.query(".numlabel").results(Label)
        for label, text in zip(labels, (rule.part_label, rule.whole_label), strict=True):
            label.update(text)
        for unit in self.query(".unit").results(Label):
            unit.update(rule.unit)
        for key in ("part", "whole"):
            box = self.query_one(f"#{key}", Input)
            with box.prevent(Input.Changed):
                box.value = _shown(given.get(key))
            box.cursor_position = len(box.value)

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


def answer_class(item: Item) -> type[AnswerWidget]:
    """The answer widget class of the item's kind; a kind without one is refused, never shown as a number box."""
    kind = kind_of(item.rule)
    if kind.type not in WIDGETS:
        raise UnknownKind(f"no answer widget for rule kind {kind.type!r}")
    return WIDGETS[kind.type]


def answer_widget(item: Item, params: Params, value: Any, *, disabled: bool = False) -> AnswerWidget:
    """A new answer widget of the item's kind (see ``answer_class``)."""
    return answer_class(item)(item, params, value, disabled=disabled)
