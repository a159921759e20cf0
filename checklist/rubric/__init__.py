"""The rubric (评分细则): model, strict located loading, checks, schema, shipped files."""

from checklist.rubric.load import Loaded, RubricError, check_bytes, load_rubric
from checklist.rubric.model import Condition, Item, Rubric, Section
from checklist.rubric.params import Params, UnknownProfile
from checklist.rubric.yamlread import Problem

__all__ = [
    "Condition",
    "Item",
    "Loaded",
    "Params",
    "Problem",
    "Rubric",
    "RubricError",
    "Section",
    "UnknownProfile",
    "check_bytes",
    "load_rubric",
]
