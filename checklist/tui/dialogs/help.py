"""F1: help for the focused part, then every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, Static

KEYS = """\
[b]通用[/b]
  F1 或 ?        帮助（当前部分的说明）
  ctrl+q         退出（所有答案已随时保存）
  ctrl+p         命令面板：按名称查找指标、切换主题
  Tab / shift+Tab 在各部分之间移动

[b]首页[/b]
  ↑↓ 或 j/k      选择自评        回车  继续填报
  n 或 ctrl+n    新建自评

[b]填报[/b]
  ↑↓ 或 j/k      在目录中移动（选中即显示）
  n 或 ]         下一个未填的指标   p 或 [  上一个未填的指标
  ctrl+↓/ctrl+n  下一项          ctrl+↑/ctrl+b 上一项
  / 或 ctrl+f    查找指标        r 或 ctrl+r 审视得分
  t 或 ctrl+t    回到目录        Esc  回到答案（在答案处按则回到目录）
  e 或 ctrl+e    导出 Excel 自评表  h 或 F2  返回首页（答案都已保存）
  F9             定稿（全部填写无误后；定稿后只读）／撤回定稿
  是/否题：y 或 1 选“是”，n 或 0 选“否”；单选题：数字键选项
  数字可用全角数字和“。”，回车确认；不合要求的会以红字提示，原答案保留

[b]审视[/b]
  回车  跳到所选的指标    Esc  返回填报    e 或 ctrl+e  导出 Excel 自评表

[b]导出[/b]
  默认保存到 reports/{年度}-{乡镇}-{村名}-自评.xlsx，可改路径和文件名
  回车或 ctrl+s 导出     Esc 取消     文件已存在时先问“覆盖？”（y 覆盖，n 不覆盖）
"""


def keys_markup() -> Content:
    """Headings bold; the key lines literal (they contain [ and ])."""
    parts: list[tuple[str, str] | str] = []
    for line in KEYS.splitlines():
        if line.startswith("[b]"):
            parts.append((line.removeprefix("[b]").removesuffix("[/b]") + "\n", "bold"))
        else:
            parts.append(line + "\n")
    return Content.assemble(*parts)


class HelpDialog(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,question_mark,q", "close", "关闭"),
    ]

    def __init__(self, topic: str) -> None:
        super().__init__()
        self.topic = topic

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="help"):
            yield Label("帮助", classes="dialog-title")
            with VerticalScroll():
                if self.topic:
                    yield Static(self.topic, id="topic", markup=False)
                yield Static(keys_markup(), id="keys")
            yield Static("按 Esc 关闭", classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
