"""Pilot tests for every screen: home, new assessment, walk navigation, review, jump, help,
read-only when another window edits, a broken store."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Select, Static
from tui_support import TEST_RUBRIC, answers, app_for, make_draft, open_walk, run

from checklist.store import Store
from checklist.tui.dialogs.help import HelpDialog
from checklist.tui.dialogs.jump import JumpDialog
from checklist.tui.dialogs.new_assessment import NewAssessmentDialog
from checklist.tui.screens.home import HomeScreen
from checklist.tui.screens.review import ReviewScreen
from checklist.tui.screens.store_error import StoreErrorScreen
from checklist.tui.screens.walk import WalkScreen
from checklist.tui.widgets.answers import AnswerWidget


def test_home_lists_drafts(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store, village="红旗村")
    make_draft(store, village="光明村", year=2026)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await app.workers.wait_for_complete()  # 已填 comes from the scoring worker
            await pilot.pause()
            table = app.screen.query_one("#drafts", DataTable)
            assert table.row_count == 2
            rows = [table.get_row_at(n) for n in range(2)]
            assert {str(r[0]) for r in rows} == {"红旗村", "光明村"}
            assert all(str(r[4]) == "0/13" for r in rows)
            # Issue 10: the rubric by its Chinese title (never its id), the total and the level.
            assert all(str(r[3]) == "界面测试细则" for r in rows)
            assert all(str(r[5]) == "0/35" and str(r[6]) == "未定星" for r in rows)

    run(go())


def test_new_assessment_on_a_file_rubric(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert app.screen.query_one("#empty", Static).display
            await pilot.press("n")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, NewAssessmentDialog)
            dialog.query_one("#rubric", Select).value = "__file__"
            await pilot.pause()
            dialog.query_one("#path", Input).value = str(TEST_RUBRIC)
            dialog.query_one("#year", Input).value = ""
            await pilot.press("ctrl+s")  # nothing filled: every problem said at once, in Chinese
            await pilot.pause()
            assert "请填写村名" in str(dialog.query_one("#village-error", Static).render())
            assert "请填写填报人" in str(dialog.query_one("#assessor-error", Static).render())
            assert "请填写数字" in str(dialog.query_one("#year-error", Static).render())
            assert isinstance(app.screen, NewAssessmentDialog)
            profile = dialog.query_one("#profile", Select)
            assert [v for _, v in profile._options] == ["__none__", "fast"]
            profile.value = "fast"
            dialog.query_one("#village", Input).insert_text_at_cursor("红旗村")
            dialog.query_one("#township", Input).value = "城关镇"
            dialog.query_one("#year", Input).value = "２０２６"
            dialog.query_one("#assessor", Input).value = "李书记"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WalkScreen)
            assert app.screen.session.params.values["income_line"] == 10
        with Store.open(store) as s:
            [d] = s.drafts()
        assert (d.village, d.township, d.year, d.assessor, d.profile) == ("红旗村", "城关镇", 2026, "李书记", "fast")

    run(go())


def test_new_assessment_year_and_shipped_rubric(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            await pilot.press("n")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, NewAssessmentDialog)
            assert dialog.query_one("#year", Input).value == "2026"
            assert dialog.loaded, "the shipped rubrics load"
            for name, text in (("village", "东风村"), ("township", "新桥镇"), ("assessor", "王书记")):
                dialog.query_one(f"#{name}", Input).value = text
            dialog.query_one("#year", Input).value = "26"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert "四位数" in str(dialog.query_one("#year-error", Static).render())
            dialog.query_one("#year", Input).value = "2026"
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, WalkScreen)
            await pilot.press("escape", "h")  # to the list, then 返回首页
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            assert app.screen.query_one("#drafts", DataTable).row_count == 1

    run(go())


def test_next_unanswered_skips_answered_and_not_relevant(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        async with app_for(store).run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            assert screen.current == "meeting"
            await pilot.press("right_square_bracket")  # next unanswered
            await pilot.pause()
            assert screen.current == "oversize"
            await pilot.press("n")  # the yes/no widget has focus: n means 否, nothing else
            await pilot.pause()
            assert screen.current == "oversize"
            await pilot.press("escape", "right_square_bracket")  # from the list too
            await pilot.pause()
            assert screen.current == "branch", "oversize_fix is not relevant and skipped"
            await pilot.press("left_square_bracket")
            await pilot.pause()
            assert screen.current == "meeting"
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert screen.current == "branch"
            await pilot.press("escape", "j", "j")
            await pilot.pause()
            assert screen.current == "newfield"
            await pilot.press("k")
            await pilot.pause()
            assert screen.current == "grid"

    run(go())


def test_jump_by_text_and_palette(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            await pilot.press("slash")
            await pilot.pause()
            assert isinstance(app.screen, JumpDialog)
            app.screen.query_one("#query", Input).insert_text_at_cursor("信访")
            await pilot.pause()
            # Issue 10: results in Chinese (no English ids), and a Chinese word when none match.
            hits = app.screen.query_one("#hits", OptionList)
            shown = [str(hits.get_option_at_index(n).prompt) for n in range(hits.option_count)]
            assert shown == ["第 10 项  信访问题"]
            app.screen.query_one("#query", Input).value = "没有这样的指标"
            await pilot.pause()
            assert "没有找到" in str(hits.get_option_at_index(0).prompt)
            app.screen.query_one("#query", Input).value = "信访"
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            assert screen.current == "issues"
            await pilot.press("escape", "ctrl+f")
            await pilot.pause()
            app.screen.query_one("#query", Input).value = "young"
            await pilot.press("enter")
            await pilot.pause()
            assert screen.current == "young"
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"judge")
            await pilot.pause(0.5)
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert screen.current == "judge"

    run(go())


def test_review_lists_gaps_and_jumps(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = await open_walk(pilot, "meeting")
            await pilot.press("n")  # 否: loses 2
            await screen.jump_to("branch")
            await pilot.press("3")  # 未创建: loses 3
            await pilot.pause()
            await pilot.press("escape", "r")
            await pilot.pause()
            review = app.screen
            assert isinstance(review, ReviewScreen)
            gaps = review.query_one("#gaps", DataTable)
            assert [gaps.coordinate_to_cell_key((n, 0)).row_key.value for n in range(gaps.row_count)] == [
                "branch",
                "meeting",
            ]
            assert "市级3分" in str(review.query_one("#guide", Static).render())
            unanswered = review.query_one("#unanswered", DataTable)
            assert unanswered.row_count == 10
            sections = review.query_one("#sections", DataTable)
            assert sections.row_count == 2
            await pilot.press("down")
            await pilot.pause()
            assert "按时召开" in str(review.query_one("#guide", Static).render())
            await pilot.press("enter")
            await pilot.pause()
            assert app.screen is screen
            assert screen.current == "meeting"

    run(go())


def test_help_is_for_the_focused_part(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_walk(pilot, "meeting")
            await pilot.press("f1")
            await pilot.pause()
            assert isinstance(app.screen, HelpDialog)
            assert "是/否题" in str(app.screen.query_one("#topic", Static).render())
            await pilot.press("escape", "escape", "question_mark")
            await pilot.pause()
            assert "板块与指标" in str(app.screen.query_one("#topic", Static).render())

    run(go())


def test_second_window_is_read_only(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)
    other = Store.open(store, owner="另一位")
    assert other.acquire(draft)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot, "meeting")
            banner = str(screen.query_one("#banner", Static).render())
            assert "只读" in banner and "另一位" in banner
            assert all(w.disabled for w in screen.query(AnswerWidget))
            assert screen.query_one("#note", Input).disabled
            await pilot.press("y")
            await pilot.pause()
        assert "meeting" not in answers(store, draft)

    try:
        run(go())
    finally:
        other.close()


def test_broken_store_offers_a_fresh_one(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    store.write_bytes(b"this is not a database" * 100)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, StoreErrorScreen)
            assert "无法打开" in str(app.screen.query_one(".dialog-title", Static).render())
            assert store.read_bytes().startswith(b"this is not"), "left untouched"
            await pilot.press("f")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
        kept = [p for p in tmp_path.iterdir() if ".broken-" in p.name]
        assert kept and kept[0].read_bytes().startswith(b"this is not")

    run(go())
