"""The star rubric's 双整 item takes the 双整 rubric's own result (issue 9, shipped rubrics):
the number of 双整 items that did not earn full marks becomes its answer, with a note."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner

from checklist.assessment import read_assessment
from checklist.cli import main
from checklist.rubric import load_rubric
from checklist.scoring import score

ROOT = Path(__file__).resolve().parent.parent


def _files(tmp_path: Path, **changes: object) -> tuple[Path, Path]:
    star = tmp_path / "红旗村.json"
    star.write_bytes((ROOT / "examples" / "village-star-complete.json").read_bytes())
    sz = json.loads((ROOT / "examples" / "shuangzheng-complete.json").read_text(encoding="utf-8"))
    for item_id, value in changes.items():
        sz["answers"][item_id]["value"] = value
    other = tmp_path / "红旗村双整.json"
    other.write_text(json.dumps(sz, ensure_ascii=False), encoding="utf-8")
    return star, other


def test_the_shuangzheng_item_takes_the_shuangzheng_result(tmp_path: Path) -> None:
    # 班子配备 answered 否 (0 of 8) and 党员管理 missing one thing: 2 of 14 not at full marks
    star, other = _files(tmp_path, team_complete=False, member_management=["roster", "mobile", "dues"])
    run = CliRunner().invoke(main, ["take", "village-star", str(star), str(other)])
    assert run.exit_code == 0, run.output
    note = "取自“‘双整’基础指标自评细则”（2026.1）自评：14项中2项未得满分（班子配备、党员管理）"
    assert run.stdout.splitlines()[0] == f"[shuangzheng] “双整”基础指标：填入 2（{note}）"
    answer = read_assessment(star).answers["shuangzheng"]
    assert (answer.value, answer.note) == (2, note)
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    assert rubric is not None
    got = score(rubric, read_assessment(star)).item("shuangzheng")
    # 3 − 2 × 0.5 = 2
    assert (got.points, got.why) == (Decimal(2), "发现2项，每项扣0.5分，扣1分，得2分")


def test_an_unfinished_shuangzheng_assessment_is_refused(tmp_path: Path) -> None:
    star, _ = _files(tmp_path)
    before = star.read_bytes()
    other = ROOT / "examples" / "shuangzheng-partial.json"
    run = CliRunner().invoke(main, ["take", "village-star", str(star), str(other)])
    assert run.exit_code == 1
    assert "“‘双整’基础指标自评细则”的自评还有8项未填写（或答案无效），填完后才能取用" in run.stderr
    assert "Traceback" not in run.output and star.read_bytes() == before


def test_a_rubric_that_takes_nothing_from_it_says_so(tmp_path: Path) -> None:
    star, other = _files(tmp_path)
    run = CliRunner().invoke(main, ["take", "shuangzheng", str(other), str(star)])
    assert run.exit_code == 1
    assert "没有指标取用" in run.stderr and "本细则没有取用其他细则结果的指标" in run.stderr


def test_two_drafts_in_the_store_take_it_too(tmp_path: Path) -> None:
    from checklist.store import Store

    star, other = _files(tmp_path, venue=False)
    store = tmp_path / "s.sqlite3"
    runner = CliRunner()
    for path in (star, other):
        loaded = runner.invoke(main, ["load", str(path), "--store", str(store)])
        assert loaded.exit_code == 0, loaded.output
    with Store.open(store) as s:
        ids = {d.rubric_id: d.id for d in s.drafts()}
    run = runner.invoke(
        main, ["take", "--drafts", str(ids["village-star"]), str(ids["shuangzheng"]), "--store", str(store)]
    )
    assert run.exit_code == 0, run.output
    assert run.stdout.splitlines()[-1] == f"已保存到自评 {ids['village-star']}"
    with Store.open(store) as s:
        answer = s.assessment(ids["village-star"]).answers["shuangzheng"]
        assert [c.item_id for c in s.history(ids["village-star"], "shuangzheng")][-1:] == ["shuangzheng"]
    assert (answer.value, answer.note) == (
        1,
        "取自“‘双整’基础指标自评细则”（2026.1）自评：14项中1项未得满分（活动场所）",
    )
    # the other way round, the 双整 draft takes nothing from the star rubric: said, not a traceback
    back = runner.invoke(
        main, ["take", "--drafts", str(ids["shuangzheng"]), str(ids["village-star"]), "--store", str(store)]
    )
    assert back.exit_code == 1 and "没有指标取用" in back.stderr
