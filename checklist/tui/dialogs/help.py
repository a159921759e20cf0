"""F1: help for the focused part, then every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Label, Static

from checklist.tui.dialogs.base import Dialog
from checklist.tui.keys import help_lines

RULES = """\
[b]按键规则[/b]
  一个键在同一界面只有一个作用；光标在文字框（数字、备注）里时，字母和符号键只输入文字，
  命令改用 ctrl 键或 F 键（页脚随时列出当前能用的键）。Esc 总是返回上一层。
"""

KEYS_BEFORE = """\
[b]通用[/b]
  F1 或 ?        帮助（文字框中用 F1）
  ctrl+q         退出（所有答案已随时保存）
  ctrl+p         命令面板：查找指标、审视得分、导出、主题等全部操作
  Tab / shift+Tab 在各部分之间移动

[b]首页[/b]
  ↑↓ 或 j/k      选择自评        回车  继续填报
  n 或 ctrl+n    新建自评        Esc   （无）

[b]填报：目录（左侧）[/b]
  ↑↓ 或 j/k      移动（选中即显示）   回车  到本项答案
  Esc            返回首页

[b]填报：任何位置[/b]
"""

KEYS_AFTER = """\
  Esc            从答案、不适用、备注、佐证材料返回目录

[b]填报：答案[/b]
  是否题：y 或 1 选“是”，n 或 0 选“否”；单选题：数字键选项；多选、清单：空格勾选
  数字可用全角数字和“。”，回车确认；不合要求的会以红字提示，原答案保留

[b]审视[/b]
  回车  跳到所选的指标    Esc  返回填报    e 或 ctrl+e  导出 Excel 自评表

[b]导出[/b]
  默认保存到 {folder}（对话框中显示完整路径），可改路径和文件名
  回车或 ctrl+s 导出     Esc 取消     文件已存在时先问“覆盖？”（y 覆盖，n 不覆盖）
"""


def keys_text() -> str:
    """Every key, the walk's from the one key map (keys.py)."""
    from checklist.report.names import export_folder

    after = KEYS_AFTER.replace("{folder}", str(export_folder()))
    return RULES + "\n" + KEYS_BEFORE + "\n".join(help_lines()) + "\n" + after


def keys_markup() -> Content:
    """Headings bold; the key lines literal (they contain [ and ])."""
    parts: list[tuple[str, str] | str] = []
    for line in keys_text().splitlines():
        if line.startswith("[b]"):
            parts.append((line.removeprefix("[b]").removesuffix("[/b]") + "\n", "bold"))
        else:
            parts.append(line + "\n")
    return Content.assemble(*parts)


class HelpDialog(Dialog[None]):
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
