"""Command line: every job also runs without the TUI. Exit 0 fine, 1 bad input, 2 usage."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from checklist import __version__
from checklist.cjk import pad
from checklist.numbers import fmt


class Failed(click.ClickException):
    """Bad input: the Chinese message on stderr, exit 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def fail(message: str) -> NoReturn:
    raise Failed(message)


def open_rubric(spec: str):  # type: ignore[no-untyped-def]
    """A rubric by path, or by the id of a shipped one; bad ones fail with every problem."""
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.shipped import find_shipped

    path = Path(spec)
    if not path.exists():
        found = find_shipped(spec)
        if found is None:
            fail(f"找不到评分细则“{spec}”：既不是文件，也不是内置细则（用 checklist rubrics 查看内置细则）")
        path = found
    try:
        return load_rubric(path)
    except RubricError as exc:
        fail("评分细则有误，无法使用：\n" + "\n".join(str(p) for p in exc.problems))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="checklist %(version)s")
@click.pass_context
def main(ctx: click.Context) -> None:
    """村党组织星级评定自评工具。不带子命令时打开填报界面。"""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """检查评分细则文件，一次列出全部问题（文件:行:列: [指标] 说明）。"""
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.bounds import ZERO, rule_max
    from checklist.rubric.params import Params

    bad = 0
    for path in files:
        try:
            loaded = load_rubric(path)
        except RubricError as exc:
            bad += 1
            for problem in exc.problems:
                click.echo(str(problem), err=True)
            click.echo(f"{path}：共 {len(exc.problems)} 处问题", err=True)
            continue
        r = loaded.rubric
        p = Params(r)
        top = ZERO
        for s in r.sections:
            total = sum((rule_max(i.rule, p) for i in s.items if not i.bonus), ZERO)
            top += min(total, p(s.cap)) if s.cap is not None else total
        click.echo(
            f"{path}：通过。{r.title}（{r.version}）：{len(r.sections)} 个板块，{len(r.items())} 项指标，"
            f"满分 {fmt(top)} 分，{len(r.levels)} 个星级"
        )
    if bad:
        sys.exit(1)


@main.command()
def schema() -> None:
    """输出评分细则的 JSON Schema（供编辑器校验）。"""
    from checklist.rubric.schema import schema_text

    click.echo(schema_text(), nl=False)


@main.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def rubrics(as_json: bool) -> None:
    """列出内置的评分细则。"""
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.shipped import shipped_paths

    rows = []
    for path in shipped_paths():
        try:
            r = load_rubric(path).rubric
            rows.append({"id": r.id, "title": r.title, "version": r.version, "path": str(path)})
        except RubricError:
            rows.append(
                {"id": path.stem, "title": "（文件有误，用 checklist validate 检查）", "version": "", "path": str(path)}
            )
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for row in rows:
        click.echo(f"{pad(row['id'], 16)}{pad(row['title'], 34)}{pad(row['version'], 10)}{row['path']}")


@main.command()
@click.argument("rubric")
@click.argument("assessment", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", help="地区档位（如 accelerated）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def score(rubric: str, assessment: Path, profile: str | None, as_json: bool) -> None:
    """按评分细则计算自评得分与星级。"""
    from checklist.assessment import AssessmentError, read_assessment
    from checklist.rubric import UnknownProfile
    from checklist.scoring import score as run

    loaded = open_rubric(rubric)
    try:
        answers = read_assessment(assessment)
    except AssessmentError as exc:
        fail(str(exc))
    if answers.rubric.id != loaded.rubric.id:
        fail(f"自评文件对应的评分细则是“{answers.rubric.id}”，不是“{loaded.rubric.id}”")
    try:
        result = run(loaded.rubric, answers, profile)
    except UnknownProfile as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(result.to_data(), ensure_ascii=False, indent=2))
        return
    from checklist.report_text import score_table

    click.echo(score_table(loaded.rubric, answers, result))
