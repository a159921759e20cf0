"""Command line: every job also runs without the TUI. Exit 0 fine, 1 bad input, 2 usage.

The commands live in ``cli_commands`` and ``cli_review``; ``COMMANDS`` below lists them with the
first sentence of each one's help, so that ``checklist --help`` prints the list without importing
any of them, and ``checklist score`` imports only the module that holds ``score``
(``tests/test_cli_imports.py`` checks both, and that the list says what the commands say)."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from checklist import __version__, cli_help, cli_zh
from checklist.cli_base import Main, fail, open_rubric

if TYPE_CHECKING:
    from pathlib import Path
else:  # pathlib costs a tenth of ``checklist --help``: imported when a path is first made
    from checklist.cli_base import as_path as Path

__all__ = ["COMMANDS", "main", "open_rubric"]

cli_zh.install()

# name -> where the command is ("module:attribute"), and the first sentence of its help.
COMMANDS: dict[str, tuple[str, str]] = {
    "aggregate": ("checklist.cli_commands:aggregate", "乡镇汇总：读取各村自评表、审核表（.xlsx）、自评文件（.json）或其所在文件夹，按评分细则和汇总所定的地区档位重新计分；有审核的按审核得分排名，其余标为“未审核”；按名额评定星级，标出倒排整转的村，写出汇总表（排名、各村得分、星级分布、公示名单、整转台账、指标失分、维度、问题文件）。"),
    "carry": ("checklist.cli_commands:carry_cmd", "沿用上年：从上年的自评（存储中的自评编号，或上年导出的自评表 .xlsx）新建今年的自评。"),
    "drafts": ("checklist.cli_commands:drafts", "列出保存的自评（编号、村、年度、细则、已填/应填、总分、星级、更新时间）。"),
    "dump": ("checklist.cli_commands:dump", "把一份保存的自评写成自评 JSON 文件。"),
    "export": ("checklist.cli_commands:export", "导出可打印的自评表（Excel 工作簿：汇总、评分明细、扣分清单，另含供复核的隐藏数据）。"),
    "finalize": ("checklist.cli_commands:finalize", "定稿：检查全部指标已填写且无误后，把自评标为定稿（只读，导出的自评表印定稿时间和校验码）。"),
    "import": ("checklist.cli_commands:import_cmd", "导入填好的填报表：一次列出所有问题（第几行、哪一列）；有任何问题时不导入任何内容。"),
    "load": ("checklist.cli_commands:load", "把一个自评 JSON 文件加入存储（成为一份可继续填写的自评）。"),
    "params": ("checklist.cli_commands:params", "把细则的参数和地区档位导出为 Excel 参数表；填好后用 --apply 生成新细则。"),
    "read": ("checklist.cli_commands:read_cmd", "读回导出的自评表：按评分细则重算，并报告不一致之处。"),
    "reopen": ("checklist.cli_commands:reopen", "撤回定稿：自评恢复为草稿，可以继续修改（定稿记录保留在修改历史中）。"),
    "review": ("checklist.cli_review:review", "乡镇审核：对照村的自评表逐项审核（认可或改正答案，写明审核意见），写出审核表。"),
    "rubrics": ("checklist.cli_commands:rubrics", "列出内置的评分细则。"),
    "schema": ("checklist.cli_commands:schema", "输出评分细则的 JSON Schema（供编辑器校验）。"),
    "score": ("checklist.cli_commands:score", "按评分细则计算自评得分与星级。"),
    "take": ("checklist.cli_commands:take", "把另一份细则的自评结果填作本细则的答案（如“双整”基础指标中未得满分的项数）。"),
    "template": ("checklist.cli_commands:template", "生成空白的自评填报表（Excel），供没有安装本工具的村用 Excel、WPS 或 LibreOffice 填写。"),
    "validate": ("checklist.cli_commands:validate", "检查评分细则文件，一次列出全部问题（格式为“文件:行:列: [指标] 说明”）。"),
    "web": ("checklist.cli_commands:web", "在浏览器中打开填报界面（只在本机，无需联网）。"),
}


@click.group(
    cls=Main,
    table=COMMANDS,
    loaded=cli_help.localise_command,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
        # The browser mode drives the app through pipes and names its driver; anything else
        # without a terminal would wait silently for keys that never come.
        if not os.environ.get("TEXTUAL_DRIVER") and not os.environ.get("CHECKLIST_WEB") and not (sys.stdin.isatty() and sys.stdout.isatty()):
            fail("没有连接终端：填报界面须在终端（命令行窗口）中打开；不开界面的工作请用子命令（checklist --help 查看）")
        from checklist.tui.app import run

        run(store_path)


cli_help.localise(main)
