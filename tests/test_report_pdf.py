"""LibreOffice prints each example workbook to PDF: the village, total and level are there,
and every page of the detail sheet carries all its columns (fit to width: none cut off).

Skipped when ``soffice`` or ``pdftotext`` is missing; CI installs libreoffice-calc,
poppler-utils and a CJK font (fonts-wqy-zenhei).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from report_helpers import EXAMPLES, export, load_example

from checklist.numbers import fmt
from checklist.report.sheets import detail, gaps

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = [
    pytest.mark.skipif(not (SOFFICE and PDFTOTEXT), reason="LibreOffice (soffice) or pdftotext not installed"),
    pytest.mark.skipif(not EXAMPLES, reason="no examples/*.json yet"),
]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list[str]]:
    folder = tmp_path_factory.mktemp("pdf")
    books = [export(e, folder) for e in EXAMPLES]
    profile = (folder / "lo-profile").as_uri()
    run = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(folder)]
        + [str(b) for b in books],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    out = {}
    for example, book in zip(EXAMPLES, books, strict=True):
        pdf = book.with_suffix(".pdf")
        assert pdf.exists(), run.stdout + run.stderr
        text = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        out[example] = text.split("\f")
    return out


def _squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_pdf_shows_village_total_and_level(example: Path, pdfs: dict[Path, list[str]]) -> None:
    _, assessment, result = load_example(example)
    first = _squash(pdfs[example][0])
    assert assessment.village in first
    assert assessment.township in first
    assert fmt(result.total) in first
    assert result.level.label in first
    assert "第1页" in first


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_no_column_is_cut_off(example: Path, pdfs: dict[Path, list[str]]) -> None:
    pages = [_squash(p) for p in pdfs[example] if p.strip()]
    detail_pages = [p for p in pages if "评分明细" in p and "序号" in p]
    assert detail_pages, "no detail page printed"
    for page in detail_pages:  # header rows repeat, and every column is on the same page
        for head in detail.HEADERS:
            assert head in page
    gap_pages = [p for p in pages if "扣分清单" in p and "失分" in p]
    for page in gap_pages:
        assert gaps.HEADERS[-1].split("（")[0] in page
    # the last item of the detail sheet and its explanation made it onto paper
    _, _, result = load_example(example)
    last = result.items[-1]
    assert _squash(last.title) in "".join(detail_pages)
