"""The one-shot commands of ``checklist`` (web, params, validate, ... take). ``checklist.cli``
lists them in its command table and imports this module only when one of them is run, so that
``checklist --help`` loads none of this."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from checklist.cli_base import fail, open_rubric

if TYPE_CHECKING:
    from pathlib import Path

    from checklist.assessment import Assessment
    from checklist.rubric import Loaded
    from checklist.scoring import Result
    from checklist.store import Store
else:  # pathlib costs a tenth of ``checklist --help``: imported when a path is first made
    from checklist.cli_base import as_path as Path


def scored(rubric: str, assessment: Path, profile: str | None) -> tuple[Loaded, Assessment, Result]:
    """The rubric, the assessment file and its result, or a Chinese message and exit 1."""
    from checklist.assessment import read_assessment
    from checklist.scoring import score

    loaded = open_rubric(rubric)
    answers = read_assessment(assessment)
    if answers.rubric.id != loaded.rubric.id:
        fail(f"自评文件对应的评分细则是“{answers.rubric.id}”，不是“{loaded.rubric.id}”")
    return loaded, answers, score(loaded.rubric, answers, profile)


def output_path(given: Path | None, suffix: str, force: bool, default: Callable[[], Path] | None = None) -> Path:
    """The one rule for every output of every command (see ``checklist.outfile``)."""
    from checklist.outfile import OutputRefused, check_output

    try:
        if given is None and default is not None:
            return check_output(default(), suffix, force=force, default=True)
        assert given is not None
        return check_output(given, suffix, force=force)
    except OutputRefused as exc:
        fail(str(exc))


def fail_write(target: Path, exc: OSError) -> NoReturn:
    from checklist.outfile import write_failed

    fail(str(write_failed(target, exc)))


@click.command()
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="本机端口，默认自动选择")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器，只显示网址")
@click.option("--idle", type=click.FloatRange(1), default=60.0, hidden=True)
@click.pass_context
def web(ctx: click.Context, port: int, no_browser: bool, idle: float) -> None:
    """在浏览器中打开填报界面（只在本机，无需联网）。"""
    from checklist.store import default_store_path
    from checklist.web import serve

    store = ctx.obj["store"] or default_store_path()
    serve(store, port=port, open_browser=not no_browser, idle_seconds=idle, say=click.echo)


@click.command()
@click.argument("rubric", metavar="细则")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="写出的文件：参数表（.xlsx），或加 --apply 时的新细则（.yaml）")
@click.option("--apply", "filled", type=click.Path(dir_okay=False, path_type=Path), metavar="参数表",
              help="用填好的参数表生成新细则（注释和排版保持不变）")
@click.option("--force", is_flag=True, help="文件已存在时覆盖")
def params(rubric: str, output: Path, filled: Path | None, force: bool) -> None:
    """把细则的参数和地区档位导出为 Excel 参数表；填好后用 --apply 生成新细则。

    \b
    例：checklist params village-star -o 参数.xlsx
        checklist params village-star --apply 参数.xlsx -o 本县细则.yaml
    """
    from checklist.params import read_params, rewrite, write_params

    loaded = open_rubric(rubric)
    try:
        if filled is None:
            write_params(loaded.rubric, output, force=force)
            click.echo(f"已写出参数表：{output}（{len(loaded.rubric.parameters)} 个参数，{len(loaded.rubric.profiles)} 个地区档位）")
            return
        values = read_params(filled, loaded.rubric)
        raw = Path(loaded.path).read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        text = rewrite(raw.decode("utf-8-sig"), str(output), values.defaults, values.profiles)
    except OSError as exc:
        fail_write(output, exc)
    from checklist.params import save_text

    try:
        save_text(("\ufeff" if bom else "") + text, output, force=force)
    except OSError as exc:
        fail_write(output, exc)
    click.echo(f"已生成新细则：{output}。请运行 checklist validate {output} 检查后再下发。")

@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """检查评分细则文件，一次列出全部问题（格式为“文件:行:列: [指标] 说明”）。"""
    from checklist.numbers import fmt
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.composition import rubric_max
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
        top = rubric_max(r, Params(r))
        click.echo(
            f"{path}：通过。{r.title}（{r.version}）：{len(r.sections)} 个板块，{len(r.items())} 项指标，"
            f"满分 {fmt(top)} 分，{len(r.levels)} 个星级"
        )
    if bad:
        sys.exit(1)


@click.command()
def schema() -> None:
    """输出评分细则的 JSON Schema（供编辑器校验）。"""
    from checklist.rubric.schema import schema_text

    click.echo(schema_text(), nl=False)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def rubrics(as_json: bool) -> None:
    """列出内置的评分细则。"""
    import json

    from checklist.cjk import pad
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


@click.command()
@click.argument("rubric")
@click.argument("assessment", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--profile", help="地区档位（如 accelerated）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@click.option("--strict", is_flag=True, help="有无效答案、无对应指标的答案或评定分缺理由时，退出码为 1")
def score(rubric: str, assessment: Path, profile: str | None, as_json: bool, strict: bool) -> None:
    """按评分细则计算自评得分与星级。"""
    import json

    from checklist.report_text import notices, score_table

    loaded, answers, result = scored(rubric, assessment, profile)
    attention = notices(loaded.rubric, answers, result)
    if as_json:
        click.echo(json.dumps(result.to_data(), ensure_ascii=False, indent=2))
        for line in attention:
            click.echo(line, err=True)
    else:
        click.echo(score_table(loaded.rubric, answers, result))
    if strict and attention:
        sys.exit(1)


@click.command()
@click.argument("rubric")
@click.argument("assessment", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认 reports/{年度}-{乡镇}-{村名}-自评.xlsx）")
@click.option("--profile", help="地区档位（如 accelerated）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def export(rubric: str, assessment: Path, output: Path | None, profile: str | None, force: bool) -> None:
    """导出可打印的自评表（Excel 工作簿：汇总、评分明细、扣分清单，另含供复核的隐藏数据）。"""
    from checklist.numbers import fmt
    from checklist.report import default_report_path, write_report

    loaded, answers, result = scored(rubric, assessment, profile)
    target = output_path(output, ".xlsx", force, lambda: default_report_path(answers))
    try:
        written = write_report(loaded.rubric, loaded.sha256, answers, result, target, force=force)
    except OSError as exc:
        fail_write(target, exc)
    click.echo(f"已导出：{written}（总分 {fmt(result.total)} / {fmt(result.max)}，{result.level.label}）")


@click.command("read")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_spec", help="复核用的评分细则（文件或内置细则编号；默认为自评表所用的内置细则）")
@click.option("--profile", help="按此地区档位计分（档位编号；standard 为标准档）；默认按自评表自选的档位")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def read_cmd(report: Path, rubric_spec: str | None, profile: str | None, as_json: bool) -> None:
    """读回导出的自评表：按评分细则重算，并报告不一致之处。

    只信任隐藏的“数据”表，不信任表面上的分数。退出码：0 表示一致；1 表示文件被拒绝读取
    （不是工作簿、压缩炸弹、XML 炸弹、缺少数据表等），或发现任何不一致（细则版本或文件不同、
    表面分数被手工改过、校验和不符、按此细则重算结果不同）。
    """
    import json

    from checklist.dates import zh_time
    from checklist.numbers import fmt
    from checklist.report import RefusedReport, read_report

    loaded = open_rubric(rubric_spec) if rubric_spec else None
    try:
        back = read_report(report, loaded)
    except RefusedReport as exc:
        if as_json:
            click.echo(json.dumps({"path": str(report), "refused": str(exc)}, ensure_ascii=False, indent=2))
            sys.exit(1)
        fail(f"{report}：拒绝读取：{exc}")
    chosen = back.assessment.profile
    profile_line = ""
    if profile is not None:
        from checklist.rubric import UnknownProfile
        from checklist.scoring import score
        from checklist.township.profiles import profile_label

        organiser = None if profile in ("standard", "标准档") else profile
        rubric = (loaded or open_rubric(back.rubric_id)).rubric
        try:
            back.result = score(rubric, back.assessment.model_copy(update={"profile": organiser}), organiser)
        except UnknownProfile as exc:
            fail(str(exc))
        profile_line = f"地区档位：按“{profile_label(rubric, organiser)}”计分" + (
            f"（自评表自选“{profile_label(rubric, chosen)}”，与此不同）" if chosen != organiser else ""
        )
    if as_json:
        data = back.to_data()
        data["profile"] = {"scored": back.result.profile, "chosen": chosen}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        a, r = back.assessment, back.result
        who = " ".join(x for x in (f"{a.year}年度" if a.year else "", a.township, a.village) if x)
        click.echo(f"{report}：{who}")
        click.echo(f"评分细则：{back.rubric_id}（{back.rubric_version}），导出于 {back.exported}，checklist {back.tool_version}")
        if profile_line:
            click.echo(profile_line)
        click.echo(f"重算：总分 {fmt(r.total)} / {fmt(r.max)}，星级 {r.level.star_text} {r.level.label}")
        click.echo(f"校验码：{back.code}（校验和{'正确' if back.checksum_ok else '不符'}）")
        final = a.finalized
        click.echo(f"定稿时间：{zh_time(final)}" if final is not None else "状态：草稿（未定稿）")
        if back.clean:
            click.echo("未发现不一致。")
        else:
            click.echo(f"发现 {len(back.mismatches)} 处不一致：")
            for m in back.mismatches:
                click.echo(f"  · {m.message}")
    if not back.clean:
        sys.exit(1)


# --- the store: drafts, dump, load ---------------------------------------------------------------

_F = TypeVar("_F", bound=Callable[..., Any])


def store_option(f: _F) -> _F:
    """``--store PATH`` on a command (as well as on the group); CHECKLIST_STORE sets it too."""
    option = click.option(
        "--store",
        "store_file",
        type=click.Path(dir_okay=False, path_type=Path),
        envvar="CHECKLIST_STORE",
        help="自评数据文件（SQLite）；默认在用户数据目录，也可用环境变量 CHECKLIST_STORE 指定",
    )
    return option(f)


def open_store(given: Path | None) -> Store:
    """The store named by --store (on the command or the group), or the default one."""
    from checklist.store import Store

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    path = given if given is not None else (obj.get("store") if isinstance(obj, dict) else None)
    return Store.open(path, owner="命令行")


def _draft_id(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        fail(f"自评编号应为数字，“{text}”不是（用 checklist drafts 查看编号）")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@store_option
def drafts(as_json: bool, store_file: Path | None) -> None:
    """列出保存的自评（编号、村、年度、细则、已填/应填、总分、星级、更新时间）。"""
    import json

    from checklist.store.summary import draft_rows, drafts_table

    store = open_store(store_file)
    try:
        rows = draft_rows(store)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        click.echo(f"还没有保存的自评（存储文件：{store.path}）")
    else:
        click.echo(drafts_table(rows))


@click.command()
@click.argument("assessment_id", metavar="编号")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写到这个 JSON 文件（默认输出到屏幕）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@store_option
def dump(assessment_id: str, output: Path | None, force: bool, store_file: Path | None) -> None:
    """把一份保存的自评写成自评 JSON 文件。"""
    from checklist.assessment import write_assessment

    number = _draft_id(assessment_id)
    if output is not None:
        output = output_path(output, ".json", force)
    store = open_store(store_file)
    try:
        assessment = store.assessment(number)
    finally:
        store.close()
    if output is None:
        click.echo(assessment.to_json())
        return
    try:
        write_assessment(assessment, output)
    except OSError as exc:
        fail_write(output, exc)
    click.echo(f"已写出自评 {number}：{output}")


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_spec", help="评分细则（文件或内置细则编号；默认为自评文件所写编号的内置细则）")
@click.option("--again", is_flag=True, help="存储中已有同村同年度的自评时，仍再加一份")
@store_option
def load(file: Path, rubric_spec: str | None, again: bool, store_file: Path | None) -> None:
    """把一个自评 JSON 文件加入存储（成为一份可继续填写的自评）。"""
    import hashlib

    from checklist.assessment import read_assessment
    from checklist.store.admit import admitted

    assessment = read_assessment(file)
    loaded = open_rubric(rubric_spec or assessment.rubric.id)
    if assessment.rubric.id != loaded.rubric.id:
        fail(f"自评文件对应的评分细则是“{assessment.rubric.id}”，不是“{loaded.rubric.id}”")
    try:
        raw = Path(loaded.path).read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"无法读取评分细则文件 {loaded.path}（{exc}）")
    rubric_path = str(Path(loaded.path).resolve())
    ref = assessment.rubric
    store = open_store(store_file)
    try:
        assessment = admitted(store, assessment, again=again)
        number = store.import_assessment(assessment, text, rubric_path, hashlib.sha256(raw).hexdigest())
        orphans = store.orphans(number, loaded.rubric)
    finally:
        store.close()
    who = " ".join(x for x in (f"{assessment.year}年度" if assessment.year else "", assessment.township, assessment.village) if x)
    click.echo(f"已加入存储，自评编号 {number}：{who or file.name}（{loaded.rubric.title} {loaded.rubric.version}）")
    if (ref.version and ref.version != loaded.rubric.version) or (ref.sha256 and ref.sha256 != loaded.sha256):
        click.echo(
            f"注意：这份自评填写时所用的细则（版本 {ref.version or '未注明'}）与现在载入的细则（版本 "
            f"{loaded.rubric.version}）不同，答案已按指标编号对应",
            err=True,
        )
    if orphans:
        click.echo(f"注意：{len(orphans)} 项答案在现在的细则中没有对应指标，已原样保留：{'、'.join(orphans)}", err=True)


@click.command()
@click.argument("assessment_id", metavar="ID")
@store_option
def finalize(assessment_id: str, store_file: Path | None) -> None:
    """定稿：检查全部指标已填写且无误后，把自评标为定稿（只读，导出的自评表印定稿时间和校验码）。"""
    from checklist.dates import zh_time
    from checklist.errors import UserError
    from checklist.store import StoreError
    from checklist.store.final import finalize_checked

    number = _draft_id(assessment_id)
    store = open_store(store_file)
    try:
        at = finalize_checked(store, number)
    except (StoreError, UserError) as exc:
        fail(str(exc))
    finally:
        store.close()
    click.echo(f"自评 {number} 已定稿（定稿时间 {zh_time(at)}），此后只能查看；如需修改，用 checklist reopen {number} 撤回定稿")


@click.command()
@click.argument("assessment_id", metavar="ID")
@store_option
def reopen(assessment_id: str, store_file: Path | None) -> None:
    """撤回定稿：自评恢复为草稿，可以继续修改（定稿记录保留在修改历史中）。"""
    from checklist.store import StoreError

    number = _draft_id(assessment_id)
    store = open_store(store_file)
    try:
        store.reopen(number)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    click.echo(f"自评 {number} 已撤回定稿，恢复为草稿，可以继续修改")


@click.command("carry")
@click.argument("source")
@click.option("--year", type=int, required=True, help="新自评的年度，如 2026")
@click.option("--rubric", "rubric_spec", help="今年的评分细则（文件或内置细则编号；默认与上年相同编号的内置细则）")
@store_option
def carry_cmd(source: str, year: int, rubric_spec: str | None, store_file: Path | None) -> None:
    """沿用上年：从上年的自评（存储中的自评编号，或上年导出的自评表 .xlsx）新建今年的自评。

    答案按指标编号沿用，每项标为“待确认”；输出新自评的编号。
    """
    import hashlib

    from checklist.carry import carry, carry_draft
    from checklist.store import StoreError

    store = open_store(store_file)
    try:
        if source.isdigit() and rubric_spec is None:  # under the rubric that draft was filled under
            try:
                number, result = carry_draft(store, int(source), year)
            except StoreError as exc:
                fail(str(exc))
            except KeyError:
                fail(f"找不到编号为 {source} 的自评（用 checklist drafts 查看编号）")
            click.echo(number)
            click.echo(f"已新建 {year} 年度自评，编号 {number}。{result.summary()}", err=True)
            return
        if source.isdigit():
            try:
                previous = store.assessment(int(source))
            except StoreError as exc:
                fail(str(exc))
            except KeyError:
                fail(f"找不到编号为 {source} 的自评（用 checklist drafts 查看编号）")
        else:
            from checklist.report import RefusedReport, read_report

            path = Path(source)
            if not path.is_file():
                fail(f"找不到文件：{path}（SOURCE 应为自评编号或上年导出的自评表）")
            try:
                previous = read_report(path, open_rubric(rubric_spec) if rubric_spec else None).assessment
            except RefusedReport as exc:
                fail(f"{path}：拒绝读取：{exc}")
        loaded = open_rubric(rubric_spec or previous.rubric.id)
        try:
            raw = Path(loaded.path).read_bytes()
            text = raw.decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"无法读取评分细则文件 {loaded.path}（{exc}）")
        rubric, where = loaded.rubric, str(Path(loaded.path).resolve())
        sha = hashlib.sha256(raw).hexdigest()
        result = carry(previous, rubric, year=year, rubric_sha256=sha)
        try:
            number = store.import_assessment(result.assessment, text, where, sha)
        except StoreError as exc:
            fail(str(exc))
    finally:
        store.close()
    click.echo(number)
    click.echo(f"已新建 {year} 年度自评，编号 {number}。{result.summary()}", err=True)


# --- the township: roll-up, fill-in template and its import (issue 5) ----------------------------


def _progress_bar(total: int) -> tuple[Callable[[int, int, str], None] | None, Callable[[], None]]:
    """A rich progress bar on stderr for long runs on a terminal; nothing otherwise."""
    if total < 20 or not sys.stderr.isatty():
        return None, lambda: None
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("读取自评表"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), transient=True
    )
    task = bar.add_task("", total=total)
    bar.start()

    def step(done: int, of: int, _path: str) -> None:
        bar.update(task, completed=done, total=of)

    return step, bar.stop


def _jobs(_ctx: click.Context, _param: click.Parameter, value: str | None) -> int:
    """``--jobs``: a whole number of at least 1 (default: this machine's processor cores)."""
    if value is None:
        from checklist.township.workers import cores

        return cores()
    text = value.strip()
    if not text.isdigit() or int(text) < 1:
        raise click.UsageError(f"选项 --jobs 是同时读取文件的进程数，应为不小于 1 的整数，“{value}”不行（1 表示只用一个进程）")
    return int(text)


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rubric", "rubric_spec", required=True, help="汇总用的评分细则（文件或内置细则编号）")
@click.option("--profile", help="各村一律按此地区档位计分（档位编号），或写明各村档位的 CSV 文件（表头为“乡镇,村,地区档位”）；默认按细则的标准档")
@click.option("--previous", multiple=True, type=click.Path(dir_okay=False, path_type=Path), help="以前年度的汇总表（用于对比晋位、降级、可销号；可写多次）")
@click.option("--scope", type=click.Choice(["county", "township"]), default="county", show_default=True, help="名额和倒排比例的计算范围：全县（本次全部村）或各乡镇分别")
@click.option("--rounding", type=click.Choice(["half_up", "floor", "ceil"]), default="half_up", show_default=True, help="名额和倒排村数的取整办法：四舍五入、向下取整、向上取整")
@click.option("--include-doubtful", is_flag=True, help="校验和不符（导出后被改动）的自评表也计入排名，并标明")
@click.option("--flat", type=click.Path(dir_okay=False, path_type=Path), help="另写出逐项明细（每村每项一行，供统计部门用）：.csv（UTF-8 带 BOM）或 .xlsx")
@click.option("--notice-start", type=click.DateTime(["%Y-%m-%d"]), help="公示开始日期（YYYY-MM-DD，默认为生成汇总的下一个工作日）")
@click.option("--notice-days", type=click.IntRange(1, 30), default=5, show_default=True, help="公示期（工作日数）")
@click.option("--phone", default="", help="公示名单上的监督电话")
@click.option("--committee", default="", help="公示名单落款的党委名称（默认“中共××委员会”，按乡镇名）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出的汇总表（默认 reports/ 下）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("--jobs", callback=_jobs, help="同时读取文件的进程数，默认为本机处理器核数；1 表示只用一个进程")
def aggregate(
    inputs: tuple[Path, ...],
    rubric_spec: str,
    profile: str | None,
    previous: tuple[Path, ...],
    scope: str,
    rounding: str,
    include_doubtful: bool,
    notice_start: Any,
    notice_days: int,
    phone: str,
    committee: str,
    flat: Path | None,
    output: Path | None,
    force: bool,
    jobs: int,
) -> None:
    """乡镇汇总：读取各村自评表、审核表（.xlsx）、自评文件（.json）或其所在文件夹，按评分细则和
    汇总所定的地区档位重新计分；有审核的按审核得分排名，其余标为“未审核”；按名额评定星级，
    标出倒排整转的村，写出汇总表（排名、各村得分、星级分布、公示名单、整转台账、指标失分、维度、问题文件）。

    有问题的文件不会中断汇总，列在“问题文件”中；校验和不符的自评表不计入排名。
    """
    from checklist.rubric import Params, UnknownProfile
    from checklist.township import aggregate as run
    from checklist.township import default_output, expand
    from checklist.township.profiles import Profiles, read_profiles

    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        fail(f"找不到以下输入（文件或文件夹不存在），未汇总：{'、'.join(missing)}")
    loaded = open_rubric(rubric_spec)
    chosen = Profiles(profile)
    if profile is not None and Path(profile).is_file():
        chosen = read_profiles(Path(profile), loaded.rubric)
    elif profile is not None:
        try:
            Params(loaded.rubric, profile)
        except UnknownProfile as exc:
            fail(str(exc))
    target = output_path(output, ".xlsx", force, lambda: default_output(loaded))
    files, _ = expand(inputs)
    if not files:
        fail(f"在 {'、'.join(str(p) for p in inputs)} 中没有找到自评表（.xlsx）或自评文件（.json），未汇总")
    step, stop = _progress_bar(len(files))
    try:
        rollup = run(
            inputs,
            loaded,
            previous=list(previous),
            progress=step,
            profiles=chosen,
            include_doubtful=include_doubtful,
            scope="township" if scope == "township" else "county",
            rounding="floor" if rounding == "floor" else "ceil" if rounding == "ceil" else "half_up",
            detail=flat is not None,
            jobs=jobs,
        )
    finally:
        stop()
    from checklist.township.notice import Notice, next_working_day

    start = notice_start.date() if notice_start is not None else next_working_day(rollup.generated.date())
    rollup.notice = Notice(start=start, days=notice_days, phone=phone, committee=committee)
    from checklist.township.workbook import write_rollup

    try:
        written = write_rollup(rollup, target, force=force)
    except OSError as exc:
        fail_write(target, exc)
    click.echo(rollup.summary(), err=True)
    click.echo(f"已写出汇总表：{written}")
    if flat is not None:
        from checklist.township.flat import write_flat

        try:
            click.echo(f"已写出逐项明细：{write_flat(rollup, flat)}")
        except OSError as exc:
            fail_write(flat, exc)


@click.command()
@click.argument("rubric")
@click.option("--profile", help="地区档位（如 accelerated）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出的填报表（.xlsx）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def template(rubric: str, profile: str | None, output: Path, force: bool) -> None:
    """生成空白的自评填报表（Excel），供没有安装本工具的村用 Excel、WPS 或 LibreOffice 填写。"""
    from checklist.rubric import Params

    output = output_path(output, ".xlsx", force)
    loaded = open_rubric(rubric)
    Params(loaded.rubric, profile)
    from checklist.fillin.template import write_template

    try:
        written = write_template(loaded.rubric, loaded.sha256, output, profile, force=force)
    except OSError as exc:
        fail_write(output, exc)
    click.echo(f"已生成填报表：{written}（{loaded.rubric.title} {loaded.rubric.version}，{len(loaded.rubric.items())} 项指标）")


@click.command("import")
@click.argument("filled", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_spec", help="评分细则（文件或内置细则编号；默认为填报表所写编号的内置细则）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写成自评 JSON 文件")
@click.option("--to-store", is_flag=True, help="加入自评存储（成为一份可继续填写的自评）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("--again", is_flag=True, help="存储中已有同村同年度的自评时，仍再加一份")
@store_option
def import_cmd(
    filled: Path,
    rubric_spec: str | None,
    output: Path | None,
    to_store: bool,
    force: bool,
    again: bool,
    store_file: Path | None,
) -> None:
    """导入填好的填报表：一次列出所有问题（第几行、哪一列）；有任何问题时不导入任何内容。"""
    import hashlib

    from checklist.fillin import read_fillin

    if (output is None) == (not to_store):
        fail("请指定 -o 自评文件.json 或 --to-store 其中之一")
    if output is not None:
        output = output_path(output, ".json", force)
    loaded = open_rubric(rubric_spec) if rubric_spec else None
    got = read_fillin(filled, loaded)  # FillinError: “{filled}：未导入，共 N 处问题：” and each one
    for warning in got.warnings:
        click.echo(f"注意：{warning}", err=True)
    a = got.assessment
    who = " ".join(x for x in (f"{a.year}年度" if a.year else "", a.township, a.village) if x)
    if output is not None:
        from checklist.assessment import write_assessment

        try:
            write_assessment(a, output)
        except OSError as exc:
            fail_write(output, exc)
        click.echo(f"已导入：{who}，{len(a.answers)} 项答案，写出 {output}")
        return
    from checklist.store.admit import admitted

    try:
        raw = Path(got.loaded.path).read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"无法读取评分细则文件 {got.loaded.path}（{exc}）")
    store = open_store(store_file)
    try:
        a = admitted(store, a, again=again)
        number = store.import_assessment(a, text, str(Path(got.loaded.path).resolve()), hashlib.sha256(raw).hexdigest())
    finally:
        store.close()
    click.echo(f"已导入存储，自评编号 {number}：{who}，{len(a.answers)} 项答案")


@click.command()
@click.argument("rubric", metavar="[细则", required=False)
@click.argument("assessment", metavar="自评文件", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.argument("other", metavar="另一细则的自评文件]", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--other-rubric", "other_spec", help="另一份评分细则（文件或内置细则编号；默认按其自评文件所写编号）")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写到这个文件（默认改写自评文件本身）"
)
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@click.option("--drafts", "ids", nargs=2, metavar="编号 编号", help="改为取用存储中的两份自评：本细则的、另一细则的")
@store_option
def take(
    rubric: str | None,
    assessment: Path | None,
    other: Path | None,
    other_spec: str | None,
    output: Path | None,
    force: bool,
    ids: tuple[str, str] | None,
    store_file: Path | None,
) -> None:
    """把另一份细则的自评结果填作本细则的答案（如“双整”基础指标中未得满分的项数）。"""
    from checklist.assessment import read_assessment, write_assessment
    from checklist.scoring import score
    from checklist.take import take_between_drafts, take_into

    if ids:  # two drafts in the store (filled in the TUI)
        from checklist.store import StoreError

        number, other_number = _draft_id(ids[0]), _draft_id(ids[1])
        store = open_store(store_file)
        try:
            found, answer = take_between_drafts(store, number, other_number)
        except StoreError as exc:
            fail(str(exc))
        finally:
            store.close()
        for item in found:
            click.echo(f"[{item.id}] {item.title}：填入 {answer.value}（{answer.note}）")
        click.echo(f"已保存到自评 {number}")
        return
    if rubric is None or assessment is None or other is None:
        fail("请给出细则、自评文件和另一细则的自评文件，或用 --drafts 编号 编号 取用存储中的自评")
    loaded, answers, _ = scored(rubric, assessment, None)
    other_answers = read_assessment(other)
    other_loaded = open_rubric(other_spec or other_answers.rubric.id)
    if other_answers.rubric.id != other_loaded.rubric.id:
        fail(f"{other}对应的评分细则是“{other_answers.rubric.id}”，不是“{other_loaded.rubric.id}”")
    other_result = score(other_loaded.rubric, other_answers)
    updated, items = take_into(loaded.rubric, answers, other_loaded.rubric, other_result)
    target = output_path(output, ".json", force) if output is not None else assessment
    try:
        write_assessment(updated, target)
    except OSError as exc:
        fail_write(target, exc)
    for item in items:
        answer = updated.answers[item.id]
        click.echo(f"[{item.id}] {item.title}：填入 {answer.value}（{answer.note}）")
    click.echo(f"已写出：{target}")
