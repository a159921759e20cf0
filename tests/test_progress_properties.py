"""For random answer sets (valid, N/A, missing, junk) on the shipped and a generated rubric
(bench/gen.py): the progress record reads the same in ``score --json``, ``drafts --json``, the
walk header (Pilot) and the workbook 汇总; each section's raw × scale is its counted points; and
the item, 折算 and 加分 rows of 评分明细 add up to 合计 exactly (check_sums, in Decimal)."""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_report_sums import check_sums
from test_scoring_properties import SHIPPED, answers, assess
from tui_support import app_for, open_walk, run

from checklist.cli import main
from checklist.numbers import round_points
from checklist.progress import Progress
from checklist.report.write import build_workbook
from checklist.rubric import Rubric, check_bytes
from checklist.scoring import Result, score
from checklist.store import Store

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from gen import rubric_yaml  # noqa: E402 (bench/ is not a package)

FEW = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GENERATED_TEXT = rubric_yaml(60, sections=4, seed=3)
_generated, _problems = check_bytes(GENERATED_TEXT.encode(), "gen.yaml")
assert _generated is not None and not _problems
TEXTS: dict[str, tuple[Rubric, str]] = {
    "village-star": (SHIPPED["village-star"], (ROOT / "rubrics" / "village-star.yaml").read_text(encoding="utf-8")),
    "generated": (_generated, GENERATED_TEXT),
}
CASES = st.sampled_from(sorted(TEXTS)).flatmap(lambda name: st.tuples(st.just(name), answers(TEXTS[name][0])))


def _assessment_json(rubric: Rubric, data: dict[str, Any]) -> dict[str, Any]:
    try:  # junk such as Infinity or NaN cannot be written to a file (not this test's subject)
        out: dict[str, Any] = assess(rubric, data).to_data()
        json.dumps(out, allow_nan=False)
    except (OverflowError, ValueError, ArithmeticError):
        assume(False)
    return out


def check_result(result: Result) -> None:
    assert sum((s.progress for s in result.sections), Progress()) == result.progress
    p = result.progress
    assert p.to_answer + p.answered + p.na + p.not_relevant + p.invalid + p.pending == len(result.items)
    for s in result.sections:
        assert round_points(min(s.raw * s.scale, s.max)) == s.points, s
        if not s.note:  # no 折算 and no cap: the section counts its items' sum as it is
            assert (s.scale, s.points) == (1, round_points(s.raw)), s
    assert sum((s.bonus for s in result.sections), Decimal(0)) == result.bonus
    assert sum((s.bonus_raw for s in result.sections), Decimal(0)) == result.bonus_raw


@FEW
@given(CASES)
def test_one_progress_record_everywhere(case: tuple[str, dict[str, Any]]) -> None:
    name, data = case
    rubric, text = TEXTS[name]
    file_data = _assessment_json(rubric, data)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        rubric_file, answers_file = folder / "r.yaml", folder / "a.json"
        rubric_file.write_text(text, encoding="utf-8")
        answers_file.write_text(json.dumps(file_data, ensure_ascii=False), encoding="utf-8")
        assessment = assess(rubric, data)
        result = score(rubric, assessment)
        check_result(result)
        expected, words = result.progress.to_data(), result.progress.text

        out = CliRunner().invoke(main, ["score", str(rubric_file), str(answers_file), "--json"])
        assert out.exit_code == 0, out.output
        scored = json.loads(out.stdout)
        assert (scored["progress"], scored["progress_text"]) == (expected, words)
        assert (scored["answered"], scored["applicable"]) == (result.progress.done, result.progress.needed)

        store_path = folder / "s.sqlite3"
        Store.open(store_path).import_assessment(
            assessment, text, str(rubric_file), hashlib.sha256(text.encode()).hexdigest()
        )
        out = CliRunner().invoke(main, ["drafts", "--json", "--store", str(store_path)])
        assert out.exit_code == 0, out.output
        row = json.loads(out.stdout)[0]
        assert (row["progress"], row["progress_text"]) == (expected, words)

        wb = build_workbook(rubric, "0" * 64, assessment, result, "2026-11-26 10:00")
        summary = [[c.value for c in row] for row in wb["汇总"].iter_rows()]
        beside = next(r[r.index("已填") + 1] for r in summary if "已填" in r)
        assert beside == result.progress.counts

        async def walk() -> str:
            from checklist.tui.widgets.score_panel import ScorePanel

            app = app_for(store_path)
            async with app.run_test(size=(120, 40)) as pilot:
                screen = await open_walk(pilot)
                return str(screen.query_one(ScorePanel).render())

        assert words in run(walk())


@FEW
@given(CASES)
def test_detail_rows_add_up_to_the_total(case: tuple[str, dict[str, Any]]) -> None:
    name, data = case
    rubric = TEXTS[name][0]
    check_result(score(rubric, assess(rubric, data)))
    check_sums(rubric, data)
