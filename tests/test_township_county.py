"""A generated county (3 townships, 300 villages, a third reviewed, some tampered, some with a
地区档位 other than the organiser's) rolled up with quotas and the bottom share per township:
rankings, quotas, 自评−审核, 整转 lists and the profile list are computed here independently, from
the villages' answers and the township's corrections, never from the roll-up's own code."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from county_support import County, corrected
from openpyxl import Workbook, load_workbook
from township_support import rubric

from checklist.cli import main
from checklist.scoring import Result, score
from checklist.township import aggregate
from checklist.township.aggregate import EXCLUDED, PROFILE, RollUp
from checklist.township.notice import Notice
from checklist.township.notice_sheets import write_ledger, write_notice
from checklist.township.profiles import read_profiles
from checklist.township.workbook import write_rollup
from checklist.xlsx.styles import Palette

VILLAGES = 300
LADDER = ["five", "four", "three", "two", "one"]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    return County(rubric(), tmp_path_factory.mktemp("county") / "in", VILLAGES)


@pytest.fixture(scope="module")
def profile_file(county: County) -> Path:
    path = county.folder.parent / "档位.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["乡镇", "村", "地区档位"])
        for n, a in enumerate(county.assessments, start=1):
            if n % 5 == 0:
                out.writerow([a.township, a.village, "加快发展县"])
    return path


def organisers(county: County, n: int) -> str | None:
    return "accelerated" if n % 5 == 0 else None


@pytest.fixture(scope="module")
def rollup(county: County, profile_file: Path) -> RollUp:
    profiles = read_profiles(profile_file, county.loaded.rubric)
    return aggregate([county.folder], county.loaded, profiles=profiles, scope="township")


class Expected:
    """Everything the roll-up should say, computed plainly."""

    def __init__(self, county: County) -> None:
        r = county.loaded.rubric
        self.own: dict[str, Result] = {}
        self.final: dict[str, Result] = {}
        self.profile: dict[str, str | None] = {}
        self.chose: dict[str, str | None] = {}
        self.town: dict[str, str] = {}
        for n, a in enumerate(county.assessments, start=1):
            key = a.township + a.village
            if key in county.tampered:
                continue
            p = organisers(county, n)
            self.profile[key], self.chose[key], self.town[key] = p, a.profile, a.township
            mine = a.model_copy(update={"profile": p})
            self.own[key] = score(r, mine, p)
            items = county.reviews.get(key)
            self.final[key] = score(r, corrected(mine, items), p) if items else self.own[key]

    def order(self, keys: list[str]) -> list[str]:
        return sorted(keys, key=lambda k: (-self.final[k].total, -self.final[k].base, self.town[k], k))

    def towns(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for k in self.order(list(self.final)):
            out.setdefault(self.town[k], []).append(k)
        return out


def half_up(x: Decimal) -> int:
    return int(x.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture(scope="module")
def expected(county: County) -> Expected:
    return Expected(county)


def test_tampered_left_out_and_listed(county: County, rollup: RollUp, expected: Expected) -> None:
    assert county.tampered, "the generated county has tampered workbooks"
    counted = {v.township + v.village for v in rollup.villages}
    assert counted == set(expected.final)
    excluded = [p for p in rollup.problems if p.kind == EXCLUDED]
    assert sorted(Path(p.path).name for p in excluded) == sorted(f"{k}.xlsx" for k in county.tampered)


def test_reviewed_scores_rank_and_differences(county: County, rollup: RollUp, expected: Expected) -> None:
    assert [v.township + v.village for v in rollup.villages] == expected.order(list(expected.final))
    for v in rollup.villages:
        key = v.township + v.village
        assert v.scores.total == expected.final[key].total
        assert v.own.total == expected.own[key].total
        if key in county.reviews:
            assert v.review == "已审核" and v.reviewed
            assert v.difference == expected.own[key].total - expected.final[key].total
        else:
            assert v.review == "未审核" and v.difference is None
    assert len(rollup.reviewed) == len(county.reviews) == VILLAGES // 3
    assert any((v.difference or 0) > 0 for v in rollup.villages), "some village over-scored itself"


def test_quotas_and_bottom_share_per_township(rollup: RollUp, expected: Expected) -> None:
    by_key = {v.township + v.village: v for v in rollup.villages}
    for town, keys in expected.towns().items():
        n = len(keys)
        caps = {"five": half_up(Decimal(n) * 10 / 100), "four": half_up(Decimal(n) * 30 / 100)}
        assert {k: c.count for k, c in rollup.quota_counts[town].items()} == caps
        taken = dict.fromkeys(caps, 0)
        for rank_in_town, k in enumerate(keys, start=1):
            got = expected.final[k].level.id
            want = None
            if got is not None:
                for lv in LADDER[LADDER.index(got) :]:
                    if lv in caps and taken[lv] >= caps[lv]:
                        continue
                    want = lv
                    break
                if want in taken:
                    taken[want] += 1
            assert by_key[k].final.id == want, k
            if rank_in_town == 1:
                assert by_key[k].scope_rank == 1
        bottom = half_up(Decimal(n) * 5 / 100)
        assert rollup.rectify_counts[town].count == bottom
        r = expected.final
        marked = {k for k in keys[-bottom:]} | {k for k in keys if r[k].vetoes or r[k].flags}
        assert {k for k in keys if by_key[k].rectify} == marked


def test_profiles_are_the_organisers(rollup: RollUp, expected: Expected) -> None:
    differs = {k for k in expected.final if expected.chose[k] != expected.profile[k]}
    assert differs, "the generated county has villages choosing another profile"
    assert {v.township + v.village for v in rollup.profile_differs} == differs
    listed = [p for p in rollup.problems if p.kind == PROFILE]
    assert len(listed) == len(differs)


def test_county_workbook(county: County, rollup: RollUp, tmp_path: Path) -> None:
    out = write_rollup(rollup, tmp_path / "县汇总.xlsx")
    wb = load_workbook(out)
    ws = wb["排名"]
    heads = [ws.cell(row=3, column=c).value for c in range(1, ws.max_column + 1)]
    assert "镇内排名" in heads and "审核" in heads
    scores = wb["各村得分"]  # the self-assessed totals and profiles, beside the section scores
    beside = [scores.cell(row=3, column=c).value for c in range(1, scores.max_column + 1)]
    for head in ("审核", "自评得分", "自评−审核", "地区档位"):
        assert head in beside
    col = {h: n + 1 for n, h in enumerate(heads)}
    own = {h: n + 1 for n, h in enumerate(beside)}
    for row, v in enumerate(rollup.villages, start=4):
        assert ws.cell(row=row, column=col["审核"]).value == v.review
        assert scores.cell(row=row, column=own["审核"]).value == v.review
        assert Decimal(str(scores.cell(row=row, column=own["自评得分"]).value)) == v.own.total
    notes = " ".join(str(c.value) for row in ws.iter_rows() for c in row if c.value and "四舍五入" in str(c.value))
    assert "新丰镇" in notes and "× 10% =" in notes
    ledger = wb["整转台账"]
    rows = [[c.value for c in r] for r in ledger.iter_rows(min_row=4)]
    assert len([r for r in rows if isinstance(r[0], int)]) == len(rollup.rectified)
    first = rollup.rectified[0]
    line = next(r for r in rows if r[2] == first.village and r[1] == first.township)
    assert line[5] == "\n".join(first.rectify) and "失" in (line[6] or "")


def test_cli_scope_profile_file_and_include_doubtful(county: County, profile_file: Path, tmp_path: Path) -> None:
    some = sorted(county.folder.iterdir())[:60]
    tampered = [county.paths[k] for k in county.tampered][:1]
    args = ["aggregate", "--rubric", "village-star", "--profile", str(profile_file), "--scope", "township"]
    run = CliRunner().invoke(main, [*args, *map(str, some + tampered), "-o", str(tmp_path / "a.xlsx")])
    assert run.exit_code == 0, run.output
    assert "校验和不符未计入" in run.output and "已审核" in run.output
    run = CliRunner().invoke(
        main, [*args, "--include-doubtful", *map(str, some + tampered), "-o", str(tmp_path / "b.xlsx")]
    )
    assert run.exit_code == 0 and "校验和不符未计入" not in run.output
    bad = tmp_path / "坏档位.csv"
    bad.write_text("乡镇,村,地区档位\n新丰镇,第001村,山区县\n", encoding="utf-8")
    run = CliRunner().invoke(main, ["aggregate", "--rubric", "village-star", "--profile", str(bad), str(some[0])])
    assert run.exit_code == 1 and "坏档位.csv:2:3" in run.output and "山区县" in run.output


def test_small_township_can_have_a_five_star_and_a_run_of_one_marks_none(county: County, tmp_path: Path) -> None:
    loaded = county.loaded
    r = loaded.rubric
    best = max(county.assessments, key=lambda a: score(r, a.model_copy(update={"profile": None}), None).total)
    assert score(r, best.model_copy(update={"profile": None}), None).level.id == "five"
    alone = aggregate([county.paths[best.township + best.village]], loaded)
    assert alone.rectify_count == 0 and not alone.villages[0].rectify  # 1 × 5% = 0.05 → 0
    nine = [*sorted(county.assessments, key=lambda a: a.village)[:8], best]
    folder = tmp_path / "nine"
    folder.mkdir()
    for a in nine:
        src = county.paths[a.township + a.village]
        shutil.copy(src, folder / src.name)
    got = aggregate([folder], loaded)
    assert got.quota_caps["five"] == 1  # 9 × 10% = 0.9 → 1
    assert any(v.final.id == "five" for v in got.villages)


# --- the notice and the ledger on paper ----------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")


@pytest.fixture(scope="module")
def printed(rollup: RollUp, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if not (SOFFICE and PDFTOTEXT):
        pytest.skip("LibreOffice (soffice) or pdftotext not installed")
    from datetime import date

    folder = tmp_path_factory.mktemp("notice-pdf")
    rollup.notice = Notice(start=date(2026, 12, 4), days=5, phone="0571-12345678", committee="中共新丰镇委员会")
    out: dict[str, Path] = {}
    for name, write in (("公示名单", write_notice), ("整转台账", write_ledger)):
        wb = Workbook()
        ws = wb.active
        ws.title = name
        args: tuple[Any, ...] = (rollup, rollup.notice) if name == "公示名单" else (rollup,)
        write(ws, Palette(wb), *args)
        out[name] = folder / f"{name}.xlsx"
        wb.save(out[name])
    profile = (folder / "lo-profile").as_uri()
    run = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
        + [str(p) for p in out.values()],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    texts = {}
    for name, book in out.items():
        pdf = book.with_suffix(".pdf")
        assert pdf.exists(), run.stdout + run.stderr
        texts[name] = subprocess.run(
            [PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
    return texts


def _squash(text: str) -> str:
    return "".join(text.split())


def test_notice_prints_as_a_notice(rollup: RollUp, printed: dict[str, str]) -> None:
    pages = printed["公示名单"].split("\f")
    text = _squash(printed["公示名单"])
    # 2026-12-04 is a Friday: five working days end on Thursday 12-10
    assert "2026年12月4日至2026年12月10日（5个工作日）" in text
    assert "监督电话：0571-12345678" in text and "中共新丰镇委员会" in _squash(
        pages[-2] if not pages[-1].strip() else pages[-1]
    )
    fives = [v for v in rollup.villages if v.final.id == "five"]
    assert fives and all(f"{v.village}党组织" in text for v in fives)
    positions = [text.index(f"{v.village}党组织") for v in fives]
    assert positions == sorted(positions), "villages in rank order"
    assert "第1页" in text  # page numbers per sheet (a total would count the whole workbook in LibreOffice)


def test_ledger_prints_with_every_column(rollup: RollUp, printed: dict[str, str]) -> None:
    pages = [_squash(p) for p in printed["整转台账"].split("\f") if p.strip()]
    for page in pages:
        for head in ("整改措施", "包联领导", "完成时限", "验收情况"):
            assert head in page
    everything = "".join(pages)
    assert all(v.village in everything for v in rollup.rectified)


def test_flat_export_csv_and_xlsx(county: County, profile_file: Path, tmp_path: Path) -> None:
    some = sorted(p for p in county.folder.iterdir() if p.name.endswith("-审核.xlsx"))[:5]
    some += sorted(p for p in county.folder.iterdir() if p.suffix == ".json")[:5]
    items = county.loaded.rubric.items()
    for name in ("明细.csv", "明细.xlsx"):
        out = tmp_path / name
        run = CliRunner().invoke(
            main,
            [
                "aggregate",
                "--rubric",
                "village-star",
                *map(str, some),
                "-o",
                str(tmp_path / "x.xlsx"),
                "--force",
                "--flat",
                str(out),
            ],
        )
        assert run.exit_code == 0, run.output
        if name.endswith(".csv"):
            raw = out.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf")
            rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
        else:
            from python_calamine import CalamineWorkbook

            rows = [
                [str(c) for c in r]
                for r in CalamineWorkbook.from_path(str(out)).get_sheet_by_name("逐项明细").to_python()
            ]
        assert rows[0][:8] == ["乡镇", "村", "维度", "指标", "自评情况", "自评得分", "审核得分", "审核意见"]
        assert len(rows) == 1 + len(some) * len(items)
        # a reviewed village's corrected item: both scores and the reason, as computed here
        key = some[0].name.removesuffix("-审核.xlsx")
        a = next(x for x in county.assessments if x.township + x.village == key)
        item_id, change = next(iter(county.reviews[key].items()))
        title = next(i.title for i in items if i.id == item_id)
        line = next(r for r in rows if r[0] + r[1] == key and r[3] == title)
        own = score(county.loaded.rubric, a.model_copy(update={"profile": None}), None)
        theirs = score(
            county.loaded.rubric, corrected(a.model_copy(update={"profile": None}), county.reviews[key]), None
        )
        assert Decimal(line[5]) == own.item(item_id).points and Decimal(line[6]) == theirs.item(item_id).points
        assert line[7] == change["reason"]


def test_township_subtotals(rollup: RollUp, tmp_path: Path) -> None:
    from checklist.township.workbook import township_subtotals

    got = {t["township"]: t for t in township_subtotals(rollup)}
    for town in {v.township for v in rollup.villages}:
        group = [v for v in rollup.villages if v.township == town]
        t = got[town]
        assert t["villages"] == len(group) and t["reviewed"] == sum(1 for v in group if v.review == "已审核")
        assert t["average"] == sum((v.scores.total for v in group), Decimal(0)) / len(group)
        assert t["rectify"] == sum(1 for v in group if v.rectify)
    wb = load_workbook(write_rollup(rollup, tmp_path / "t.xlsx"))
    assert "乡镇小计" in wb.sheetnames
