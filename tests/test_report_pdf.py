"""Every workbook a person prints — the village report (final and draft), the 双整 report, the
blank fill-in form and the township roll-up — goes through LibreOffice to PDF once per session,
and the PDF is checked as a township office would look at it: the header on every page (草稿 or
定稿时间 and 校验码), body text at least 10 pt, every cell's text on paper, the sign-off on the
last page of 汇总 and 评分明细, no page that holds only the total, all columns on each page.
PNG renders of each first page stay in tests/artifacts/ (git-ignored) for a person to look at.

Skipped when ``soffice`` or ``pdftotext`` is missing; CI installs libreoffice-calc,
poppler-utils and CJK fonts (fonts-wqy-zenhei, fonts-noto-cjk: the one LibreOffice falls back to).
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_helpers import EXAMPLES, ROOT, export, load_example

from checklist.numbers import fmt
from checklist.report import read_report, write_report
from checklist.report.sheets import detail, summary

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
PDFTOPPM = shutil.which("pdftoppm")
ARTIFACTS = ROOT / "tests" / "artifacts"
pytestmark = [
    pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice (soffice) or pdftotext not installed"),
    pytest.mark.skipif(not EXAMPLES, reason="no examples/*.json yet"),
]
FINAL_AT = datetime(2026, 11, 26, 9, 30, tzinfo=timezone(timedelta(hours=8)))
SIGN = "乡镇（街道）党委审核意见"
BOX_PER_POINT = 1.298  # a word box of WenQuanYi Zen Hei is 1.298 × the font size tall


@dataclass
class Page:
    text: str  # pdftotext, squashed (no white space)
    header: str  # the page's first line (the page header)
    heights: list[float]  # word box heights

    def names(self, sheet: str) -> bool:
        """Whether the header names this sheet (a word of its own: left, sheet, right)."""
        return sheet in self.header.split()


@dataclass
class Printed:
    book: Path
    pages: list[Page]

    def of(self, sheet: str) -> list[Page]:
        return [p for p in self.pages if p.names(sheet)]


def _squash(text: str) -> str:
    return "".join(text.split())


def _pages(pdf: Path) -> list[Page]:
    plain = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # type: ignore[list-item]
    bbox = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # type: ignore[list-item]
    boxes = [
        [float(m.group(2)) - float(m.group(1)) for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page)]
        for page in bbox.split("<page ")[1:]
    ]
    texts = plain.split("\f")
    heads = [  # the words in the top margin (the page header is printed there)
        " ".join(m.group(2) for m in re.finditer(r'yMax="([\d.]+)">([^<]*)</word>', page) if float(m.group(1)) < 45)
        for page in bbox.split("<page ")[1:]
    ]
    return [Page(_squash(t), h, b) for t, h, b in zip(texts, heads, boxes, strict=False) if t.strip()]


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Printed]:
    from checklist.cli import main

    folder = tmp_path_factory.mktemp("pdf")
    books: dict[str, Path] = {e.stem: export(e, folder) for e in EXAMPLES}
    loaded, assessment, result = load_example(ROOT / "examples" / "village-star-complete.json")
    final = assessment.model_copy(update={"finalized": FINAL_AT})
    books["final"] = write_report(loaded.rubric, loaded.sha256, final, result, folder / "final.xlsx")
    from click.testing import CliRunner

    run = CliRunner().invoke(main, ["template", "village-star", "-o", str(folder / "template.xlsx")])
    assert run.exit_code == 0, run.output
    books["template"] = folder / "template.xlsx"
    from township_support import rubric as town_rubric
    from township_support import township, write_inputs

    from checklist.township.aggregate import aggregate
    from checklist.township.workbook import write_rollup

    last = township(2025, 6)
    for a in last:
        a.year = 2025
    before = write_inputs(last, folder / "last-year", reports=0)
    previous = write_rollup(aggregate(list(before.values()), town_rubric()), folder / "last-year.xlsx")
    inputs = write_inputs(township(7, 6), folder / "villages", reports=6)
    # the widest layout: year over year and ranks within each township
    rollup = aggregate(list(inputs.values()), town_rubric(), previous=previous, scope="township")
    books["rollup"] = write_rollup(rollup, folder / "rollup.xlsx")
    profile = (folder / "lo-profile").as_uri()
    out = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder)]  # type: ignore[list-item]
        + [str(b) for b in books.values()],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr
    ARTIFACTS.mkdir(exist_ok=True)
    done = {}
    for name, book in books.items():
        pdf = book.with_suffix(".pdf")
        assert pdf.exists(), out.stdout + out.stderr
        shutil.copy(pdf, ARTIFACTS / f"{name}.pdf")
        if PDFTOPPM:
            subprocess.run([PDFTOPPM, "-r", "70", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(ARTIFACTS / name)], check=True)
        done[name] = Printed(book, _pages(pdf))
    return done


REPORTS = [e.stem for e in EXAMPLES] + ["final"]
ALL = [*REPORTS, "template", "rollup"]


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_first_page_shows_village_total_and_level(example: Path, printed: dict[str, Printed]) -> None:
    _, assessment, result = load_example(example)
    first = printed[example.stem].pages[0].text
    assert assessment.village in first and assessment.township in first
    assert fmt(result.total) in first
    assert result.level.label in first
    assert "第1页" in first


@pytest.mark.parametrize("name", REPORTS)
def test_every_page_says_draft_or_final_with_its_code(name: str, printed: dict[str, Printed]) -> None:
    pages = printed[name].pages
    assert len(pages) >= 3
    if name == "final":
        code = read_report(printed[name].book).code
        for page in pages:
            assert "定稿时间：2026年11月26日09:30" in page.text, page.header
            assert f"校验码：{code}" in page.text, page.header
            assert "草稿" not in page.text
    else:
        for page in pages:
            assert "草稿（未定稿）" in page.header, page.header


@pytest.mark.parametrize("name", ALL)
def test_every_page_has_a_header_with_year_and_sheet(name: str, printed: dict[str, Printed]) -> None:
    sheets = [ws.title for ws in load_workbook(printed[name].book).worksheets if ws.sheet_state == "visible"]
    for page in printed[name].pages:
        if name != "template":  # a blank form has no year or village yet
            assert "2026" in page.header or "年度" in page.header, page.header
        assert any(page.names(s) for s in sheets), f"no sheet name in the header: {page.header}"


@pytest.mark.parametrize("name", ALL)
def test_body_text_is_at_least_ten_points(name: str, printed: dict[str, Printed]) -> None:
    for n, page in enumerate(printed[name].pages, start=1):
        small = [h for h in page.heights if h / BOX_PER_POINT < 9.95]
        assert not small, f"{name} page {n}: {len(small)} words under 10 pt ({min(small) / BOX_PER_POINT:.1f} pt)"


@pytest.mark.parametrize("name", REPORTS)
def test_sign_off_on_the_last_page_of_summary_and_detail(name: str, printed: dict[str, Printed]) -> None:
    for sheet in (summary.NAME, detail.NAME):
        pages = printed[name].of(sheet)
        assert pages, sheet
        assert SIGN in pages[-1].text and "村党组织（盖章）" in pages[-1].text, sheet
        assert all(SIGN not in p.text for p in pages[:-1]), sheet


@pytest.mark.parametrize("name", REPORTS)
def test_no_page_holds_only_the_total_and_every_column_is_there(name: str, printed: dict[str, Printed]) -> None:
    pages = printed[name].of(detail.NAME)
    for page in pages:
        for head in detail.HEADERS:  # a narrow column's heading wraps: its first two characters
            assert head[:2] in page.text, (head, page.header)
    ws = load_workbook(printed[name].book)[detail.NAME]
    items = [str(ws.cell(row=r, column=3).value) for r in range(detail.FIRST_ROW, ws.max_row + 1) if isinstance(ws.cell(row=r, column=1).value, int)]
    last = pages[-1].text
    assert "合计" in last
    assert _squash(items[-1])[:5] in last, "the total printed without the last item"


@pytest.mark.parametrize("name", ALL)
def test_every_cells_text_is_on_paper(name: str, printed: dict[str, Printed]) -> None:
    """Every character of every visible cell is printed on that sheet's pages (wrapped lines of
    neighbouring cells interleave in extracted text, so characters are counted, not strings):
    a cut line or a column that fell off the page loses characters."""
    wb = load_workbook(printed[name].book)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        area = ws.print_area  # cells outside the print area are not meant for paper (the 编号 column)
        rows = ws[str(area).split(",")[0].replace("$", "").split("!")[-1]] if area else ws.iter_rows()
        want = Counter(ch for row in rows for c in row if isinstance(c.value, str) for ch in _squash(c.value))
        pages = printed[name].of(ws.title)
        assert pages, f"{ws.title} not printed"
        have = Counter(ch for p in pages for ch in p.text)
        assert not any("###" in p.text for p in pages), f"{ws.title}: a number too wide for its column (###)"
        lost = want - have
        assert not lost, f"{ws.title}: {sum(lost.values())} characters not on paper: {''.join(sorted(lost))[:60]}"


def test_the_blank_form_ends_with_the_sign_off(printed: dict[str, Printed]) -> None:
    from checklist.fillin.layout import FORM

    pages = printed["template"].of(FORM)
    assert SIGN in pages[-1].text and "村党组织（盖章）" in pages[-1].text and "填报人（签字）" in pages[-1].text
    assert all(SIGN not in p.text for p in pages[:-1])


def _line_pitch(pdf: Path) -> float:
    """The distance LibreOffice prints between the lines of one wrapped 10.5-point cell: the
    most common gap between word boxes that start at the same x, one line apart."""
    bbox = subprocess.run([PDFTOTEXT, "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout  # type: ignore[list-item]
    gaps: Counter[float] = Counter()
    for page in bbox.split("<page ")[1:]:
        starts: dict[float, list[float]] = {}
        for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', page):
            if abs(float(m.group(3)) - float(m.group(2)) - 10.5 * BOX_PER_POINT) < 0.1:  # body text
                starts.setdefault(round(float(m.group(1)), 1), []).append(float(m.group(2)))
        for ys in starts.values():
            ys.sort()
            gaps.update(round(b - a, 1) for a, b in itertools.pairwise(ys) if 10.5 < b - a < 10.5 * 1.8)
    return gaps.most_common(1)[0][0]


def test_rows_give_each_line_the_room_libreoffice_prints_it_in(printed: dict[str, Printed]) -> None:
    """Row heights are counted in lines of LINE_POINTS: a line printed taller than that (Noto Sans
    CJK, LibreOffice's usual fallback for 宋体, prints 15.2 pt apart) cuts the last line of a cell."""
    from checklist.xlsx.styles import LINE_POINTS

    for name in ("final", "template"):
        pitch = _line_pitch(printed[name].book.with_suffix(".pdf"))
        assert pitch <= LINE_POINTS, f"{name}: lines print {pitch} pt apart, rows allow {LINE_POINTS} pt a line"


@pytest.mark.parametrize("name", ["final", "template"])
def test_pages_end_only_where_the_layout_breaks_them(name: str, printed: dict[str, Printed]) -> None:
    """Our row breaks are the only ones, except inside a block taller than a page: a page that
    overflowed (LibreOffice keeps the header and footer out of the body) would add a break of
    its own, and split an item or strand a few rows."""
    import math

    from checklist.xlsx.layout import SLACK, page_height

    wb = load_workbook(printed[name].book)
    for ws in wb.worksheets:
        if ws.sheet_state != "visible" or not ws.row_breaks.brk:
            continue
        titles = ws.print_title_rows
        repeated = 0.0
        if titles:
            first, last = (int(x.strip("$")) for x in str(titles).split(":"))
            repeated = sum(ws.row_dimensions[r].height or 15 for r in range(first, last + 1))
        room = page_height(landscape=ws.page_setup.orientation == "landscape") * SLACK - repeated
        ends = [b.id for b in ws.row_breaks.brk] + [ws.max_row]
        runs = [sum(ws.row_dimensions[r].height or 15 for r in range(a + 1, b + 1)) for a, b in itertools.pairwise([0, *ends])]
        over = sum(math.ceil(h / room) - 1 for h in runs if h > room)  # blocks taller than a page
        pages = len(printed[name].of(ws.title))
        assert len(ends) <= pages <= len(ends) + over, f"{ws.title}: {pages} pages for {len(ends)} planned"
