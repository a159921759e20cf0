"""The building blocks every part of a rubric is made of: ids, texts, numbers that may be
parameter references (``$name``), the frozen strict base model, and the option, thing and band
entries that several rule kinds share."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_\-]*$"
PARAM_PATTERN = r"^\$[A-Za-z][A-Za-z0-9_]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
ParamRef = Annotated[str, Field(pattern=PARAM_PATTERN)]
# A number, or a parameter reference such as "$income_threshold".
Num = Decimal | ParamRef
Text = Annotated[str, Field(max_length=4000)]


class Strict(BaseModel):
    # defer_build: a rubric model's validator is built when first used, not at import: the
    # rubric's one build (all its parts at once) is cheaper than thirty builds, one per model,
    # and commands that never validate a rubric (``--help``, the store's) pay none of it.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)



# --- entries shared by rule kinds ----------------------------------------------------------


class Option(Strict):
    id: Id
    label: Text
    points: Num = Decimal(0)


class Thing(Strict):
    """One entry of a required list (必备事项)."""

    id: Id
    label: Text


class Band(Strict):
    """Points for a value at or above ``min`` (or at or below ``max``)."""

    min: Num | None = None
    max: Num | None = None
    points: Num

    @model_validator(mode="after")
    def _one_bound(self) -> Band:
        if (self.min is None) == (self.max is None):
            raise ValueError("分档须写 min（不低于）或 max（不高于）其中之一")
        return self
