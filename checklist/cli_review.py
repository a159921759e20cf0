"""``checklist review``: the township's review of one village workbook, from a REVIEW.json file
to the reviewed workbook (审核表), or in the TUI's 审核 mode when no file is given."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from pathlib import Path

    from checklist.report.read import ReadBack
    from checklist.rubric import Loaded
else:  # pathlib costs a tenth of ``checklist --help``: imported when a path is first made
    from checklist.cli_base import as_path as Path


@click.command("review")
@click.argument("report", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--draft", "draft_id", type=int, metavar="编号", help="审核数据文件中的一份自评（编号见 checklist drafts），不必先导出自评表")
@click.option("--store", "store_file", type=click.Path(dir_okay=False, path_type=Path), envvar="CHECKLIST_STORE", help="自评数据文件（SQLite），与 --draft 同用；默认在用户数据目录")
@click.option("--from", "review_file", type=click.Path(dir_okay=False, path_type=Path), help="审核意见文件（REVIEW.json）；不写则打开审核界面")
@click.option("--reviewer", help="审核人（覆盖审核意见文件中的 reviewer）")
@click.option("--rubric", "rubric_spec", help="审核用的评分细则（文件或内置细则编号；默认为自评表所用的内置细则）")
@click.option("--profile", help="地区档位（默认按自评表所选档位）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出的审核表（.xlsx）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("--county", is_flag=True, help="县委组织部复核：对乡镇的审核表再次审核（须同时给出 --from），写出复核表")
@click.pass_context
def review(
    ctx: click.Context,
    report: Path | None,
    draft_id: int | None,
    store_file: Path | None,
    review_file: Path | None,
    reviewer: str | None,
    rubric_spec: str | None,
    profile: str | None,
    output: Path | None,
    force: bool,
    county: bool,
) -> None:
    """乡镇审核：对照村的自评表逐项审核（认可或改正答案，写明审核意见），写出审核表。

    审核的对象是村交来的自评表，或数据文件中的一份自评（--draft 编号，草稿也可，
    审核表上注明“草稿（未定稿）”）。审核只改答案、不改分数：审核得分按审核认定的答案由评分细则
    计算。审核与自评数据的校验和绑定，自评在审核后被改动时，审核失效。

    县委组织部复核（可选）：--county 对乡镇写出的审核表再次审核，以乡镇审核认定的答案为基础，
    写出复核表（审核得分与复核得分并列）；汇总时按复核得分计。
    """
    from checklist.cli_base import fail, open_rubric
    from checklist.infile import os_reason
    from checklist.numbers import fmt
    from checklist.outfile import write_failed
    from checklist.report import RefusedReport
    from checklist.review import apply_review, read_review
    from checklist.review.read import read_reviewed
    from checklist.rubric.shipped import find_shipped

    if (report is None) == (draft_id is None):
        fail("请给出要审核的自评表文件，或用 --draft 编号指定数据文件中的一份自评（两者只写一个）")
    store_path = store_file or (ctx.obj.get("store") if ctx.obj else None)
    if draft_id is not None:
        if rubric_spec:
            fail("--draft 审核的自评按它自己所用的评分细则计分，不能另用 --rubric")
        loaded, back = _draft(store_path, draft_id)
    else:
        assert report is not None
        given_rubric = open_rubric(rubric_spec) if rubric_spec else None
        try:
            rb = read_reviewed(report, given_rubric)
        except RefusedReport as exc:
            fail(f"{report}：拒绝读取：{exc}")
        except OSError as exc:
            fail(f"{report}：无法读取（{os_reason(exc)}）")
        back = rb.back
        if not back.checksum_ok:
            fail(f"{report}：自评表“数据”工作表的校验和不符，导出后被改动过，不能审核；请村里重新导出自评表后再审核。")
        if given_rubric is None:
            shipped = find_shipped(back.rubric_id)
            assert shipped is not None  # read_reviewed found it
            given_rubric = open_rubric(str(shipped))
        loaded = given_rubric
    if county:
        if report is None or review_file is None:
            fail("复核请给出乡镇写出的审核表和复核意见文件：checklist review 审核表.xlsx --county --from 复核意见.json")
        if not rb.reviewed or rb.stored is None:
            why = "这不是审核表（没有乡镇审核数据）" if rb.state == "none" else rb.reason
            fail(f"{report}：不能复核：{why}")
    a = back.assessment
    from checklist.xlsx.names import safe_file_name

    name = safe_file_name(f"{a.year or ''}-{a.township}-{a.village}-{'复核' if county else '审核'}")
    target = output or (report.with_name(name) if report is not None else Path(name))
    if review_file is None:
        from checklist.tui.review_app import run_review

        source: Path | int = report if report is not None else int(draft_id or 0)  # one of the two is given
        run_review(store_path, source, loaded, profile, target)
        return
    shown = str(report) if report is not None else f"编号 {draft_id} 的自评"
    given = read_review(review_file)
    if given.checksum and given.checksum.lower() != back.checksum:
        fail(
            f"{review_file}：这份审核意见是针对另一份自评表（或改动前的自评表）写的：校验和 {given.checksum[:12]}… "
            f"与 {shown} 的 {back.checksum[:12]}… 不符。审核已失效，请对照现在的自评表重新审核。"
        )
    given = given.model_copy(update={"checksum": back.checksum})  # bound to the workbook it was applied to
    if reviewer:
        given = given.model_copy(update={"reviewer": reviewer})
    given = given.dated()
    scored_under = profile if profile else back.result.profile
    from checklist.review.workbook import County, write_reviewed

    if county:
        assert rb.stored is not None
        township = apply_review(loaded.rubric, back.assessment, rb.stored.review, scored_under, "审核数据")
        again = apply_review(
            loaded.rubric, township.corrected, given, scored_under, str(review_file), self_result=township.result
        )
        try:
            written = write_reviewed(loaded, back, township, target, force=force, county=County(again, rb.stored))
        except OSError as exc:
            fail(str(write_failed(target, exc)))
        click.echo(
            f"已写出复核表：{written}（自评 {fmt(township.self_result.total)} 分；审核 {fmt(township.result.total)} 分、"
            f"{township.result.level.label}；复核 {fmt(again.result.total)} 分、{again.result.level.label}；"
            f"改正 {len(again.changes)} 项）"
        )
        return
    reviewed = apply_review(loaded.rubric, back.assessment, given, scored_under, str(review_file))
    try:
        written = write_reviewed(loaded, back, reviewed, target, force=force)
    except OSError as exc:
        fail(str(write_failed(target, exc)))
    mine, theirs = reviewed.self_result, reviewed.result
    draft = "；所审为草稿（未定稿）" if a.finalized is None else ""
    click.echo(
        f"已写出审核表：{written}（自评 {fmt(mine.total)} 分、{mine.level.label}；"
        f"审核 {fmt(theirs.total)} 分、{theirs.level.label}；改正 {len(reviewed.changes)} 项{draft}）"
    )


def _draft(store_path: Path | None, draft_id: int) -> tuple[Loaded, ReadBack]:
    from checklist.review.draft import draft_back
    from checklist.store import Store

    with Store.open(store_path, owner="命令行") as store:
        return draft_back(store, draft_id)
