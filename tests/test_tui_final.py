"""定稿 in the walk: F9 checks, confirms and makes the draft read-only; F9 again 撤回定稿."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from textual.widgets import Static
from tui_support import app_for, make_draft, open_walk, run

from checklist.cli import main
from checklist.store import Store
from checklist.tui.dialogs.confirm import ConfirmDialog
from checklist.tui.widgets.item_view import ItemView

ROOT = Path(__file__).resolve().parent.parent


def loaded_complete(store: Path) -> int:
    r = CliRunner().invoke(main, ["load", str(ROOT / "examples" / "village-star-complete.json"), "--store", str(store)])
    assert r.exit_code == 0, r.output
    return 1


def test_f9_on_an_unfinished_draft_lists_what_is_open_and_stays_a_draft(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = make_draft(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            await open_walk(pilot)
            await pilot.press("f9")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, ConfirmDialog)
            text = str(dialog.query_one("#question", Static).render())
            assert "不能定稿" in text and "未填写" in text
            await pilot.press("n")
            await pilot.pause()

    run(go())
    with Store.open(store) as s:
        assert s.finalized(draft) is None


def test_f9_finalizes_read_only_then_reopens(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = loaded_complete(store)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            assert screen.check_action("finalize", ()) and not screen.check_action("reopen", ())
            palette = [c.title for c in app.get_system_commands(screen)]
            assert "定稿" in palette and "撤回定稿" not in palette
            await pilot.press("f9")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
            assert app.screen is screen
            assert "已于" in str(screen.query_one("#banner", Static).render())
            assert screen.session.read_only
            assert all(w.disabled for w in screen.query_one(ItemView).query("Input"))
            assert screen.check_action("reopen", ()) and not screen.check_action("finalize", ())
            with Store.open(store) as other:
                assert other.finalized(draft) is not None
            await pilot.press("f9")
            await pilot.pause()
            await pilot.press("y")
            await pilot.pause()
            assert not screen.query("#banner")
            assert screen.session.read_only is None
            assert not any(w.disabled for w in screen.query_one(ItemView).query("Input"))

    run(go())
    with Store.open(store) as s:
        assert s.finalized(draft) is None
        assert [c.final for c in s.final_history(draft)] == [True, False]


def test_a_final_draft_opens_read_only(tmp_path: Path) -> None:
    store = tmp_path / "s.sqlite3"
    draft = loaded_complete(store)
    with Store.open(store) as s:
        s.finalize(draft)

    async def go() -> None:
        app = app_for(store)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_walk(pilot)
            assert "定稿" in str(screen.query_one("#banner", Static).render())
            assert screen.check_action("reopen", ())

    run(go())
