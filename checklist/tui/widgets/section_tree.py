"""The section tree: each section with answered/total and points, each item with its status."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from checklist.numbers import fmt
from checklist.rubric import Rubric
from checklist.scoring import Result

MARKS = {
    "full": ("✓", "green"),
    "partial": ("◐", "yellow"),
    "zero": ("✗", "red"),
    "na": ("－", "dim"),
    "unanswered": ("·", ""),
    "invalid": ("!", "red"),
    "not_relevant": ("○", "dim"),
    "pending": ("?", "yellow"),
    "info": ("◇", "dim"),
}


def item_label(status: str, title: str) -> Text:
    mark, style = MARKS.get(status, ("?", ""))
    text = Text(f"{mark} ", style=style or "")
    text.append(title, style="dim" if status == "not_relevant" else "")
    if status == "not_relevant":
        text.append(" 无需填写", style="dim italic")
    elif status == "pending":
        text.append(" 待定", style="italic")
    return text


class SectionTree(Tree[str]):
    """Node data: an item id (items) or ``"§" + section id`` (sections)."""

    HELP: ClassVar[str] = (
        "板块与指标：↑↓ 或 j/k 移动，→/← 展开收起。每个板块显示“已填/应填 · 得分/满分”。"
        "标记：✓满分 ◐部分得分 ✗未得分 －不适用 ·未填写 ?待定（要看另一项的答案） ○无需填写。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "下移", show=False),
        Binding("k", "cursor_up", "上移", show=False),
    ]

    def __init__(self, rubric: Rubric, result: Result, **kwargs: object) -> None:
        super().__init__("评分细则", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 2
        self.item_nodes: dict[str, TreeNode[str]] = {}
        self.section_nodes: dict[str, TreeNode[str]] = {}
        self._labels: dict[int, Text] = {}
        for section in rubric.sections:
            node = self.root.add("", data="§" + section.id, expand=True)
            self.section_nodes[section.id] = node
            for item in section.items:
                self.item_nodes[item.id] = node.add_leaf("", data=item.id)
        self.refresh_labels(result)

    def refresh_labels(self, result: Result) -> None:
        """Relabel only what changed (a 1,000-item rubric stays quick)."""
        for group in result.sections:
            label = Text(f"{group.title} ", style="bold")
            if group.deduction:  # 积分制: what it takes off the total, of the most it can
                score = f"扣{fmt(group.points)}分（最多{fmt(group.max)}分）"
            else:  # bonus items only: the counted bonus (after the cap), not “0/0分”
                score = f"{fmt(group.points)}/{fmt(group.max)}分" if group.max else f"加{fmt(group.bonus)}分"
            label.append(f"{group.progress.short} · {score}", style="")
            self._set(self.section_nodes[group.id], label)
        for item in result.items:
            self._set(self.item_nodes[item.id], item_label(item.status, item.title))

    def _set(self, node: TreeNode[str], label: Text) -> None:
        if self._labels.get(node.id) != label:
            self._labels[node.id] = label
            node.set_label(label)

    def row_is_cut(self, node: TreeNode[str]) -> bool:
        """Whether the node's row is wider than the tree shows (its end is cut off)."""
        line = node.line
        if line < 0:
            return False
        guides = self._tree_lines[line]._get_guide_width(self.guide_depth, self.show_root)
        return self.get_label_width(node) + guides > self.scrollable_content_region.width

    def show_item(self, item_id: str) -> None:
        node = self.item_nodes[item_id]
        if node.parent is not None and not node.parent.is_expanded:
            node.parent.expand()
        if self.cursor_node is not node:
            self.move_cursor(node)
