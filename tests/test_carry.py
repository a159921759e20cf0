"""沿用上年 (issue 10): carried answers are marked 待确认 in the store until confirmed; new and
gone items are listed; the command line prints the new draft's number; the TUI confirms with c."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner
from tui_support import TEST_RUBRIC, answers, app_for, make_draft, open_walk, run

from checklist.assessment import Answer
from checklist.carry import carry
from checklist.cli import main
from checklist.rubric import load_rubric
from checklist.store import Store


def this_years_rubric(tmp_path: Path) -> Path:
    """Last year's rubric with 'gang' gone, a new item 'party_day', and 'branch' without 'county'."""
    data = yaml.safe_load(TEST_RUBRIC.read_text(encoding="utf-8"))
    data["version"] = "2026"
    dev = next(s for s in data["sections"] if s["id"] == "dev")
    dev["items"] = [i for i in dev["items"] if i["id"] != "gang"]
    dev["items"].append({"id": "party_day", "title": "主题党日", "rule": {"type": "yesno", "points": 1}})
    org = next(s for s in data["sections"] if s["id"] == "org")
    branch = next(i for i in org["items"] if i["id"] == "branch")
    branch["rule"]["options"] = [o for o in branch["rule"]["options"] if o["id"] != "county"]
    for level in data.get("levels", []):
        level.pop("no_veto", None)
    data.pop("vetoes", None)
    path = tmp_path / "rubric-2026.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def last_year(store_path: Path) -> int:
    draft = make_draft(store_path)
    store = Store.open(store_path)
    store.acquire(draft)
    store.set_answer(draft, "meeting", Answer(value=True, note="每月召开", evidence=["照片"]))
    store.set_answer(draft, "branch", Answer(value="county"))
    store.set_answer(draft, "gang", Answer(value=False))
    store.set_answer(draft, "income", Answer(value=12))
    store.release(draft)
    store.close()
    return draft


def test_carry_marks_lists_and_refuses(tmp_path: Path) -> None:
    store_path = tmp_path / "s.sqlite3"
    draft = last_year(store_path)
    previous = Store.open(store_path).assessment(draft)
    loaded = load_rubric(this_years_rubric(tmp_path))
    c = carry(previous, loaded.rubric, year=2026)
    assert c.carried == ["meeting", "income"]
    assert all(c.assessment.answers[i].carried for i in c.carried)
    assert c.assessment.answers["meeting"].note == "每月召开"
    assert c.assessment.answers["meeting"].evidence == [], "evidence is gathered again each year"
    assert c.gone == ["gang"] and "party_day" in c.new
    assert [i for i, _ in c.refused] == ["branch"]
    assert c.assessment.year == 2026 and c.assessment.village == "红旗村"
    assert "待确认" in c.summary()


def test_cli_carry_prints_the_new_number_and_the_store_keeps_the_mark(tmp_path: Path) -> None:
    store_path = tmp_path / "s.sqlite3"
    draft = last_year(store_path)
    rubric = this_years_rubric(tmp_path)
    out = CliRunner().invoke(main, ["--store", str(store_path), "carry", str(draft), "--year", "2026", "--rubric", str(rubric)])
    assert out.exit_code == 0, out.output
    number = int(out.stdout.strip())
    assert number != draft
    got = answers(store_path, number)
    assert got["meeting"].carried and got["meeting"].value is True
    assert "gang" not in got
    assert Store.open(store_path).assessment(number).year == 2026
    bad = CliRunner().invoke(main, ["--store", str(store_path), "carry", "nowhere.xlsx", "--year", "2026"])
    assert bad.exit_code == 1 and "找不到文件" in bad.output and "Traceback" not in bad.output


def test_walk_confirms_a_carried_answer_with_one_key(tmp_path: Path) -> None:
    store_path = tmp_path / "s.sqlite3"
    draft = last_year(store_path)
    out = CliRunner().invoke(main, ["--store", str(store_path), "carry", str(draft), "--year", "2026"])
    assert out.exit_code == 0, out.output
    number = int(out.stdout.strip())

    async def go() -> None:
        app = app_for(store_path)
        async with app.run_test(size=(120, 40)) as pilot:
            from textual.widgets import DataTable, Static

            await pilot.pause()
            table = app.screen.query_one("#drafts", DataTable)
            rows = [str(table.get_row_at(n)[2]) for n in range(table.row_count)]
            table.move_cursor(row=rows.index("2026"))
            screen = await open_walk(pilot, "meeting")
            status = str(screen.query_one("#status", Static).render())
            assert "待确认" in status
            from textual.widgets._footer import FooterKey

            assert any(k.description == "确认沿用" for k in screen.query(FooterKey))
            await pilot.press("c")
            await pilot.pause()
            assert "待确认" not in str(screen.query_one("#status", Static).render())
            await screen.jump_to("income")
            await pilot.press("end", "3", "enter")  # changed: no longer 待确认 either
            await pilot.pause()

    run(go())
    got = answers(store_path, number)
    assert not got["meeting"].carried and got["meeting"].value is True
    assert not got["income"].carried and got["income"].value == 123
