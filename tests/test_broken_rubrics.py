"""The broken-rubric corpus: every file in tests/broken/ holds one mistake (a few hold several),
and ``checklist validate`` must report each mistake exactly as the ``.expected`` file beside it
says: every located line, in order, then the count; exit 1; never a traceback.

After a deliberate change of wording, rewrite the expected files with
``CHECKLIST_REGEN_BROKEN=1 .venv/bin/pytest tests/test_broken_rubrics.py`` and read the diff.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from checklist.cli import main
from checklist.rubric import check_bytes
from checklist.rubric.yamlread import MAX_BYTES

ROOT = Path(__file__).resolve().parent.parent
BROKEN = ROOT / "tests" / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))
REGEN = os.environ.get("CHECKLIST_REGEN_BROKEN") == "1"
LOCATED = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (\[(?P<ident>[^\]]+)\] )?(?P<msg>.+)$")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _validate(*args: str) -> tuple[int, str, str]:
    run = CliRunner().invoke(main, ["validate", *args])
    return run.exit_code, run.stdout, run.stderr


def test_the_corpus_is_large_and_complete() -> None:
    assert len(CASES) >= 45
    expected = {p.stem for p in BROKEN.glob("*.expected")}
    assert expected == {p.stem for p in CASES}, "every broken file needs its .expected, and no orphans"


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_broken_rubric_reports_exactly(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    name = path.relative_to(ROOT).as_posix()
    code, out, err = _validate(name)
    expected_file = path.with_suffix(".expected")
    if REGEN:
        expected_file.write_text(err, encoding="utf-8")
    assert "Traceback" not in out + err
    assert code == 1
    assert out == ""
    assert err.splitlines() == expected_file.read_text(encoding="utf-8").splitlines()
    *located, summary = err.splitlines()
    assert located, "at least one located problem"
    assert summary == f"{name}：共 {len(located)} 处问题"
    for line in located:
        found = LOCATED.match(line)
        assert found, line
        assert found["file"] == name
        assert int(found["line"]) >= 1 and int(found["col"]) >= 1
        assert CJK.search(found["msg"]), line


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_check_bytes_agrees_with_the_command(path: Path) -> None:
    """The same problems come back from the in-process API, and no rubric with them."""
    rubric, problems = check_bytes(path.read_bytes(), "x.yaml")
    assert rubric is None
    lines = path.with_suffix(".expected").read_text(encoding="utf-8").splitlines()[:-1]
    prefix = f"tests/broken/{path.name}"
    assert [str(p) for p in problems] == [line.replace(prefix, "x.yaml", 1) for line in lines]


def test_all_files_reported_in_one_run(monkeypatch: pytest.MonkeyPatch) -> None:
    """Several files at once: each one's problems, in the order given; exit 1."""
    monkeypatch.chdir(ROOT)
    names = ["tests/broken/duplicate_item_id.yaml", "rubrics/shuangzheng.yaml", "tests/broken/octal_010.yaml"]
    code, out, err = _validate(*names)
    assert code == 1
    assert out.startswith("rubrics/shuangzheng.yaml：通过。")
    expected = [
        line
        for n in (names[0], names[2])
        for line in (ROOT / n).with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    ]
    assert err.splitlines() == expected


def test_too_big_is_refused(tmp_path: Path) -> None:
    """Generated here rather than committed: a 2 MB file has no place in the repository."""
    big = tmp_path / "too_big.yaml"
    filler = "# 填充内容，用于测试文件大小上限\n" * (MAX_BYTES // 40)
    big.write_text("id: demo\ntitle: 示例细则\nversion: '1'\n" + filler, encoding="utf-8")
    size = big.stat().st_size
    assert size > MAX_BYTES
    code, out, err = _validate(str(big))
    assert code == 1
    assert err.splitlines() == [
        f"{big}:1:1: 文件过大（{size // 1024} KB），评分细则文件不得超过 2 MB",
        f"{big}：共 1 处问题",
    ]
    assert "Traceback" not in out + err


def test_missing_file_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    gone = tmp_path / "nowhere.yaml"
    code, out, err = _validate(str(gone))
    assert code == 1
    assert err.splitlines() == [f"{gone}:1:1: 文件不存在", f"{gone}：共 1 处问题"]
    assert "Traceback" not in out + err
