"""The walk: section tree, the current item, the live score panel."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterable
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Hit, Hits, Provider
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Input, Static, Tree

from checklist.scoring.ready import OPEN_STATUSES
from checklist.store import HEARTBEAT_SECONDS
from checklist.tui.dialogs.export import ExportRequested, job_for
from checklist.tui.keys import TYPED, screen_bindings
from checklist.tui.session import Session
from checklist.tui.widgets.footer import Footer
from checklist.tui.widgets.item_view import ItemView
from checklist.tui.widgets.score_panel import ScorePanel
from checklist.tui.widgets.section_tree import SectionTree
from checklist.tui.widgets.wrapped import Wrapped

GC_IDLE_SECONDS = 1.0  # a full garbage collection waits for this long a pause …
GC_FULL_AFTER = 10  # … and for this many young collections (Python's own default) …
GC_FULL_ANYWAY = 500  # … unless the user never pauses
GC_NEVER = 1_000_000_000


class ItemCommands(Provider):
    """The command palette (ctrl+p) finds items by title, text or id."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, WalkScreen):
            return
        matcher = self.matcher(query)
        for item_id, title, _text in screen.catalogue():
            match = max(matcher.match(title), matcher.match(item_id))  # found by id, shown by title
            if match > 0:
                yield Hit(match, matcher.highlight(title), lambda i=item_id: screen.jump_to(i), help="跳转到此指标")


class WalkScreen(Screen[None]):
    COMMANDS: ClassVar[set[type[Provider]]] = {ItemCommands}  # type: ignore[assignment]
    HELP: ClassVar[str] = "填报界面：左侧是板块与指标，右侧是当前指标，顶部是实时得分与星级。"
    BINDINGS: ClassVar[list[BindingType]] = [
        *screen_bindings(),
        Binding("escape", "escape", "返回", key_display="Esc", show=False),  # one level back, never a toggle
    ]

    def __init__(self, session: Session, *, start: str | None = None) -> None:
        super().__init__()
        self.session = session
        self.start = start
        self._moving = False
        self._left = False
        self._beat: Timer | None = None
        self._locked = False
        self._gc_threshold: tuple[int, int, int] | None = None
        self._last_move = time.monotonic()

    def compose(self) -> ComposeResult:
        s = self.session
        where = " ".join(x for x in (s.info.township, s.info.village, f"{s.info.year}年度") if x)
        yield Static(f"{where} · {s.rubric.title}（{s.rubric.version}）", id="walk-title")
        if s.read_only:
            yield Static(s.read_only, id="banner", classes="readonly", markup=False)
        elif s.orphans:
            shown = "、".join(s.orphans[:5]) + ("…" if len(s.orphans) > 5 else "")
            yield Static(
                f"评分细则已变更：{len(s.orphans)} 个已填答案对应的指标已不在细则中（{shown}），答案仍保留，见“审视得分”。",
                id="banner",
                classes="orphans",
            )
        yield ScorePanel(id="score")
        with Horizontal(id="walk-body"):
            with Vertical(id="tree-pane"):
                yield SectionTree(s.rubric, s.result, id="tree")
                # The highlighted row in full when the tree's edge cuts it (80×24: long names).
                yield Wrapped("", id="tree-whole", markup=False)
            yield ItemView(s, id="item")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self._tree = self.query_one(SectionTree)
        self._whole = self.query_one("#tree-whole", Wrapped)
        self._whole.display = False
        self.query_one(ScorePanel).show(self.session.result)
        if not self.session.taken:  # a final draft keeps its lock too (for 撤回定稿)
            self._beat = self.set_interval(HEARTBEAT_SECONDS, self._heartbeat)
        # The answer has focus: what is typed first lands there, not in the list.
        await self.jump_to(self.start or self.session.first_unanswered(), focus_answer=not self.session.read_only)
        if self.session.read_only:
            self.query_one(SectionTree).focus()
        self._quiet_gc()

    async def on_screen_resume(self) -> None:
        """Back from a dialog or the review: the answer widget of the item shown is in place."""
        if self.is_mounted:
            await self.query_one(ItemView).ensure_answer()

    async def _heartbeat(self) -> None:
        try:
            state = self.session.heartbeat()
        except Exception as exc:
            self.notify(f"无法刷新编辑锁：{exc}", severity="warning")
            return
        if state == "lost":
            await self.went_read_only()
        elif state == "retaken":
            await self.reread()

    async def went_read_only(self) -> None:
        """Another window took the draft over: say who in the banner, keep what was typed on
        screen (it was not saved, and the item says so), refuse further edits."""
        if self._locked:
            return
        self._locked = True
        if self._beat is not None:
            self._beat.stop()
            self._beat = None
        reason = self.session.read_only or "只读：编辑权已被另一个窗口取得"
        await self._read_only_banner(reason)
        self.refresh_bindings()
        if self.session.unsaved:
            self.notify(f"刚才的修改没有保存。{reason}", title="未保存", severity="error", timeout=20)
        else:
            self.notify(reason, title="本窗口已转为只读", severity="warning", timeout=20)

    async def _read_only_banner(self, reason: str) -> None:
        """The banner says why nothing can be changed; the item view refuses edits."""
        banners = self.query("#banner").results(Static)
        banner = next(banners, None)
        if banner is None:
            await self.mount(Static(reason, id="banner", classes="readonly", markup=False), after="#walk-title")
        else:
            banner.update(reason)
            banner.remove_class("orphans")
            banner.add_class("readonly")
        view = self.query_one(ItemView)
        await view.freeze()
        self.query_one(SectionTree).focus()

    async def reread(self) -> None:
        """The lock was lost and taken back: show the answers as the store has them now."""
        result = self.session.result
        self.query_one(ScorePanel).show(result)
        self.query_one(SectionTree).refresh_labels(result)
        view = self.query_one(ItemView)
        if view.item_id is not None and view.answer == view.saved:
            await view.show(view.item_id)

    def catalogue(self) -> Iterable[tuple[str, str, str]]:
        for item in self.session.rubric.items():
            yield item.id, item.title, item.text

    @property
    def current(self) -> str | None:
        return self.query_one(ItemView).item_id

    async def jump_to(self, item_id: str, *, focus_answer: bool = True) -> None:
        if item_id not in self.session.index:
            return
        self.busy()
        view = self.query_one(ItemView)
        if view.item_id != item_id:
            await view.show(item_id)
        self._moving = True
        try:
            self.query_one(SectionTree).show_item(item_id)
        finally:
            self._moving = False
        if focus_answer:
            await view.focus_answer()
        self.refresh_bindings()

    # --- events -------------------------------------------------------------------------------

    def show_whole_row(self) -> None:
        """Under the tree, the highlighted row's whole text while the tree's edge cuts it."""
        tree, whole = self._tree, self._whole
        node = tree.cursor_node
        text = str(node.label) if node is not None and tree.row_is_cut(node) else None
        if text is None:
            if whole.display:
                whole.display = False
            return
        if not whole.display or self._whole_text != text:
            self._whole_text = text
            whole.update(text)
            whole.display = True
            tree.call_after_refresh(tree.scroll_to_line, tree.cursor_line, animate=False)  # still in view

    _whole_text = ""

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self.show_whole_row)

    @on(Tree.NodeHighlighted, "#tree")
    async def _highlighted(self, event: Tree.NodeHighlighted[str]) -> None:
        data = event.node.data
        self.busy()
        self.show_whole_row()
        if self._moving or data is None or data.startswith("§"):
            return
        view = self.query_one(ItemView)
        if view.item_id != data:
            await view.show(data, answer_later=True)  # browsing: the text first, the answer widget next
            self.refresh_bindings()

    @on(Tree.NodeSelected, "#tree")
    async def _selected(self, event: Tree.NodeSelected[str]) -> None:
        data = event.node.data
        if data is not None and not data.startswith("§"):
            await self.jump_to(data)

    @on(ItemView.Saved)
    def _saved(self, event: ItemView.Saved) -> None:
        self.refresh_bindings()  # 确认沿用 shows only on a carried answer
        self.query_one(ScorePanel).show(event.result)
        self.query_one(SectionTree).refresh_labels(event.result)
        self.show_whole_row()  # the highlighted row's label may have changed

    @on(ItemView.WentReadOnly)
    async def _lock_lost(self, event: ItemView.WentReadOnly) -> None:
        await self.went_read_only()

    # --- actions ------------------------------------------------------------------------------

    async def action_unanswered(self, delta: int) -> None:
        self.query_one(ItemView).flush()
        current = self.current or self.session.order[0]
        target = self.session.step(current, delta, unanswered=True)
        if target is None or (target == current and self.session.status(current) not in OPEN_STATUSES):
            self.notify("所有需要填写的指标都已填写。按 r 审视得分。", title="已全部填写")
            return
        await self.jump_to(target)

    async def action_step(self, delta: int) -> None:
        self.query_one(ItemView).flush()
        current = self.current or self.session.order[0]
        target = self.session.step(current, delta)
        if target is not None:
            await self.jump_to(target)

    def action_jump(self) -> None:
        from checklist.tui.dialogs.jump import JumpDialog

        self.query_one(ItemView).flush()

        async def done(item_id: str | None) -> None:
            if item_id:
                await self.jump_to(item_id)

        self.app.push_screen(JumpDialog(list(self.catalogue())), done)

    def action_review(self) -> None:
        from checklist.tui.screens.review import ReviewScreen

        self.query_one(ItemView).flush()

        async def done(item_id: str | None) -> None:
            if item_id:
                await self.jump_to(item_id)

        self.app.push_screen(ReviewScreen(self.session), done)

    def action_export(self) -> None:
        self.query_one(ItemView).flush()
        self.post_message(ExportRequested(job_for(self.session)))

    def action_finalize(self) -> None:
        """定稿 (F9): after the check; what is open is listed, with a jump to the first."""
        from checklist.tui.dialogs.confirm import ConfirmDialog

        self.query_one(ItemView).flush()
        left = self.session.open_items()
        if left:
            shown = "\n".join(f"· {i.title}：{i.why}" for i in left[:8])
            more = f"\n……另有 {len(left) - 8} 项" if len(left) > 8 else ""

            async def go(yes: bool | None) -> None:
                if yes:
                    await self.jump_to(left[0].id)

            self.app.push_screen(
                ConfirmDialog(f"还有 {len(left)} 项未填写或填写有误，不能定稿：\n{shown}{more}", yes="去填写 (y)", no="关闭 (n)"),
                go,
            )
            return

        async def sure(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.session.finalize()
            except Exception as exc:
                self.notify(str(exc), title="未能定稿", severity="error", timeout=15)
                return
            await self._read_only_banner(self.session.read_only or "")
            self.refresh_bindings()
            self.notify("已定稿。导出的自评表将印上定稿时间和校验码。", title="已定稿")

        self.app.push_screen(
            ConfirmDialog(
                "定稿后这份自评只能查看，不能修改；导出的自评表每页印上定稿时间和校验码。\n"
                "如需修改，可按 F9 撤回定稿。\n\n确定定稿？",
                yes="定稿 (y)",
                no="取消 (n)",
            ),
            sure,
        )

    def action_reopen(self) -> None:
        """撤回定稿 (F9): editable again; the 定稿 stays in the history."""
        from checklist.tui.dialogs.confirm import ConfirmDialog

        async def sure(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.session.reopen()
            except Exception as exc:
                self.notify(str(exc), title="未能撤回定稿", severity="error", timeout=15)
                return
            for banner in self.query("#banner"):
                await banner.remove()
            view = self.query_one(ItemView)
            if view.item_id is not None:
                await view.show(view.item_id)
            self.refresh_bindings()
            self.notify("已撤回定稿，可以继续修改；再次定稿后请重新导出。", title="已撤回定稿")

        self.app.push_screen(
            ConfirmDialog("撤回定稿后可以继续修改，已导出的定稿自评表不再与之相符。\n\n确定撤回定稿？", yes="撤回 (y)", no="取消 (n)"),
            sure,
        )

    def typing(self) -> bool:
        """Whether a text field has focus (then every printable key types)."""
        return isinstance(self.focused, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == TYPED and self.typing():
            return False  # hidden from the footer, and the key types instead
        if "confirm_carried" in (action, *parameters):
            return self.carried_here()
        if action in ("finalize", "reopen"):  # F9: 定稿 on a draft, 撤回定稿 on a final one; neither while another window edits
            s = self.session
            final = s.assessment.finalized is not None
            return not s.taken and final == (action == "reopen")
        return True

    def carried_here(self) -> bool:
        """Whether the item shown holds an answer carried over from last year, not yet confirmed."""
        if self.session.read_only or not self.is_mounted:
            return False
        views = list(self.query(ItemView))
        return bool(views) and views[0].answer.carried

    def action_confirm_carried(self) -> None:
        self.query_one(ItemView).confirm_carried()

    async def action_typed(self, action: str) -> None:
        """A printable key's command (see keys.py): only reached when no text field has focus."""
        await self.app.run_action(action, self)

    async def action_escape(self) -> None:
        """Esc goes back one level: from any part of the item to the list, from the list home."""
        view = self.query_one(ItemView)
        focused = self.focused
        if focused is not None and view in focused.ancestors_with_self:
            view.flush()
            self.query_one(SectionTree).focus()
        else:
            self.action_home()

    def action_home(self) -> None:
        """返回首页 (h or F2): everything is saved already; give up the edit lock."""
        self.leave()
        self.app.pop_screen()

    def leave(self) -> None:
        """Save what is pending and give up the edit lock (idempotent)."""
        if self._left:
            return
        self._left = True
        try:
            for view in self.query(ItemView):
                view.flush()
        finally:
            self.session.close()

    def on_unmount(self) -> None:
        self.leave()
        if self._gc_threshold is not None:
            gc.set_threshold(*self._gc_threshold)
            gc.unfreeze()
            self._gc_threshold = None

    # --- the garbage collector -------------------------------------------------------------------
    #
    # A full collection walks every live object: with a 1,000-item rubric and Textual's line
    # caches that is ~100k objects and ~90 ms, which landed in the middle of a move every few
    # dozen moves. While the walk is open, what lives as long as the walk (rubric, result,
    # tree) is frozen out of collections, the young generations are collected as usual (≤3 ms),
    # and the full pass waits until the user pauses.

    def _quiet_gc(self) -> None:
        self._gc_threshold = gc.get_threshold()
        gc.freeze()
        young, middle, _full = self._gc_threshold
        gc.set_threshold(young, middle, GC_NEVER)
        self.set_interval(GC_IDLE_SECONDS, self._collect_when_idle)

    def busy(self) -> None:
        self._last_move = time.monotonic()

    def _collect_when_idle(self) -> None:
        pending = gc.get_count()[2]  # young collections since the last full one
        idle = time.monotonic() - self._last_move >= GC_IDLE_SECONDS
        if (idle and pending >= GC_FULL_AFTER) or pending >= GC_FULL_ANYWAY:
            gc.collect()
