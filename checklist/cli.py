"""Command line: every job also runs without the TUI. Exit 0 fine, 1 bad input, 2 usage."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from checklist import __version__, cli_zh
from checklist.cjk import pad
from checklist.numbers import fmt

if TYPE_CHECKING:
    from checklist.assessment import Assessment
    from checklist.rubric import Loaded
    from checklist.scoring import Result
    from checklist.store import Store

cli_zh.install()


class Failed(click.ClickException):
    """Bad input: the Chinese message on stderr, exit 1."""

    exit_code = 1

    def show(self, file: object = None) -> None:
        click.echo(self.message, err=True)


def fail(message: str) -> NoReturn:
    raise Failed(message)


def open_rubric(spec: str) -> Loaded:
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


def scored(rubric: str, assessment: Path, profile: str | None) -> tuple[Loaded, Assessment, Result]:
    """The rubric, the assessment file and its result, or a Chinese message and exit 1."""
    from checklist.assessment import AssessmentError, read_assessment
    from checklist.rubric import UnknownProfile
    from checklist.scoring import score

    loaded = open_rubric(rubric)
    try:
        answers = read_assessment(assessment)
    except AssessmentError as exc:
        fail(str(exc))
    if answers.rubric.id != loaded.rubric.id:
        fail(f"自评文件对应的评分细则是“{answers.rubric.id}”，不是“{loaded.rubric.id}”")
    try:
        return loaded, answers, score(loaded.rubric, answers, profile)
    except UnknownProfile as exc:
        fail(str(exc))


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", message="checklist %(version)s")
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="CHECKLIST_STORE",
    help="自评数据文件（SQLite），默认在用户数据目录；也可用环境变量 CHECKLIST_STORE 指定",
)
@click.pass_context
def main(ctx: click.Context, store_path: Path | None) -> None:
    """村党组织星级评定自评工具。不带子命令时打开填报界面。"""
    ctx.ensure_object(dict)
    ctx.obj["store"] = store_path
    if ctx.invoked_subcommand is None:
        from checklist.tui.app import run

        run(store_path)


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
    loaded, answers, result = scored(rubric, assessment, profile)
    if as_json:
        click.echo(json.dumps(result.to_data(), ensure_ascii=False, indent=2))
        return
    from checklist.report_text import score_table

    click.echo(score_table(loaded.rubric, answers, result))


@main.command()
@click.argument("rubric")
@click.argument("assessment", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认 reports/{年度}-{乡镇}-{村名}-自评.xlsx）")
@click.option("--profile", help="地区档位（如 accelerated）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def export(rubric: str, assessment: Path, output: Path | None, profile: str | None, force: bool) -> None:
    """导出可打印的自评表（Excel 工作簿：汇总、评分明细、扣分清单，另含供复核的隐藏数据）。"""
    from checklist.report import ReportExists, default_report_path, write_report

    loaded, answers, result = scored(rubric, assessment, profile)
    target = output if output is not None else default_report_path(answers)
    try:
        written = write_report(loaded.rubric, loaded.sha256, answers, result, target, force=force)
    except ReportExists as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法写入 {target}：{exc.strerror or exc}")
    click.echo(f"已导出：{written}（总分 {fmt(result.total)} / {fmt(result.max)}，{result.level.label}）")


@main.command("read")
@click.argument("report", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_spec", help="复核用的评分细则（文件或内置细则编号；默认为自评表所用的内置细则）")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
def read_cmd(report: Path, rubric_spec: str | None, as_json: bool) -> None:
    """读回导出的自评表：按评分细则重算，并报告不一致之处。

    只信任隐藏的“数据”表，不信任表面上的分数。退出码：0 表示一致；1 表示文件被拒绝读取
    （不是工作簿、压缩炸弹、XML 炸弹、缺少数据表等），或发现任何不一致（细则版本或文件不同、
    表面分数被手工改过、校验和不符、按此细则重算结果不同）。
    """
    from checklist.report import RefusedReport, read_report

    loaded = open_rubric(rubric_spec) if rubric_spec else None
    try:
        back = read_report(report, loaded)
    except RefusedReport as exc:
        if as_json:
            click.echo(json.dumps({"path": str(report), "refused": str(exc)}, ensure_ascii=False, indent=2))
            sys.exit(1)
        fail(f"{report}：拒绝读取：{exc}")
    if as_json:
        click.echo(json.dumps(back.to_data(), ensure_ascii=False, indent=2))
    else:
        a, r = back.assessment, back.result
        who = " ".join(x for x in (f"{a.year}年度" if a.year else "", a.township, a.village) if x)
        click.echo(f"{report}：{who}")
        click.echo(f"评分细则：{back.rubric_id}（{back.rubric_version}），导出于 {back.exported}，checklist {back.tool_version}")
        click.echo(f"重算：总分 {fmt(r.total)} / {fmt(r.max)}，星级 {r.level.star_text} {r.level.label}")
        click.echo(f"校验和：{'正确' if back.checksum_ok else '不符'}")
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
    from checklist.store import Store, StoreError

    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    path = given if given is not None else (obj.get("store") if isinstance(obj, dict) else None)
    try:
        return Store.open(path, owner="命令行")
    except StoreError as exc:
        fail(str(exc))


def _draft_id(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        fail(f"自评编号应为数字，“{text}”不是（用 checklist drafts 查看编号）")


@main.command()
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出")
@store_option
def drafts(as_json: bool, store_file: Path | None) -> None:
    """列出保存的自评（编号、村、年度、细则、已填/总数、总分、星级、更新时间）。"""
    from checklist.store import StoreError
    from checklist.store.summary import draft_rows, drafts_table

    store = open_store(store_file)
    try:
        rows = draft_rows(store)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not rows:
        click.echo(f"还没有保存的自评（存储文件：{store.path}）")
    else:
        click.echo(drafts_table(rows))


@main.command()
@click.argument("assessment_id", metavar="ID")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写到这个 JSON 文件（默认输出到屏幕）")
@store_option
def dump(assessment_id: str, output: Path | None, store_file: Path | None) -> None:
    """把一份保存的自评写成自评 JSON 文件。"""
    from checklist.assessment import write_assessment
    from checklist.store import StoreError

    number = _draft_id(assessment_id)
    store = open_store(store_file)
    try:
        assessment = store.assessment(number)
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    if output is None:
        click.echo(assessment.to_json())
        return
    try:
        write_assessment(assessment, output)
    except OSError as exc:
        fail(f"无法写入 {output}：{exc.strerror or exc}")
    click.echo(f"已写出自评 {number}：{output}")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_spec", help="评分细则（文件或内置细则编号；默认为自评文件所写编号的内置细则）")
@store_option
def load(file: Path, rubric_spec: str | None, store_file: Path | None) -> None:
    """把一个自评 JSON 文件加入存储（成为一份可继续填写的自评）。"""
    import hashlib

    from checklist.assessment import AssessmentError, read_assessment
    from checklist.store import StoreError

    try:
        assessment = read_assessment(file)
    except AssessmentError as exc:
        fail(str(exc))
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
        number = store.import_assessment(assessment, text, rubric_path, hashlib.sha256(raw).hexdigest())
        orphans = store.orphans(number, loaded.rubric)
    except StoreError as exc:
        fail(str(exc))
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


@main.command("carry")
@click.argument("source")
@click.option("--year", type=int, required=True, help="新自评的年度，如 2026")
@click.option("--rubric", "rubric_spec", help="今年的评分细则（文件或内置细则编号；默认与上年相同编号的内置细则）")
@store_option
def carry_cmd(source: str, year: int, rubric_spec: str | None, store_file: Path | None) -> None:
    """沿用上年：从上年的自评（存储中的自评编号，或上年导出的自评表 .xlsx）新建今年的自评。

    答案按指标编号沿用，每项标为“待确认”；输出新自评的编号。
    """
    import hashlib

    from checklist.carry import carry
    from checklist.store import StoreError

    store = open_store(store_file)
    try:
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
        if rubric_spec is None and source.isdigit():  # the rubric that draft was filled under
            from checklist.rubric import check_bytes

            text = store.rubric_text(int(source))
            rubric, problems = check_bytes(text.encode("utf-8"), previous.rubric.id)
            if rubric is None:
                fail("上年自评所用的评分细则无法读取，请用 --rubric 指定今年的细则：\n" + "\n".join(map(str, problems[:5])))
            raw, where = text.encode("utf-8"), ""
        else:
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


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--rubric", "rubric_spec", required=True, help="汇总用的评分细则（文件或内置细则编号）")
@click.option("--profile", help="地区档位（默认按各村所填档位）")
@click.option("--previous", type=click.Path(dir_okay=False, path_type=Path), help="上年度的汇总表（用于对比晋位、降级）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出的汇总表（默认 reports/ 下）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def aggregate(
    inputs: tuple[Path, ...], rubric_spec: str, profile: str | None, previous: Path | None, output: Path | None, force: bool
) -> None:
    """乡镇汇总：读取各村自评表（.xlsx）、自评文件（.json）或其所在文件夹，按评分细则重新计分，
    排名，按名额评定星级，标出倒排整转的村，写出汇总表（排名、星级分布、指标失分、维度、问题文件）。

    有问题的文件不会中断汇总，列在“问题文件”中。
    """
    from checklist.rubric import UnknownProfile
    from checklist.township import PreviousError, default_output, expand
    from checklist.township import aggregate as run

    loaded = open_rubric(rubric_spec)
    files, _ = expand(inputs)
    step, stop = _progress_bar(len(files))
    try:
        rollup = run(inputs, loaded, profile, previous, progress=step)
    except UnknownProfile as exc:
        fail(str(exc))
    except PreviousError as exc:
        fail(str(exc))
    finally:
        stop()
    from checklist.township.workbook import RollUpExists, write_rollup

    target = output if output is not None else default_output(loaded)
    try:
        written = write_rollup(rollup, target, force=force)
    except RollUpExists as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法写入 {target}：{exc.strerror or exc}")
    click.echo(rollup.summary(), err=True)
    click.echo(f"已写出汇总表：{written}")


@main.command()
@click.argument("rubric")
@click.option("--profile", help="地区档位（如 accelerated）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="输出的填报表（.xlsx）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
def template(rubric: str, profile: str | None, output: Path, force: bool) -> None:
    """生成空白的自评填报表（Excel），供没有安装本工具的村用 Excel、WPS 或 LibreOffice 填写。"""
    from checklist.rubric import Params, UnknownProfile

    loaded = open_rubric(rubric)
    try:
        Params(loaded.rubric, profile)
    except UnknownProfile as exc:
        fail(str(exc))
    from checklist.fillin.template import TemplateExists, write_template

    try:
        written = write_template(loaded.rubric, loaded.sha256, output, profile, force=force)
    except TemplateExists as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"无法写入 {output}：{exc.strerror or exc}")
    click.echo(f"已生成填报表：{written}（{loaded.rubric.title} {loaded.rubric.version}，{len(loaded.rubric.items())} 项指标）")


@main.command("import")
@click.argument("filled", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--rubric", "rubric_spec", help="评分细则（文件或内置细则编号；默认为填报表所写编号的内置细则）")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="写成自评 JSON 文件")
@click.option("--to-store", is_flag=True, help="加入自评存储（成为一份可继续填写的自评）")
@click.option("--force", is_flag=True, help="输出文件已存在时覆盖")
@store_option
def import_cmd(
    filled: Path, rubric_spec: str | None, output: Path | None, to_store: bool, force: bool, store_file: Path | None
) -> None:
    """导入填好的填报表：一次列出所有问题（第几行、哪一列）；有任何问题时不导入任何内容。"""
    import hashlib

    from checklist.fillin import FillinError, read_fillin

    if (output is None) == (not to_store):
        fail("请指定 -o 自评文件.json 或 --to-store 其中之一")
    if output is not None and output.exists() and not force:
        fail(f"{output} 已存在；如要覆盖，请加 --force")
    loaded = open_rubric(rubric_spec) if rubric_spec else None
    try:
        got = read_fillin(filled, loaded)
    except FillinError as exc:
        lines = [f"{filled}：未导入，共 {len(exc.problems)} 处问题："] + [f"  · {p}" for p in exc.problems]
        fail("\n".join(lines))
    for warning in got.warnings:
        click.echo(f"注意：{warning}", err=True)
    a = got.assessment
    who = " ".join(x for x in (f"{a.year}年度" if a.year else "", a.township, a.village) if x)
    if output is not None:
        from checklist.assessment import write_assessment

        try:
            write_assessment(a, output)
        except OSError as exc:
            fail(f"无法写入 {output}：{exc.strerror or exc}")
        click.echo(f"已导入：{who}，{len(a.answers)} 项答案，写出 {output}")
        return
    from checklist.store import StoreError

    try:
        raw = Path(got.loaded.path).read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        fail(f"无法读取评分细则文件 {got.loaded.path}（{exc}）")
    store = open_store(store_file)
    try:
        number = store.import_assessment(a, text, str(Path(got.loaded.path).resolve()), hashlib.sha256(raw).hexdigest())
    except StoreError as exc:
        fail(str(exc))
    finally:
        store.close()
    click.echo(f"已导入存储，自评编号 {number}：{who}，{len(a.answers)} 项答案")
