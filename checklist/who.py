"""Who and when an assessment is for (村名、乡镇、填报人、年度): one check for the TUI's new
assessment dialog, ``load`` and ``import``, so a file cannot hold what the form refuses."""

from __future__ import annotations

import unicodedata

from checklist.numbers import NotANumber, parse_number

MAX_NAME = 40


def check_name(value: str, what: str) -> tuple[str, str]:
    """(the name with runs of spaces made one, "") or (…, the Chinese reason it is refused)."""
    text = " ".join(value.split())
    if not text:
        return text, f"请填写{what}"
    if any(unicodedata.category(ch).startswith("C") for ch in text):
        return text, f"{what}含有不可见的控制字符，请重新输入"
    if len(text) > MAX_NAME:
        return text, f"{what}太长（不超过 {MAX_NAME} 个字）"
    return text, ""


def check_year(value: str) -> tuple[int | None, str]:
    try:
        n = parse_number(value, "年度")
    except NotANumber as exc:
        return None, str(exc)
    if n != n.to_integral_value() or not 2000 <= n <= 2100:
        return None, "年度应为四位数年份，如 2026"
    return int(n), ""


def who_problems(village: str, township: str, year: int | None, assessor: str) -> list[str]:
    """Every reason the names and year of an assessment file are refused (empty: fine). A file
    may leave the year and the assessor out (older exports did); what it gives is checked."""
    checks = [check_name(village, "村名"), check_name(township, "乡镇（街道）")]
    if assessor.strip():
        checks.append(check_name(assessor, "填报人"))
    problems = [error for _, error in checks if error]
    if year is not None:
        problems += [error for error in (check_year(str(year))[1],) if error]
    return problems
