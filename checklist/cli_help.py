"""The command line for people: Chinese placeholders, an example under every command, the
region profiles with their Chinese names. Applied once to the finished command group, so the
commands in cli.py stay as they are written (and new ones get the same treatment)."""

from __future__ import annotations

from typing import Any

import click

# Placeholders by parameter name (arguments and the values of options).
METAVARS: dict[str, str] = {
    "rubric": "细则",
    "rubric_spec": "细则",
    "assessment": "自评文件",
    "assessment_id": "编号",
    "files": "细则文件...",
    "report": "自评表",
    "file": "自评文件",
    "filled": "填报表",
    "inputs": "自评表或文件夹...",
    "profile": "档位",
    "port": "端口",
    "output": "文件",
    "previous": "上年汇总表",
    "jobs": "进程数",
}
BY_TYPE = {
    "datetime": "日期",
    "text": "文字",
    "integer": "整数",
    "float": "数字",
    "integer range": "整数",
    "float range": "数字",
}

EXAMPLES: dict[str, list[str]] = {
    "web": ["checklist web", "checklist web --port 8080 --no-browser"],
    "params": [
        "checklist params village-star -o 参数.xlsx",
        "checklist params village-star --apply 参数.xlsx -o 本县细则.yaml",
    ],
    "validate": ["checklist validate 本县细则.yaml"],
    "schema": ["checklist schema > rubric.schema.json"],
    "rubrics": ["checklist rubrics"],
    "score": ["checklist score village-star 自评.json --profile accelerated"],
    "export": ["checklist export village-star 自评.json -o 红旗村自评表.xlsx"],
    "read": ["checklist read 2026-城关镇-红旗村-自评.xlsx"],
    "drafts": ["checklist drafts"],
    "dump": ["checklist dump 3 -o 红旗村自评.json"],
    "load": ["checklist load 红旗村自评.json"],
    "aggregate": ["checklist aggregate --rubric village-star 收回的自评表/ -o 汇总.xlsx"],
    "template": ["checklist template village-star -o 填报表.xlsx"],
    "import": ["checklist import 红旗村填报表.xlsx --to-store"],
    "review": [
        "checklist review 2026-城关镇-红旗村-自评.xlsx",
        "checklist review 红旗村自评表.xlsx --from 审核意见.json -o 审核表.xlsx",
        "checklist review --draft 3 --from 审核意见.json -o 审核表.xlsx",
    ],
    "finalize": ["checklist finalize 3"],
    "reopen": ["checklist reopen 3"],
    "take": ["checklist take village-star 红旗村.json 红旗村双整.json", "checklist take --drafts 3 4"],
    "carry": ["checklist carry 3 --year 2027", "checklist carry 2026-城关镇-红旗村-自评.xlsx --year 2027"],
}


class _ProfileOption(click.Option):
    """``--profile``: its help lists the shipped rubrics' profiles with their Chinese names,
    read only when help is shown (start-up stays light)."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        base = (self.help or "地区档位").split("（可选：")[0]
        self.help = f"{base}（可选：{profile_choices()}）"
        return super().get_help_record(ctx)


def profile_choices() -> str:
    from checklist.rubric import RubricError, load_rubric
    from checklist.rubric.shipped import shipped_paths

    seen: dict[str, str] = {}
    for path in shipped_paths():
        try:
            rubric = load_rubric(path).rubric
        except RubricError:
            continue
        for pid, profile in rubric.profiles.items():
            seen.setdefault(pid, profile.label)
    shown = "、".join(f"{pid}（{label}）" for pid, label in seen.items())
    return f"{shown}；不写为不分档位" if shown else "内置细则未设地区档位"


def _first_sentence(text: str) -> str:
    from checklist.cli_zh import join_lines

    head = join_lines([line.strip() for line in text.strip().split("\n\n")[0].splitlines()])
    return head.split("。")[0] + "。" if "。" in head else head


def localise(group: click.Group) -> None:
    """The group's own help, and each command already added to it (the rest: ``localise_command``
    when each is first imported)."""
    group.options_metavar = "[选项]"
    group.subcommand_metavar = "[命令] [参数]..."
    _localise(group, top=True)
    for command in group.commands.values():
        localise_command(command)


def localise_command(command: click.Command) -> None:
    _localise(command, top=False)


def _localise(command: click.Command, top: bool) -> None:
    command.options_metavar = "[选项]"
    if not top and command.help and not command.short_help:
        command.short_help = _first_sentence(command.help)
    examples = EXAMPLES.get(command.name or "")
    if examples and not command.epilog:
        command.epilog = "\b\n例：\n" + "\n".join(f"  {line}" for line in examples)
    for param in command.params:
        _placeholder(param)


def _placeholder(param: click.Parameter) -> None:
    name = param.name or ""
    if isinstance(param, click.Option) and name == "profile":
        param.__class__ = _ProfileOption
    if isinstance(param, click.Option) and (param.is_flag or param.count):
        return
    if param.metavar is None or param.metavar.isascii():
        wanted: Any = METAVARS.get(name) or BY_TYPE.get(getattr(param.type, "name", ""))
        if wanted:
            param.metavar = wanted
