"""Issue 10 (item move): the answer widget is mounted once per kind and re-loaded for each item
of that kind. Re-loading shows the new item's answer, saves nothing by itself, and what is
then typed or ticked is saved to the item shown — never to the one shown before."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, RadioButton, SelectionList
from tui_support import answers, app_for, make_draft, open_walk, run

from checklist.assessment import Answer
from checklist.store import Store
from checklist.tui.widgets.answers import AnswerWidget, NumberAnswer, TicksAnswer, YesNoAnswer


def shown_answer(screen, kind: type[AnswerWidget]) -> AnswerWidget:  # type: ignore[no-untyped-def]
    (widget,) = [w for w in screen.query(AnswerWidget) if w.display]
    assert isinstance(widget, kind)
    return widget


def test_yes_no_widget_is_reused_and_saves_to_the_item_shown(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            first = shown_answer(screen, YesNoAnswer)
            await pilot.press("y")
            await pilot.pause()
            await screen.jump_to("oversize")
            await pilot.pause()
            again = shown_answer(screen, YesNoAnswer)
            assert again is first  # re-loaded, not mounted anew
            assert not any(b.value for b in again.query(RadioButton))  # oversize has no answer yet
            await pilot.press("n")
            await pilot.pause()
            got = answers(store, draft)
            assert got["meeting"].value is True and got["oversize"].value is False
            await screen.jump_to("meeting")
            await pilot.pause()
            assert [b.value for b in shown_answer(screen, YesNoAnswer).query(RadioButton)] == [True, False]
            await pilot.press("n")  # the set knows which button is pressed after a re-load
            await pilot.pause()
            buttons = shown_answer(screen, YesNoAnswer).query(RadioButton)
            assert [b.value for b in buttons] == [False, True]
            assert answers(store, draft)["meeting"].value is False

    run(go())


def test_numbers_and_ticks_reload_without_saving(tmp_path: Path) -> None:
    store_path = tmp_path / "s.sqlite3"
    draft = make_draft(store_path)
    with Store.open(store_path) as s:
        assert s.acquire(draft)
        s.set_answer(draft, "income", Answer(value=12))
        s.set_answer(draft, "grid", Answer(value=["leader"]))
        s.release(draft)
    before = answers(store_path, draft)

    async def go() -> None:
        async with app_for(store_path).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "income")
            number = shown_answer(screen, NumberAnswer)
            assert screen.query_one("#number", Input).value == "12"
            await screen.jump_to("issues")  # a count: the same number box
            await pilot.pause()
            assert shown_answer(screen, NumberAnswer) is number
            box = screen.query_one("#number", Input)
            assert box.value == ""
            await screen.jump_to("grid")
            await pilot.pause()
            ticks = shown_answer(screen, TicksAnswer).query_one(SelectionList)
            assert list(ticks.selected) == ["leader"]
            await screen.jump_to("features")  # a multiple choice: the same tick list, its own options
            await pilot.pause()
            ticks = shown_answer(screen, TicksAnswer).query_one(SelectionList)
            assert [ticks.get_option_at_index(n).value for n in range(ticks.option_count)] == ["tea", "tour", "ecom"]
            assert list(ticks.selected) == []
            # browse every item in the tree: nothing is saved by showing it
            tree = screen.query_one("#tree")
            tree.focus()
            for _ in range(tree.last_line + 1):
                await pilot.press("down")
            await pilot.pause()
            assert answers(store_path, draft) == before
            await screen.jump_to("issues")
            await pilot.pause()
            screen.query_one("#number", Input).value = "3"
            await pilot.press("enter")
            await pilot.pause()
            got = answers(store_path, draft)
            assert got["issues"].value == 3 and got["income"].value == 12

    run(go())


def test_a_press_still_on_its_way_when_the_widget_is_reloaded_is_not_saved_to_the_next_item(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            widget = shown_answer(screen, YesNoAnswer)
            widget.query_one("#yes", RadioButton).value = True  # its messages are queued, not handled
            await screen.jump_to("oversize")  # the same widget, re-loaded before they arrive
            await pilot.pause()
            await pilot.pause()
            assert shown_answer(screen, YesNoAnswer) is widget
            assert not any(b.value for b in widget.query(RadioButton))  # oversize: still no answer shown
            assert "oversize" not in answers(store, draft) or answers(store, draft)["oversize"].value is None

    run(go())
