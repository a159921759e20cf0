"""Items not relevant greyed on the blank form: an item's ``relevant_when`` written as a
spreadsheet formula on its gate's answer cells, for conditional formatting. The item greys only
once every gate it names is answered and the condition fails (an unanswered gate leaves it open,
as the scoring leaves it pending). Conditions on scores (full, a section's percent, the result)
cannot be known while the form is filled in: such items are never greyed.
"""

from __future__ import annotations

from decimal import Decimal

from checklist.fillin.layout import NO, YES, choice_labels
from checklist.numbers import fmt
from checklist.rubric.model import Choice, Condition, Multiple, Number, RequiredList, Rubric, Share, YesNo
from checklist.rubric.params import Params

Cells = dict[str, dict[str, str]]  # item id → row key → absolute answer cell ($F$12)


def _text(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def _leaf(c: Condition, rubric: Rubric, p: Params, cells: Cells) -> str | None:
    if c.item is None or c.item not in cells:
        return None
    item = rubric.item_index()[c.item][1]
    rule, mine = item.rule, cells[c.item]
    if c.answered is not None:
        given = "OR(" + ",".join(f'{ref}<>""' for ref in mine.values()) + ")"
        return given if c.answered else f"NOT({given})"
    if isinstance(rule, YesNo) and isinstance(c.equals, bool):
        return f"{mine['value']}={_text(YES if c.equals else NO)}"
    if isinstance(rule, Choice) and (c.equals is not None or c.in_ is not None):
        wanted = [c.equals] if c.equals is not None else list(c.in_ or [])
        labels = dict(zip((o.id for o in rule.options), choice_labels(rule), strict=True))
        tests = [f"{mine['value']}={_text(labels[w])}" for w in wanted if isinstance(w, str) and w in labels]
        return ("OR(" + ",".join(tests) + ")") if tests else None
    if isinstance(rule, (Multiple, RequiredList)) and c.contains is not None:
        ref = mine.get(f"opt:{c.contains}")
        return None if ref is None else f"{ref}={_text(YES)}"
    bound = c.at_least if c.at_least is not None else c.at_most
    if bound is not None and not isinstance(rule, (Share, YesNo, Choice, Multiple, RequiredList)):
        ref = mine.get("current" if isinstance(rule, Number) and rule.growth is not None else "value")
        if ref is None:
            return None
        n = fmt(Decimal(p(bound)))
        return f"AND(ISNUMBER({ref}),{ref}{'>=' if c.at_least is not None else '<='}{n})"
    return None


def _formula(c: Condition, rubric: Rubric, p: Params, cells: Cells, gates: set[str]) -> str | None:
    """The condition as a formula that is TRUE when it holds; None where no formula can say it."""
    parts = c.all_ or c.any_
    if parts:
        inner = [_formula(x, rubric, p, cells, gates) for x in parts]
        if any(x is None for x in inner):
            return None
        return ("AND(" if c.all_ else "OR(") + ",".join(x for x in inner if x) + ")"
    if c.not_ is not None:
        inner_one = _formula(c.not_, rubric, p, cells, gates)
        return None if inner_one is None else f"NOT({inner_one})"
    leaf = _leaf(c, rubric, p, cells)
    if leaf is not None and c.item is not None:
        gates.add(c.item)
    return leaf


def grey_when(c: Condition, rubric: Rubric, p: Params, cells: Cells) -> str | None:
    """TRUE once every gate is answered and the item is not relevant; None: never greyed."""
    gates: set[str] = set()
    holds = _formula(c, rubric, p, cells, gates)
    if holds is None:
        return None
    # last year's value of a growth item may stay blank: the gate is answered without it
    known = [f'{ref}<>""' for g in sorted(gates) for key, ref in cells[g].items() if key != "previous"]
    answered = "AND(" + ",".join(known) + ")" if len(known) > 1 else known[0]
    return f"AND({answered},NOT({holds}))"
