"""``checklist review REPORT.xlsx`` (or ``--draft ID``) without ``--from``: the 审核 screen on its
own, over the store."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

if TYPE_CHECKING:
    from checklist.rubric import Loaded
    from checklist.store import Store


class ReviewApp(App[None]):
    CSS_PATH = "checklist.tcss"
    TITLE = "村党组织星级评定 · 乡镇审核"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "退出", priority=True)]

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

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()


def run_review(store_path: Path | str | None, report: Path | int, loaded: Loaded, profile: str | None, output: Path) -> None:
    """``report``: a village workbook, or the number of a draft in the store."""
    ReviewApp(store_path, report, loaded, profile, output).run()
