"""Year over year: this year's roll-up against last year's roll-up workbook (``--previous``),
read back from its very hidden 数据 sheet; a tampered or foreign previous file is refused."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from township_support import rubric, township, write_inputs

from checklist.cli import main
from checklist.township import MISSING, PreviousError, RollUp, aggregate, read_previous
from checklist.township.workbook import write_rollup

COUNT = 60


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, RollUp]:
    base = tmp_path_factory.mktemp("yoy")
    loaded = rubric()
    last = township(seed=2025, count=COUNT + 3)  # three villages that do not report this year
    now = township(seed=2026, count=COUNT)
    for a in last:
        a.year = 2025
    write_inputs(last, base / "2025", 0, loaded)
    write_inputs(
        now[:-5] + [a.model_copy(update={"village": a.village + "（新）"}) for a in now[-5:]], base / "2026", 0, loaded
    )
    previous = write_rollup(aggregate([base / "2025"], loaded), base / "2025汇总.xlsx")
    return base, previous, aggregate([base / "2026"], loaded, previous=previous)


def test_changes_against_last_year(years: tuple[Path, Path, RollUp]) -> None:
    _, previous, now = years
    last = {(e.township, e.village): e for e in read_previous(previous).entries}
    assert len(last) == COUNT + 3
    moves = set()
    for v in now.villages:
        entry = last.get((v.township, v.village))
        if v.village.endswith("（新）"):
            assert entry is None and v.movement == "新参评" and v.change is None
            continue
        assert entry is not None
        assert v.change == v.scores.total - entry.total
        want = "晋位" if v.final.stars > entry.stars else "降级" if v.final.stars < entry.stars else "持平"
        assert v.movement == want
        moves.add(want)
    assert {"晋位", "降级"} <= moves
    missing = [p for p in now.problems if p.kind == MISSING]
    assert len(missing) == 3 + 5  # three that stopped reporting, five renamed


def test_changes_shown_on_ranking_sheet(years: tuple[Path, Path, RollUp], tmp_path: Path) -> None:
    _, _, now = years
    ws = load_workbook(write_rollup(now, tmp_path / "2026汇总.xlsx"))["排名"]
    heads = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    col = heads.index("上年得分") + 1
    for row, v in enumerate(now.villages, start=4):
        shown = ws.cell(row=row, column=col).value
        if v.previous is None:
            assert shown in (None, "")
        else:
            assert Decimal(str(shown)) == v.previous.total
            assert ws.cell(row=row, column=heads.index("升降") + 1).value == v.movement


def test_cli_with_previous(years: tuple[Path, Path, RollUp], tmp_path: Path) -> None:
    base, previous, _ = years
    out = tmp_path / "roll.xlsx"
    args = ["aggregate", "--rubric", "village-star", "--previous", str(previous), str(base / "2026"), "-o", str(out)]
    run = CliRunner().invoke(main, args)
    assert run.exit_code == 0, run.output
    assert "与上年相比" in run.output


def test_tampered_previous_is_refused(years: tuple[Path, Path, RollUp], tmp_path: Path) -> None:
    _, previous, _ = years
    wb = load_workbook(previous)
    cell = wb["数据"]["B5"]
    cell.value = cell.value.replace("第001村", "第999村")
    wb.save(tmp_path / "改过.xlsx")
    with pytest.raises(PreviousError, match="校验和不符"):
        read_previous(tmp_path / "改过.xlsx")


def test_village_report_is_not_a_previous_roll_up(years: tuple[Path, Path, RollUp], tmp_path: Path) -> None:
    loaded = rubric()
    a = township(seed=1, count=1)
    report = write_inputs(a, tmp_path, 1, loaded)[a[0].township + a[0].village]
    with pytest.raises(PreviousError, match="不是 checklist 生成的乡镇汇总表"):
        read_previous(report)
    csv = tmp_path / "x.xlsx"
    csv.write_text("a,b\n", encoding="utf-8")
    with pytest.raises(PreviousError, match="不是 Excel 工作簿"):
        read_previous(csv)
    run = CliRunner().invoke(
        main,
        [
            "aggregate",
            "--rubric",
            "village-star",
            "--previous",
            str(csv),
            str(tmp_path),
            "-o",
            str(tmp_path / "o.xlsx"),
        ],
    )
    assert run.exit_code == 1 and "上年汇总表" in run.output


# --- several earlier years; what may not be compared; 可销号 --------------------------------------


def _year(base: Path, year: int, seed: int, count: int = 40) -> Path:
    loaded = rubric()
    villages = township(seed=seed, count=count)
    for a in villages:
        a.year = year
    write_inputs(villages, base / str(year), 0, loaded)
    return write_rollup(aggregate([base / str(year)], loaded), base / f"{year}汇总.xlsx", force=True)


def test_several_previous_years_and_refusals(tmp_path: Path) -> None:
    loaded = rubric()
    y2024, y2025 = _year(tmp_path, 2024, 24), _year(tmp_path, 2025, 25)
    _year(tmp_path, 2026, 26)
    now = aggregate([tmp_path / "2026"], loaded, previous=[y2025, y2024])
    assert now.previous_years == [2024, 2025] and now.previous_path == y2025
    assert all([e.year for e in v.history] == [2024, 2025] for v in now.villages)
    same = tmp_path / "2026汇总.xlsx"
    with pytest.raises(PreviousError, match="不早于本次汇总的 2026 年度"):
        aggregate([tmp_path / "2026"], loaded, previous=[y2025, same])
    copy = tmp_path / "2025汇总-副本.xlsx"
    copy.write_bytes(y2025.read_bytes())
    with pytest.raises(PreviousError, match="都是 2025 年度"):
        aggregate([tmp_path / "2026"], loaded, previous=[y2025, copy])
    from checklist.cli import open_rubric

    other = open_rubric("shuangzheng")
    sz = write_rollup(aggregate([], other), tmp_path / "双整.xlsx")
    run = CliRunner().invoke(
        main,
        [
            "aggregate",
            "--rubric",
            "village-star",
            "--previous",
            str(y2025),
            "--previous",
            str(sz),
            str(tmp_path / "2026"),
            "-o",
            str(tmp_path / "o.xlsx"),
        ],
    )
    assert run.exit_code == 1 and "不是同一细则" in run.output, run.output


def test_ledger_shows_which_rectified_villages_may_be_closed(tmp_path: Path) -> None:
    loaded = rubric()
    last = _year(tmp_path, 2025, 7)
    before = {(e.township, e.village): e for e in read_previous(last).entries}
    _year(tmp_path, 2026, 8)
    now = aggregate([tmp_path / "2026"], loaded, previous=last)
    ws = load_workbook(write_rollup(now, tmp_path / "o.xlsx"))["整转台账"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    start = next(n for n, r in enumerate(rows) if str(r[0]).startswith("上年度（2025年度）整转村验收对比"))
    table = [r for r in rows[start + 2 :] if isinstance(r[0], int)]
    was = [v for v in now.villages if before.get((v.township, v.village)) and before[(v.township, v.village)].rectify]
    assert was and len(table) == len(was)
    for v, r in zip(was, table, strict=True):
        assert (r[1], r[2]) == (v.township, v.village)
        assert r[8] == ("否（仍在整转名单）" if v.rectify else "是（已退出整转名单）")
