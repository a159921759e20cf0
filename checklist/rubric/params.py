"""Parameter values (the article's "xx") for one region profile, and text rendering."""

from __future__ import annotations

import re
from decimal import Decimal

from checklist.errors import UserError
from checklist.numbers import fmt
from checklist.rubric.model import Rubric

PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_]*)\}")


class UnknownProfile(UserError, ValueError):
    def __init__(self, rubric: Rubric, name: str) -> None:
        known = "、".join(f"{k}（{p.label}）" for k, p in rubric.profiles.items()) or "（本细则未设地区档位）"
        super().__init__(f"地区档位“{name}”不存在，可用：{known}")


class Params:
    """Resolves ``$name`` references to the values in force for one profile."""

    def __init__(self, rubric: Rubric, profile: str | None = None) -> None:
        if profile is not None and profile not in rubric.profiles:
            raise UnknownProfile(rubric, profile)
        self.rubric = rubric
        self.profile = profile
        self.values = {name: p.default for name, p in rubric.parameters.items()}
        self.terms = {name: t.default for name, t in rubric.terms.items()}
        if profile is not None:
            self.values.update(rubric.profiles[profile].parameters)
            self.terms.update(rubric.profiles[profile].terms)

    def __call__(self, value: Decimal | str) -> Decimal:
        if isinstance(value, Decimal):
            return value
        return self.values[value[1:]]

    def opt(self, value: Decimal | str | None) -> Decimal | None:
        return None if value is None else self(value)

    def render(self, text: str) -> str:
        """``{income_threshold}`` → ``20万元``: the value in force, with its unit; a term
        (``{decision_procedure}`` → ``四议两公开``) as the profile in force words it."""

        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name in self.terms:
                return self.terms[name]
            if name not in self.values:
                return match.group(0)
            return fmt(self.values[name]) + self.rubric.parameters[name].unit

        return PLACEHOLDER.sub(sub, text)
