"""What every rule kind must say about itself. A kind leaving out a part cannot be built (the
methods are abstract and the registry builds every kind at import), so it fails a test, never a user."""

from __future__ import annotations

import builtins
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from pydantic import BaseModel

ZERO = Decimal(0)
HUNDRED = Decimal(100)

# The sentence that explains an item's points, built only when it is read: a screen shows a
# few at a time, while every answer is scored after every keypress.
Why = Callable[[], str]

# (path inside the rule, message): a validation finding, placed by the rubric checks.
Problem = tuple[tuple[str | int, ...], str]


class Resolve(Protocol):
    """Parameter values in force (``checklist.rubric.params.Params``)."""

    def __call__(self, value: Decimal | str) -> Decimal: ...

    def opt(self, value: Decimal | str | None) -> Decimal | None: ...


@dataclass(frozen=True)
class FormRow:
    """One row of the fill-in form (填报表) for an item."""

    item: str
    key: str  # value | part | whole | current | previous | head | opt:<id>
    prompt: str
    unit: str = ""
    kind: str = "none"  # yesno | choice | whole | decimal | tick (evidence) | none
    low: Decimal | None = None
    high: Decimal | None = None
    first: bool = False
    allow_na: bool = False
    span: int = 1  # rows of this item (on the first row)


class Cells(Protocol):
    """An item's filled-in answer cells in a returned fill-in form, keyed as its FormRows are.
    Readers add a located Chinese problem and return None for a cell that does not read."""

    keys: list[str]

    def filled(self, key: str) -> bool: ...

    def text(self, key: str) -> str: ...

    def yes_no(self, key: str) -> bool | None: ...

    def number(self, key: str, what: str) -> Any: ...

    def problem(self, key: str, message: str) -> None: ...


R = TypeVar("R", bound=BaseModel)


class Kind(ABC, Generic[R]):
    """Everything about one rule kind that is not a screen."""

    type: ClassVar[str]  # the rule's ``type`` in the file
    label: ClassVar[str]  # its Chinese name (docs/glossary.md)
    model: ClassVar[builtins.type[BaseModel]]  # the pydantic model of its rule
    tests: ClassVar[frozenset[str]]  # condition tests beyond answered/full that apply to it
    needs_note: ClassVar[bool] = False  # an answer counts only with a justification (备注)
    zero_full_ok: ClassVar[bool] = False  # 0 full marks is no slip even when no condition reads it

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in ("type", "label", "model", "tests") if not hasattr(cls, name)]
        if missing:
            raise TypeError(f"rule kind {cls.__name__} lacks {', '.join(missing)}")

    # --- marks and answers ------------------------------------------------------------------

    @abstractmethod
    def full(self, rule: R, p: Resolve) -> Decimal:
        """Full marks (满分) under the parameters in force."""

    @abstractmethod
    def value_range(self, rule: R, p: Resolve) -> tuple[Decimal | None, Decimal | None]:
        """Bounds of the number a condition compares, (None, None) for a kind with no number."""

    @abstractmethod
    def check(self, rule: R, value: Any, p: Resolve) -> Any:
        """The normalised value, or BadValue saying in Chinese why not."""

    @abstractmethod
    def points(self, rule: R, value: Any, full: Decimal, p: Resolve, title: str, bonus: bool) -> tuple[Decimal, Why]:
        """(points, why) for a normalised value; ``why`` says it when called."""

    @abstractmethod
    def words(self, rule: R, value: Any) -> str:
        """A normalised value in words, for sheets and the CLI."""

    @abstractmethod
    def unit(self, rule: R) -> str:
        """The unit shown beside the answer."""

    @abstractmethod
    def hint(self, rule: R, p: Resolve, bonus: bool) -> str:
        """A line under the answer box ("" for none)."""

    # --- conditions -------------------------------------------------------------------------

    @abstractmethod
    def labels(self, rule: R) -> dict[str, str]:
        """Option or thing ids a condition may name, with their labels."""

    @abstractmethod
    def compared_unit(self, rule: R) -> str:
        """The unit of the number ``at_least``/``at_most`` compare (a share's is %)."""

    # --- the fill-in form -------------------------------------------------------------------

    @abstractmethod
    def rows(self, item_id: str, rule: R, p: Resolve) -> list[FormRow]:
        """Its rows of the fill-in form."""

    @abstractmethod
    def read(self, rule: R, cells: Cells) -> Any:
        """The answer value (JSON shape) read back from its rows, None when one did not read."""

    # --- the reviewer's one line of text ----------------------------------------------------

    @abstractmethod
    def from_text(self, rule: R, text: str) -> Any:
        """The answer value (JSON shape) for a non-empty line, before it is checked."""

    @abstractmethod
    def to_text(self, rule: R, value: Any) -> str:
        """A normalised value in the form ``from_text`` reads."""

    # --- validation -------------------------------------------------------------------------

    @abstractmethod
    def problems(self, rule: R, p: Resolve) -> list[Problem]:
        """What is wrong with the rule's numbers under the parameters in force."""
