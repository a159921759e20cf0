"""Issue 10, "hidden, cut or misleading": every test here failed on the code before the fix."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, RadioButton, Select, SelectionList, Static
from tui_support import answers, app_for, make_draft, open_walk, run

from checklist.tui.dialogs.help import HelpDialog
from checklist.tui.dialogs.new_assessment import NewAssessmentDialog
from checklist.tui.screens.review import ReviewScreen


def error_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#error", Static).render())


def on_screen(widget, rows: int) -> bool:  # type: ignore[no-untyped-def]
    region = widget.region
    return region.height > 0 and region.y >= 0 and region.bottom <= rows


def test_help_fits_and_scrolls_at_80x24(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await open_walk(pilot)
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpDialog)
            scroll = app.screen.query_one(VerticalScroll)
            assert on_screen(app.screen.query_one("#help"), 24)
            assert scroll.max_scroll_y > 0, "the keys are longer than the screen"
            assert app.focused is scroll, "arrows and PgDn scroll the help"
            await pilot.press("end")
            await pilot.pause()
            assert scroll.scroll_y == scroll.max_scroll_y

    run(go())


def test_new_assessment_form_fits_at_80x24(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, NewAssessmentDialog)
            profile = dialog.query_one("#profile", Select)
            assert any("标准档" in str(label) for label, _ in profile._options)
            await pilot.press(*"东风村", "enter")  # Enter with 填报人 empty: its error is in sight
            await pilot.pause()
            error = dialog.query_one("#assessor-error", Static)
            assert "请填写填报人" in str(error.render())
            assert on_screen(error, 24)
            assert on_screen(dialog.query_one("#assessor", Input), 24)
            assert on_screen(dialog.query_one("#ok"), 24)

    run(go())


def test_review_opens_at_the_top(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_walk(pilot, "meeting")
            for item in ("meeting", "oversize", "gang"):
                await screen.jump_to(item)
                await pilot.press("n" if item == "meeting" else "y")
                await pilot.pause()
            await pilot.press("escape", "r")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            level = app.screen.query_one("#level", Static)
            assert "总分" in str(level.render())
            assert on_screen(level, 24), level.region

    run(go())


def test_judged_hint_clears_once_the_reason_is_written(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "judge")
            await pilot.press("8", "enter")
            await pilot.pause()
            assert "理由" in error_text(app)
            note = screen.query_one("#note", Input)
            note.focus()
            await pilot.press(*"群众评议优秀")
            await pilot.pause(0.6)
            assert "理由" not in error_text(app)

    run(go())


def test_units_in_number_answers(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "income")
            box = screen.query_one("#number", Input)
            await pilot.press(*"abc", "enter")
            await pilot.pause()
            assert "不是数字" in error_text(app)
            assert "原答案保留" not in error_text(app), "there was no answer to keep"
            box.value = ""
            await pilot.press(*"12万元", "enter")
            await pilot.pause()
            assert "只填数字，不带单位" in error_text(app)
            box.value = ""
            await pilot.press("5", "enter")
            await pilot.pause()
            box.value = ""
            await pilot.press(*"x", "enter")
            await pilot.pause()
            assert "原答案保留" in error_text(app)
            await screen.jump_to("young")
            await pilot.pause()
            for field in screen.query("#part, #whole").results(Input):
                assert "人数" not in field.placeholder  # the unit is shown beside, the box wants a number
        assert answers(store, draft)["income"].value == 5

    run(go())


def test_required_list_can_say_none_of_these(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "grid")
            ticks = screen.query_one("#ticks", SelectionList)
            labels = [str(ticks.get_option_at_index(n).prompt) for n in range(ticks.option_count)]
            assert labels[-1] == "以上都不具备"
            ticks.highlighted = ticks.option_count - 1
            await pilot.press("space")
            await pilot.pause()
            assert answers(store, draft)["grid"].value == []
            assert screen.session.result.item("grid").status == "zero"
            ticks.highlighted = 0
            await pilot.press("space")  # a thing ticked: “none of these” is unticked
            await pilot.pause()
            assert answers(store, draft)["grid"].value == ["cover"]
            assert "__none__" not in ticks.selected

    run(go())


def test_ticks_and_options_differ_by_shape(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            await pilot.press("y")
            await pilot.pause()
            yes, no = screen.query(RadioButton).results()
            assert "●" in str(yes.render()) and "○" in str(no.render())
            await screen.jump_to("newfield")
            await pilot.pause()
            na = screen.query_one("#na", Checkbox)
            assert "☐" in str(na.render())
            na.value = True
            await pilot.pause()
            assert "☑" in str(na.render())
            await screen.jump_to("grid")
            await pilot.pause()
            ticks = screen.query_one("#ticks", SelectionList)
            line = "".join(seg.text for seg in ticks.render_line(0))
            assert "☐" in line, line

    run(go())


def test_chinese_quit_prompt_and_palette(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            await pilot.press("ctrl+c")
            await pilot.pause()
            shown = [n.message for n in app._notifications]
            assert shown and all("quit" not in str(m).lower() for m in shown), shown
            assert any("ctrl+q" in str(m) for m in shown)
            await pilot.press("ctrl+p")
            await pilot.pause()
            palette = app.screen
            field = palette.query_one(Input)
            assert "Search" not in field.placeholder and field.placeholder
            commands = [c.title for c in app.get_system_commands(screen)]
            for wanted in ("审视得分", "导出", "首页", "下一未填", "主题", "帮助"):
                assert any(wanted in c for c in commands), (wanted, commands)

    run(go())


def test_titles_not_ids_in_the_breadcrumb(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_walk(pilot, "meeting")
            crumb = str(screen.query_one("#crumb", Static).render())
            assert "meeting" not in crumb and "组织建设" in crumb

    run(go())
