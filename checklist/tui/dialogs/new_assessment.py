"""Start a new assessment: rubric (shipped or a file), region profile, 村名/乡镇/年度/填报人."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape
from textual.widgets import Button, Input, Label, Select, Static

from checklist.rubric import Loaded, RubricError, load_rubric
from checklist.tui.dialogs.base import Dialog
from checklist.who import check_name, check_year

OTHER_FILE = "__file__"
NO_PROFILE = "__none__"
STANDARD = "标准档（不按地区调整）"


@dataclass(frozen=True)
class NewAssessment:
    loaded: Loaded
    profile: str | None
    village: str
    township: str
    year: int
    assessor: str


class NewAssessmentDialog(Dialog[NewAssessment | None]):
    HELP: ClassVar[str] = (
        "新建自评：选择评分细则（内置或文件），如有地区档位请选择，再填写村名、乡镇、年度和填报人。"
        "Tab 在各栏之间移动，填完按“开始填报”（或 ctrl+s）。"
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "取消"),
        Binding("ctrl+s", "submit", "开始填报"),
    ]

    def __init__(self, shipped: list[Path], *, year: int) -> None:
        super().__init__()
        self.shipped = shipped
        self.year = year
        self.loaded: dict[str, Loaded] = {}
        self.bad: dict[str, str] = {}
        self.file_loaded: str | None = None

    def compose(self) -> ComposeResult:
        options: list[tuple[str, str]] = []
        for path in self.shipped:
            try:
                loaded = load_rubric(path)
            except RubricError as exc:
                self.bad[str(path)] = f"{path.name}：细则有误（{len(exc.problems)} 处问题）"
                continue
            self.loaded[str(path)] = loaded
            options.append((f"{loaded.rubric.title}（{loaded.rubric.version}）", str(path)))
        # The full star-rating rubric (the one with most items) is what most villages fill in.
        options.sort(key=lambda option: -len(self.loaded[option[1]].rubric.items()))
        options.append(("其他细则文件…", OTHER_FILE))
        first = options[0][1]
        with Vertical(classes="dialog", id="new"):
            yield Label("新建自评", classes="dialog-title")
            with VerticalScroll():
                with Horizontal(classes="field"):
                    yield Label("评分细则")
                    yield Select(options, value=first, allow_blank=False, id="rubric", compact=True)
                yield Input(placeholder="细则文件路径（.yaml）", id="path", classes="hidden", compact=True)
                yield Static("", id="rubric-error", classes="error")
                with Horizontal(classes="field"):
                    yield Label("地区档位")
                    yield Select([(STANDARD, NO_PROFILE)], value=NO_PROFILE, allow_blank=False, id="profile", compact=True)
                for name, label, placeholder, value in (
                    ("village", "村名", "如：红旗村", ""),
                    ("township", "乡镇（街道）", "如：城关镇", ""),
                    ("year", "年度", "", str(self.year)),
                    ("assessor", "填报人", "姓名", ""),
                ):
                    with Horizontal(classes="field"):
                        yield Label(label)
                        yield Input(value, placeholder=placeholder, id=name, compact=True)
                    yield Static("", id=f"{name}-error", classes="error")
            yield Static("Tab 到下一栏；填完按回车或 ctrl+s 开始填报，Esc 取消。", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("开始填报", variant="primary", id="ok", compact=True)
                yield Button("取消", id="cancel", compact=True)

    def on_mount(self) -> None:
        self.update_profiles()
        self.query_one("#village", Input).focus()

    def chosen(self) -> Loaded | None:
        value = self.query_one("#rubric", Select).value
        if value == OTHER_FILE:
            return None
        return self.loaded.get(str(value))

    def update_profiles(self) -> None:
        loaded = self.chosen()
        options = [(STANDARD, NO_PROFILE)]
        if loaded is not None:
            options += [(f"{p.label}（{pid}）", pid) for pid, p in loaded.rubric.profiles.items()]
        select = self.query_one("#profile", Select)
        select.set_options(options)
        select.value = NO_PROFILE

    @on(Select.Changed, "#rubric")
    def _rubric(self, event: Select.Changed) -> None:
        other = event.value == OTHER_FILE
        self.query_one("#path", Input).set_class(not other, "hidden")
        self.query_one("#rubric-error", Static).update("")
        self.file_loaded = None
        self.update_profiles()

    @on(Input.Submitted, "#path")
    @on(Input.Blurred, "#path")
    def _path(self) -> None:
        if self.query_one("#path", Input).value.strip():
            self.load_file()

    def load_file(self) -> Loaded | None:
        text = self.query_one("#path", Input).value.strip().strip('"')
        error = self.query_one("#rubric-error", Static)
        if not text:
            error.update("请填写细则文件路径")
            return None
        path = Path(text).expanduser()
        if not path.is_file():
            error.update(escape(f"找不到文件：{path}"))
            return None
        try:
            loaded = load_rubric(path)
        except RubricError as exc:
            shown = "\n".join(str(p) for p in exc.problems[:4])
            error.update(escape(f"细则有误，无法使用（共 {len(exc.problems)} 处）：\n{shown}"))
            return None
        error.update("")
        if self.file_loaded != str(path):  # a new file: its own profiles (keep the pick otherwise)
            self.file_loaded = str(path)
            select = self.query_one("#profile", Select)
            select.set_options([(STANDARD, NO_PROFILE)] + [(f"{p.label}（{k}）", k) for k, p in loaded.rubric.profiles.items()])
            select.value = NO_PROFILE
        return loaded

    def field(self, name: str, error: str) -> None:
        shown = self.query_one(f"#{name}-error", Static)
        shown.update(escape(error))
        shown.display = bool(error)

    def action_submit(self) -> None:
        loaded = self.chosen()
        if self.query_one("#rubric", Select).value == OTHER_FILE:
            loaded = self.load_file()
        village, e_village = check_name(self.query_one("#village", Input).value, "村名")
        township, e_township = check_name(self.query_one("#township", Input).value, "乡镇（街道）")
        year, e_year = check_year(self.query_one("#year", Input).value)
        assessor, e_assessor = check_name(self.query_one("#assessor", Input).value, "填报人")
        for name, error in (
            ("village", e_village),
            ("township", e_township),
            ("year", e_year),
            ("assessor", e_assessor),
        ):
            self.field(name, error)
        if loaded is None or year is None or e_village or e_township or e_assessor:
            wrong = [n for n, e in (("village", e_village), ("township", e_township), ("year", e_year), ("assessor", e_assessor)) if e]
            if wrong:  # the first field to put right has the cursor, and is in sight
                self.query_one(f"#{wrong[0]}", Input).focus()
            return
        profile = self.query_one("#profile", Select).value
        self.dismiss(
            NewAssessment(
                loaded=loaded,
                profile=None if profile == NO_PROFILE else str(profile),
                village=village,
                township=township,
                year=year,
                assessor=assessor,
            )
        )

    @on(Button.Pressed, "#ok")
    @on(Input.Submitted, "#village, #township, #year, #assessor")
    def _ok(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
