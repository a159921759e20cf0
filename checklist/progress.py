"""How far a draft has got: one record, one way of saying it, for every screen, sheet and command.

Each item is in exactly one state. 已填 counts answers and 不适用 marks (both are the secretary's
decision); the items still needing one are those to answer, those answered wrongly (有误) and
those waiting on another answer (待定); items that do not apply (无需填写) leave the count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Literal

State = Literal["to_answer", "answered", "na", "not_relevant", "invalid", "pending"]


@dataclass(frozen=True)
class Progress:
    to_answer: int = 0  # applies, no answer yet (待填)
    answered: int = 0  # a valid answer (information questions included)
    na: int = 0  # marked 不适用
    not_relevant: int = 0  # its gate is answered and it does not apply (无需填写)
    invalid: int = 0  # an answer that cannot be counted (有误)
    pending: int = 0  # its gate is not answered yet (待定)

    @classmethod
    def of(cls, states: Iterable[State]) -> Progress:
        counts: Counter[str] = Counter(states)
        return cls(**counts)

    def __add__(self, other: Progress) -> Progress:
        return Progress(
            self.to_answer + other.to_answer,
            self.answered + other.answered,
            self.na + other.na,
            self.not_relevant + other.not_relevant,
            self.invalid + other.invalid,
            self.pending + other.pending,
        )

    @property
    def done(self) -> int:
        """已填: answered or marked 不适用."""
        return self.answered + self.na

    @property
    def needed(self) -> int:
        """应填: every item that applies or may apply."""
        return self.done + self.to_answer + self.invalid + self.pending

    @property
    def complete(self) -> bool:
        return self.done == self.needed

    @property
    def unanswered(self) -> int:
        """未填写 as the 审视 list shows it: no answer yet, or one that cannot be counted (有误)."""
        return self.to_answer + self.invalid

    @property
    def short(self) -> str:
        """“48/49”: for narrow places (the tree, the home list, table cells)."""
        return f"{self.done}/{self.needed}"

    @property
    def details(self) -> str:
        """“含不适用1项；有误1项；待定2项；无需填写1项”, only the parts that are not zero."""
        parts = [
            (f"含不适用{self.na}项", self.na),
            (f"有误{self.invalid}项", self.invalid),
            (f"待定{self.pending}项", self.pending),
            (f"无需填写{self.not_relevant}项", self.not_relevant),
        ]
        return "；".join(text for text, n in parts if n)

    @property
    def counts(self) -> str:
        """“48/49 项（含不适用1项；待定1项）”: beside a label that says 已填."""
        details = self.details
        return f"{self.short} 项" + (f"（{details}）" if details else "")

    @property
    def text(self) -> str:
        """“已填 48/49 项（含不适用1项；待定1项）”: the one sentence every place shows."""
        return f"已填 {self.counts}"

    def to_data(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
