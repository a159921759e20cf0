"""The roll-up of a generated township of 300 villages with known answers: ranking, quotas,
bottom share, vetoes and flags, per-item failure rates, sections, problem files, duplicates, and
the workbook (排名 read back, the hidden 数据 sheet read back) — all against expectations computed
here from the villages' own scores."""

from __future__ import annotations

import json
import math
import shutil
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from report_helpers import cell_beside
from township_support import rubric, township, write_inputs

from checklist.assessment import write_assessment
from checklist.cli import main
from checklist.report.sheets import summary
from checklist.scoring import Result, score
from checklist.township import DOUBTFUL, DUPLICATE, REFUSED, RollUp, aggregate, read_previous
from checklist.township.aggregate import PROFILE
from checklist.township.workbook import write_rollup

VILLAGES = 300
REPORTS = 20  # written with write_report (≈70 ms each); the others as assessment JSON


class Town:
    def __init__(self, folder: Path, extras: Path) -> None:
        self.loaded = rubric()
        self.assessments = township(seed=2026, count=VILLAGES)
        self.paths = write_inputs(self.assessments, folder, REPORTS, self.loaded)
        self.scores: dict[str, Result] = {
            a.township + a.village: score(self.loaded.rubric, a) for a in self.assessments
        }
        self.names = {a.township + a.village: (a.township, a.village) for a in self.assessments}
        self.folder = folder
        self.extras = extras


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Town:
    base = tmp_path_factory.mktemp("township")
    return Town(base / "villages", base / "extras")


@pytest.fixture(scope="module")
def rollup(town: Town) -> RollUp:
    return aggregate([town.folder], town.loaded)


# --- expectations, computed plainly from the villages' scores ---------------------------------


def expected_order(town: Town) -> list[str]:
    def key(k: str) -> tuple[Any, ...]:
        r = town.scores[k]
        return (-r.total, -r.base, *town.names[k])

    return sorted(town.scores, key=key)


def expected_levels(town: Town, order: list[str]) -> dict[str, str | None]:
    n = len(order)
    caps = {"five": math.floor(n * 10 / 100), "four": math.floor(n * 30 / 100)}
    ladder = ["five", "four", "three", "two", "one"]
    taken = {"five": 0, "four": 0}
    out: dict[str, str | None] = {}
    for k in order:
        got = town.scores[k].level.id
        if got is None:
            out[k] = None
            continue
        final = None
        for lv in ladder[ladder.index(got) :]:
            if lv in caps and taken[lv] >= caps[lv]:
                continue
            final = lv
            break
        if final in taken:
            taken[final] += 1
        out[k] = final
    return out


def test_everyone_counted_and_rescored(town: Town, rollup: RollUp) -> None:
    assert len(rollup.villages) == VILLAGES
    assert rollup.files == VILLAGES
    for v in rollup.villages:
        assert v.scores.total == town.scores[v.township + v.village].total
    assert not [p for p in rollup.problems if p.kind == REFUSED]


def test_ranking(town: Town, rollup: RollUp) -> None:
    order = expected_order(town)
    assert [v.township + v.village for v in rollup.villages] == order
    # competition ranking: equal totals share a rank, the next rank skips
    for n, v in enumerate(rollup.villages):
        first = next(i for i, k in enumerate(order) if town.scores[k].total == v.scores.total)
        assert v.rank == first + 1
        assert n + 1 >= v.rank


def test_quotas(town: Town, rollup: RollUp) -> None:
    order = expected_order(town)
    want = expected_levels(town, order)
    got = {v.township + v.village: v.final.id for v in rollup.villages}
    assert got == want
    counts = {lv.id: n for lv, n in rollup.level_counts()}
    assert counts["five"] <= 30 and counts["four"] <= 90
    assert rollup.quota_caps == {"five": 30, "four": 90}
    # the township must be big and good enough for the quotas to bite
    before = {lv.id: n for lv, n in rollup.level_counts(before_quota=True)}
    assert before["five"] + before["four"] > 90 or before["five"] > 30, before
    assert any(v.quota_note for v in rollup.villages)


def test_bottom_share_and_flags(town: Town, rollup: RollUp) -> None:
    order = expected_order(town)
    k = math.ceil(len(order) * 5 / 100)
    assert rollup.rectify_count == k == 15
    bottom = set(order[-k:])
    triggered = {key for key, r in town.scores.items() if r.vetoes or r.flags}
    assert triggered, "the generated township should have some vetoes and flags"
    assert bottom - triggered, "and bottom villages without them"
    marked = {v.township + v.village for v in rollup.rectified}
    assert marked == bottom | triggered
    for v in rollup.villages:
        key = v.township + v.village
        reasons = v.rectify
        assert len(reasons) == len(set(reasons))  # no double counting within a village
        assert ("倒排后5%" in reasons) == (key in bottom)


def test_item_failure_rates(town: Town, rollup: RollUp) -> None:
    stats = {s.id: s for s in rollup.item_stats()}
    items = [i for i in town.loaded.rubric.items() if not i.bonus]
    assert set(stats) == {i.id for i in items}
    for item in items:
        losses = [r.item(item.id).lost for r in town.scores.values()]
        lost = [x for x in losses if x > 0]
        s = stats[item.id]
        assert s.lost_count == len(lost)
        assert s.lost_total == sum(lost, Decimal(0))
        assert s.rate == Decimal(len(lost)) / VILLAGES
    ordered = [s.lost_total for s in rollup.item_stats()]
    assert ordered == sorted(ordered, reverse=True)


def test_sections(town: Town, rollup: RollUp) -> None:
    for pos, s in enumerate(rollup.section_stats()):
        if s.bonus_only:
            continue
        points = {k: r.sections[pos].points for k, r in town.scores.items()}
        assert s.average == sum(points.values(), Decimal(0)) / VILLAGES
        assert s.best_points == max(points.values())
        assert s.worst_points == min(points.values())
        assert {v.township + v.village for v in s.best} == {k for k, p in points.items() if p == s.best_points}


def test_workbook_sheets_and_data(town: Town, rollup: RollUp, tmp_path: Path) -> None:
    out = write_rollup(rollup, tmp_path / "汇总.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["排名", "各村得分", "乡镇小计", "星级分布", "公示名单", "整转台账", "指标失分", "维度", "问题文件", "数据"]
    assert wb["数据"].sheet_state == "veryHidden"
    ws = wb["排名"]
    assert ws.cell(row=3, column=1).value == "排名"
    shown = [
        (ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value, ws.cell(row=r, column=4).value)
        for r in range(4, 4 + VILLAGES)
    ]
    assert [(t, v) for t, v, _ in shown] == [(x.township, x.village) for x in rollup.villages]
    assert [Decimal(str(total)) for _, _, total in shown] == [x.scores.total for x in rollup.villages]
    assert ws.print_title_rows == "$1:$3"
    assert ws.page_setup.orientation == "landscape"
    assert wb["星级分布"]._charts, "星级分布 has a chart"
    heads = [c.value for c in wb["维度"][3]]
    assert heads[4] == "得分最高的村" and heads[6] == "得分最低的村"  # not 最好/最差: a score, not a verdict
    titles = [wb["维度"].cell(row=r, column=1).value for r in range(4, wb["维度"].max_row + 1)]
    assert not any(t and "加分项（加分）" in t for t in titles)
    prev = read_previous(out)
    assert prev.checksum_ok
    assert [(e.township, e.village, e.total) for e in prev.entries] == [
        (v.township, v.village, v.scores.total) for v in rollup.villages
    ]


def test_problem_files_duplicates_and_doubts(town: Town, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(town.folder, folder)
    # the same village twice: an older submission with other answers
    first = town.assessments[REPORTS + 1]
    older = first.model_copy(update={"updated": first.updated.replace(year=2025), "answers": {}})
    write_assessment(older, folder / "older-copy.json")
    # a newer one replaces the report of another village
    second = town.assessments[0]
    newer = second.model_copy(update={"updated": second.updated.replace(year=2027)})
    write_assessment(newer, folder / "newer-copy.json")
    # a file of another rubric, a CSV renamed .xlsx, a broken JSON
    shutil.copy(Path(__file__).parent.parent / "examples" / "shuangzheng-complete.json", folder / "双整.json")
    (folder / "表格.xlsx").write_text("村名,得分\n桃源村,99\n", encoding="utf-8")
    (folder / "坏.json").write_text('{"rubric": ', encoding="utf-8")
    # a report whose visible total was edited by hand (it replaces the original file)
    edited = folder / town.paths[town.assessments[1].township + town.assessments[1].village].name
    wb = load_workbook(edited)
    cell_beside(wb[summary.NAME], "总分").value = 99
    wb.save(folder / "改分.xlsx")
    edited.unlink()

    got = aggregate([folder, tmp_path / "nowhere"], town.loaded)
    by_kind: dict[str, list[str]] = {}
    for p in got.problems:
        by_kind.setdefault(p.kind, []).append(Path(p.path).name + "：" + p.reason)
    refused = " ".join(by_kind[REFUSED])
    assert "双整.json" in refused and "不是同一细则" in refused
    assert "表格.xlsx" in refused and "不是 Excel 工作簿" in refused
    assert "坏.json" in refused and "nowhere" in refused
    dupes = by_kind[DUPLICATE]
    assert any(d.startswith("older-copy.json") for d in dupes)
    assert any(d.startswith(Path(town.paths[second.township + second.village]).name) for d in dupes)
    assert any("改分.xlsx" in d and "手工改过" in d for d in by_kind[DOUBTFUL])
    assert len(got.villages) == VILLAGES
    counted = {v.township + v.village: v for v in got.villages}
    assert counted[first.township + first.village].source.name != "older-copy.json"
    assert counted[second.township + second.village].source.name == "newer-copy.json"
    # the edited report counts with its re-scored total, not the 99 typed in
    one = counted[town.assessments[1].township + town.assessments[1].village]
    assert one.scores.total == town.scores[town.assessments[1].township + town.assessments[1].village].total


def test_cli_aggregate_and_json_inputs(town: Town, tmp_path: Path) -> None:
    out = tmp_path / "roll.xlsx"
    files = [str(p) for p in list(town.paths.values())[REPORTS : REPORTS + 30]]
    run = CliRunner().invoke(main, ["aggregate", "--rubric", "village-star", *files, "-o", str(out)])
    assert run.exit_code == 0, run.output
    assert "计入 30 个村" in run.output and "已写出汇总表" in run.output
    again = CliRunner().invoke(main, ["aggregate", "--rubric", "village-star", *files, "-o", str(out)])
    assert again.exit_code == 1 and "--force" in again.output
    bad = CliRunner().invoke(
        main, ["aggregate", "--rubric", "village-star", "--profile", "nope", *files, "-o", str(out)]
    )
    assert bad.exit_code == 1 and "nope" in bad.output


def test_profile_override_is_noted(town: Town) -> None:
    some = [town.paths[a.township + a.village] for a in town.assessments[:3]]
    got = aggregate(some, town.loaded, profile="accelerated")
    for v in got.villages:
        a = next(x for x in town.assessments if x.village == v.village and x.township == v.township)
        assert v.scores.total == score(town.loaded.rubric, a, "accelerated").total
    # each village picked the standard profile itself: listed, not doubted
    assert got.profile_differs == got.villages
    listed = [p.reason for p in got.problems if p.kind == PROFILE]
    assert len(listed) == 3 and all("已按汇总所定的“加快发展县”计分" in r for r in listed)


def test_empty_roll_up_still_writes(town: Town, tmp_path: Path) -> None:
    got = aggregate([tmp_path / "nothing-here"], town.loaded)
    assert got.villages == [] and got.rectify_count == 0
    out = write_rollup(got, tmp_path / "empty.xlsx")
    assert load_workbook(out)["问题文件"].cell(row=4, column=3).value == REFUSED
    json.dumps(got.summary())
