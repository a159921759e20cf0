"""``checklist review``: the township's review of one village workbook, from a REVIEW.json file
to the reviewed workbook (审核表), or in the TUI's 审核 mode when no file is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path
else:  # pathlib costs a tenth of ``checklist --help``: imported when a path is first made
    from checklist.cli_base import as_path as Path


@click.command("review")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "review_file", type=click.Path(dir_okay=False, path_type=Path), help="审核意见文件（REVIEW.json）；不写则打开审核界面")
@click.option("--reviewer", help="审核人（覆盖审核意见文件中的 reviewer）")
@click.option("--rubric", "rubric_spec", help="审核用的评分细则（文件或内置细则编号；默认为自评表所用的内置细则）")
@click.option("--profile", help="地区档位（默认按自评表所选档位）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出的审核表（.xlsx）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.pass_context
def review(
    ctx: click.Context,
    report: Path,
    review_file: Path | None,
    reviewer: str | None,
    rubric_spec: str | None,
    profile: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """乡镇审核：对照村的自评表逐项审核（认可或改正答案，写明审核意见），写出审核表。

    审核只改答案、不改分数：审核得分按审核认定的答案由评分细则计算。审核与自评表的校验和绑定，
    自评表在审核后被改动时，审核失效。
    """
    from checklist.cli_base import fail, open_rubric
    from checklist.infile import os_reason
    from checklist.numbers import fmt
    from checklist.outfile import write_failed
    from checklist.report import RefusedReport
    from checklist.review import apply_review, read_review
    from checklist.review.read import read_reviewed
    from checklist.rubric.shipped import find_shipped

    loaded = open_rubric(rubric_spec) if rubric_spec else None
    try:
        rb = read_reviewed(report, loaded)
    except RefusedReport as exc:
        fail(f"{report}：拒绝读取：{exc}")
    except OSError as exc:
        fail(f"{report}：无法读取（{os_reason(exc)}）")
    back = rb.back
    if not back.checksum_ok:
        fail(f"{report}：自评表“数据”工作表的校验和不符，导出后被改动过，不能审核；请村里重新导出自评表后再审核。")
    if loaded is None:
        shipped = find_shipped(back.rubric_id)
        assert shipped is not None  # read_reviewed found it
        loaded = open_rubric(str(shipped))
    if review_file is None:
        from checklist.tui.review_app import run_review

        run_review(ctx.obj.get("store") if ctx.obj else None, report, loaded, profile, output)
        return
    given = read_review(review_file)
    if given.checksum and given.checksum.lower() != back.checksum:
        fail(
            f"{review_file}：这份审核意见是针对另一份自评表（或改动前的自评表）写的：校验和 {given.checksum[:12]}… "
            f"与 {report} 的 {back.checksum[:12]}… 不符。审核已失效，请对照现在的自评表重新审核。"
        )
    given = given.model_copy(update={"checksum": back.checksum})  # bound to the workbook it was applied to
    if reviewer:
        given = given.model_copy(update={"reviewer": reviewer})
    given = given.dated()
    reviewed = apply_review(
        loaded.rubric, back.assessment, given, profile if profile else back.result.profile, str(review_file)
    )
    from checklist.review.workbook import write_reviewed
    from checklist.xlsx.names import safe_file_name

    a = back.assessment
    target = output or report.with_name(safe_file_name(f"{a.year or ''}-{a.township}-{a.village}-审核"))
    try:
        written = write_reviewed(loaded, back, reviewed, target, force=force)
    except OSError as exc:
        fail(str(write_failed(target, exc)))
    mine, theirs = reviewed.self_result, reviewed.result
    click.echo(
        f"已写出审核表：{written}（自评 {fmt(mine.total)} 分、{mine.level.label}；"
        f"审核 {fmt(theirs.total)} 分、{theirs.level.label}；改正 {len(reviewed.changes)} 项）"
    )
