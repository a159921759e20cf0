"""``checklist review REPORT.xlsx`` (or ``--draft ID``) without ``--from``: the 审核 screen on its
own, over the store."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.screen import Screen

from checklist.tui.zh_app import ZhApp

if TYPE_CHECKING:
    from checklist.rubric import Loaded
    from checklist.store import Store


class ReviewApp(ZhApp):
    CSS_PATH = "checklist.tcss"
    TITLE = "村党组织星级评定 · 乡镇审核"
    SAVED = "审核意见都已保存"

    def __init__(
        self,
        store_path: Path | str | None,
        report: Path | int,
        loaded: Loaded,
        profile: str | None,
        output: Path,
        *,
        today: date | None = None,
    ) -> None:
        super().__init__()
        self.store_path = Path(store_path) if store_path is not None else None
        self.report, self.loaded, self.profile, self.output = report, loaded, profile, output
        self.today = today or date.today()
        self.store: Store | None = None

    def get_default_screen(self) -> Screen[Any]:
        from checklist.review.read import read_reviewed
        from checklist.review.session import ReviewSession
        from checklist.store import Store
        from checklist.tui.screens.township_review import TownshipReviewScreen

        self.store = Store.open(self.store_path)
        if isinstance(self.report, int):  # a draft in the store
            session = ReviewSession.open_draft(self.store, self.report, self.profile)
        else:
            back = read_reviewed(self.report, self.loaded).back
            session = ReviewSession.open(self.store, self.report, self.loaded, back, self.profile)
        if not session.review().date:
            session.set_field("date", self.today.isoformat())
        return TownshipReviewScreen(session, self.output)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield SystemCommand("切换主题（配色）", "更换界面配色，浅色主题适合白天和投影", self.action_change_theme)
        yield SystemCommand("退出", f"退出（{self.SAVED}）", self.action_quit)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def run_review(store_path: Path | str | None, report: Path | int, loaded: Loaded, profile: str | None, output: Path) -> None:
    """``report``: a village workbook, or the number of a draft in the store."""
    ReviewApp(store_path, report, loaded, profile, output).run()
