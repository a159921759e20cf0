"""The key map (issue 10): no key means two things on one screen, no printable key is a command
while a text field has focus, Esc goes back one level and never toggles, Tab never selects text."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Checkbox, Input
from textual.widgets._footer import FooterKey
from tui_support import answers, app_for, make_draft, open_walk, run

from checklist.tui.screens.home import HomeScreen
from checklist.tui.screens.walk import WalkScreen
from checklist.tui.widgets.section_tree import SectionTree


def footer_keys(app) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """What the footer shows now: (key as shown, what it does)."""
    return [(k.key_display, k.description) for k in app.screen.query(FooterKey)]


def printable(shown: str) -> bool:
    return len(shown) == 1 and shown.isprintable() and not shown.isspace()


def test_no_key_shown_with_two_meanings(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_walk(pilot, "meeting")  # a yes/no item, its answer focused
            await pilot.pause()
            shown = footer_keys(app)
            keys = [k for k, _ in shown]
            assert len(keys) == len(set(keys)), shown
            await pilot.press("n")  # means 否 here, and nothing else on this screen
            await pilot.pause()
            assert answers(store, draft)["meeting"].value is False
            assert app.screen.query_one("#yesno").has_focus_within
            for binding in app.screen.BINDINGS:  # the walk's own keys never include 否's n
                keys_of = binding.key.split(",") if hasattr(binding, "key") else []
                assert "n" not in keys_of

    run(go())


def test_no_printable_command_while_typing(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_walk(pilot, "income")
            await pilot.pause()
            assert isinstance(app.focused, Input)
            shown = footer_keys(app)
            assert shown, "the footer shows the keys that work in a text field"
            assert not [k for k, _ in shown if printable(k)], shown
            assert any("查找" in d for _, d in shown), shown  # ctrl+f works from a text field
            note = screen.query_one("#note", Input)
            note.focus()
            await pilot.pause()
            assert not [k for k, _ in footer_keys(app) if printable(k)], footer_keys(app)
            await pilot.press(*"r/eh]")  # typed into the note, never commands
            await pilot.pause()
            assert app.screen is screen and app.focused is note
            assert note.value == "r/eh]"
            screen.query_one(SectionTree).focus()
            await pilot.pause()
            assert any(k == "/" for k, _ in footer_keys(app)), footer_keys(app)
        assert answers(store, draft)["income"].note == "r/eh]"

    run(go())


def test_tab_into_a_note_does_not_select_its_text(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_walk(pilot, "newfield")
            note = screen.query_one("#note", Input)
            note.focus()
            await pilot.press(*"已建")
            await pilot.pause()
            screen.query_one("#na", Checkbox).focus()
            await pilot.pause()
            await pilot.press("tab")  # 不适用 → the note
            await pilot.pause()
            assert app.focused is note
            await pilot.press("x")
            await pilot.pause()
            assert note.value == "已建x"
        assert answers(store, draft)["newfield"].note == "已建x"

    run(go())


def test_escape_goes_back_one_level_and_never_toggles(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_walk(pilot, "newfield")
            tree = screen.query_one(SectionTree)
            for part in ("#na", "#note"):  # from any part of the item: back to the list
                screen.query_one(part).focus()
                await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
                assert app.focused is tree, part
            screen.query_one("#yesno").focus()
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
            assert app.focused is tree
            await pilot.press("escape")  # from the list: back to the home screen, not the answer
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)

    run(go())


def test_walk_opens_with_the_answer_focused(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_walk(pilot)
            assert isinstance(screen, WalkScreen)
            assert screen.current == "meeting"
            assert app.focused is not None and app.focused.id == "yesno"
            await pilot.press("y")  # typed at once: lands in the answer, not lost in the list
            await pilot.pause()
        assert answers(store, draft)["meeting"].value is True

    run(go())


def test_a_dialog_shows_its_own_keys_not_those_of_the_screen_under_it(tmp_path: Path) -> None:
    """At 80×24 the 新建自评 dialog left the home screen's footer showing (n 新建自评, a, v, c),
    keys that only type letters into the dialog's fields: the dialog's own keys show instead."""

    async def go() -> None:
        app = app_for(tmp_path / "s.sqlite3")
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            bottom = app.screen._compositor.render_strips()[-1].text
            assert "取消" in bottom and "开始填报" in bottom, bottom
            assert "新建自评" not in bottom and "沿用上年" not in bottom, bottom
            assert not any(printable(key) for key, _ in footer_keys(app)), footer_keys(app)

    run(go())
