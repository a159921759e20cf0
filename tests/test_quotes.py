"""Nested quotation marks (GB/T 15834): “ outside, ‘ inside, wherever text quotes rubric text."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from checklist.assessment import Assessment
from checklist.cli import main
from checklist.quotes import nest, q
from checklist.rubric import load_rubric
from checklist.scoring import score

ROOT = Path(__file__).resolve().parent.parent
STAR = ROOT / "rubrics" / "village-star.yaml"


def _star(answers: dict[str, object]) -> Assessment:
    return Assessment.model_validate(
        {"rubric": {"id": "village-star"}, "answers": {k: {"value": v} for k, v in answers.items()}}
    )


def test_q_turns_inner_quotes_to_single() -> None:
    assert q("获评县级“最强支部”") == "“获评县级‘最强支部’”"
    assert q("“最强支部”创建") == "“‘最强支部’创建”"
    assert nest("选择“获评县级“最强支部””") == "选择“获评县级‘最强支部’”"
    assert nest("“a‘b“c”b’a”") == "“a‘b“c”b’a”"  # a third level goes back to “”


def test_an_unpaired_closing_mark_is_left_alone() -> None:
    assert nest("it’s “ok”") == "it’s “ok”"


MARKS = st.text(alphabet=st.sampled_from(["“", "”", "‘", "’", "甲", "乙"]), max_size=30)


@given(MARKS)
def test_nest_is_idempotent_and_keeps_everything_else(text: str) -> None:
    once = nest(text)
    assert nest(once) == once
    assert len(once) == len(text)
    assert [c for c in once if c not in "“”‘’"] == [c for c in text if c not in "“”‘’"]


@given(st.text(alphabet=st.sampled_from(["“", "”", "甲"]), max_size=20))
def test_quoting_balanced_text_never_puts_a_double_pair_directly_inside_another(text: str) -> None:
    depth, balanced = 0, True
    for c in text:
        depth += {"“": 1, "”": -1}.get(c, 0)
        balanced = balanced and depth >= 0
    if not balanced or depth:
        return
    out = q(text)
    level = 0
    for c in out:
        if c in "“‘":
            assert c == ("“" if level % 2 == 0 else "‘")
            level += 1
        elif c in "”’":
            level -= 1
            assert c == ("”" if level % 2 == 0 else "’")


def test_why_of_a_choice_nests_the_option_quotes() -> None:
    rubric = load_rubric(STAR).rubric
    assert rubric is not None
    got = score(rubric, _star({"strongest_branch": "county"})).item("strongest_branch")
    assert got.why == "选择“获评县级‘最强支部’”，得2分；选择“获评市级‘最强支部’”可得3分"


def test_condition_text_nests_item_titles() -> None:
    rubric = load_rubric(STAR).rubric
    assert rubric is not None
    got = score(rubric, _star({})).item("oversize_rectify")
    assert "“是否存在‘超大支部’或‘空壳支部’”" in got.why
    assert "““" not in got.why and "””" not in got.why


def test_cli_score_text_never_doubles_quotes(tmp_path: Path) -> None:
    example = ROOT / "examples" / "village-star-complete.json"
    run = CliRunner().invoke(main, ["score", "village-star", str(example)])
    assert run.exit_code == 0, run.output
    assert "““" not in run.output and "””" not in run.output
    assert "“获评" not in run.output or "‘最强支部’" in run.output
