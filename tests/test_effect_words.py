"""Each effect is named for what it does: a level cap is 星级封顶, never 一票否决; headings say
“加分” once (issue 9)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from checklist.assessment import read_assessment
from checklist.cli import main
from checklist.report_text import score_table
from checklist.rubric import load_rubric
from checklist.scoring import score
from checklist.scoring.result import bonus_heading

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "village-star-complete.json"


def _with(tmp_path: Path, **values: object) -> Path:
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for key, value in values.items():
        data["answers"][key] = {"value": value}
    out = tmp_path / "a.json"
    out.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return out


def test_a_level_cap_is_not_called_a_veto(tmp_path: Path) -> None:
    rubric = load_rubric(ROOT / "rubrics" / "village-star.yaml").rubric
    assert rubric is not None
    result = score(rubric, read_assessment(_with(tmp_path, audit="serious")))
    (cap,) = result.vetoes
    assert cap.kind == "星级封顶"
    assert cap.effect == "星级最高为三星"
    assert not any("一票否决" in r for r in result.level_reasons)
    text = score_table(rubric, read_assessment(_with(tmp_path, audit="serious")), result)
    assert "星级封顶：“农村审计巡查与‘微腐败’整治”" in text
    assert "一票否决" not in text.replace("须无一票否决", "")


def test_a_cancelling_veto_is_still_a_veto(tmp_path: Path) -> None:
    run = CliRunner().invoke(main, ["score", "village-star", str(_with(tmp_path, anti_gang=True)), "--json"])
    assert run.exit_code == 0, run.output
    (veto,) = json.loads(run.output)["vetoes"]
    assert (veto["kind"], veto["effect"]) == ("一票否决", "不评定星级")


def test_the_bonus_heading_says_jiafen_once() -> None:
    assert bonus_heading("加分项") == "加分项"
    assert bonus_heading("特色工作") == "特色工作（加分）"
    run = CliRunner().invoke(main, ["score", "village-star", str(EXAMPLE)])
    assert run.exit_code == 0, run.output
    assert "加分项（加分）" not in run.output
