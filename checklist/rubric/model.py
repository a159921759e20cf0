"""The rubric (评分细则) as pydantic models.

Everything a rubric says is data: rules are tagged by ``type``, conditions are structured
mappings, and every number may be a parameter reference written ``$name``. Nothing here is
evaluated as code. Messages raised from validators are Chinese: they reach the organiser.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StrictBool, model_validator

from checklist.rubric.fields import ID_PATTERN, PARAM_PATTERN, Band, Id, Num, Option, ParamRef, Strict, Text, Thing
from checklist.rubric.kinds.choice import Choice
from checklist.rubric.kinds.count import Count
from checklist.rubric.kinds.deviation import Deviation
from checklist.rubric.kinds.judged import Judged
from checklist.rubric.kinds.multiple import Multiple
from checklist.rubric.kinds.number import Growth, Number
from checklist.rubric.kinds.perunit import PerUnit
from checklist.rubric.kinds.required_list import RequiredList
from checklist.rubric.kinds.share import Share, ShareDeviation
from checklist.rubric.kinds.yesno import YesNo

# The models live with their kinds (checklist/rubric/kinds/); named here too, where the rest of
# the rubric is, for the many readers that import them from the model.
__all__ = [
    "ID_PATTERN",
    "PARAM_PATTERN",
    "Band",
    "Choice",
    "Count",
    "Deviation",
    "Growth",
    "Id",
    "Judged",
    "Multiple",
    "Num",
    "Number",
    "Option",
    "ParamRef",
    "PerUnit",
    "RequiredList",
    "Share",
    "ShareDeviation",
    "Strict",
    "Text",
    "Thing",
    "YesNo",
]


# --- conditions -----------------------------------------------------------------------------

CONDITION_TESTS = (
    "equals",
    "in_",
    "at_least",
    "at_most",
    "answered",
    "full",
    "contains",
    "percent_at_least",
    "all_",
    "any_",
    "not_",
)


class Condition(Strict):
    """One structured test. Leaves name a subject (item or section) and one test."""

    item: Id | None = None
    section: Id | None = None
    # A result of the scoring, not an answer: 总分, 得0分的指标数, 评定的星数 (0 = 未定星);
    # read after scoring, so only where nothing it depends on depends on it (see checks).
    result: Literal["total", "zero_items", "stars"] | None = None
    equals: StrictBool | Id | None = None
    in_: list[Id] | None = Field(default=None, alias="in")
    at_least: Num | None = None
    at_most: Num | None = None
    answered: StrictBool | None = None
    full: StrictBool | None = None
    contains: Id | None = None
    percent_at_least: Num | None = None
    all_: list[Condition] | None = Field(default=None, alias="all", min_length=1)
    any_: list[Condition] | None = Field(default=None, alias="any", min_length=1)
    not_: Condition | None = Field(default=None, alias="not")

    @model_validator(mode="after")
    def _one_test(self) -> Condition:
        tests = [t for t in CONDITION_TESTS if getattr(self, t) is not None]
        combinators = {"all_", "any_", "not_"} & set(tests)
        if combinators:
            if len(tests) != 1 or self.item or self.section or self.result:
                raise ValueError("all/any/not 须单独使用，不能与其他条件写在同一层")
            return self
        if len(tests) != 1:
            shown = "、".join(t.rstrip("_") for t in tests) or "无"
            raise ValueError(f"条件须恰好包含一项判断（equals、in、at_least 等），现为：{shown}")
        if self.result is not None:
            if self.item or self.section or tests[0] not in ("at_least", "at_most"):
                raise ValueError("result（得分结果）只能单独配合 at_least 或 at_most 使用")
            return self
        if tests == ["percent_at_least"]:
            if not self.section:
                raise ValueError("percent_at_least 须配合 section 使用")
        elif self.section:
            raise ValueError("section 只能配合 percent_at_least 使用")
        return self


# --- scoring rules --------------------------------------------------------------------------


Rule = Annotated[
    YesNo | Choice | Multiple | RequiredList | Count | Number | Deviation | Share | Judged,
    Field(discriminator="type"),
]


# --- items, sections, levels ----------------------------------------------------------------


class Veto(Strict):
    """一票否决: when ``when`` holds, the level is capped at ``cap`` (or cancelled if absent)."""

    when: Condition
    cap: Id | None = None
    reason: Text = ""

    @property
    def kind(self) -> str:
        """What it does, in the words shown: a cap only limits the level, it vetoes nothing."""
        return "星级封顶" if self.cap is not None else "一票否决"


class Take(Strict):
    """The answer taken from another rubric's result (the star rubric's 双整 item counts the
    items of the 双整 rubric's own self-assessment that did not earn full marks)."""

    rubric: Id
    count: Literal["not_full"] = "not_full"


class Item(Strict):
    id: Id
    title: Text
    text: Text = ""
    guide: Text = ""
    evidence: list[Text] = []
    rule: Rule
    tags: list[Text] = []
    bonus: StrictBool = False
    allow_na: StrictBool = False
    relevant_when: Condition | None = None
    veto: Veto | None = None
    take: Take | None = None


class Section(Strict):
    id: Id
    title: Text
    cap: Num | None = None
    # 积分制: the section's lost points (满分 − 得分 of each answered item) come off the total;
    # ``cap`` then limits what the section can take off (本板块最多扣 cap 分).
    deduction: StrictBool = False
    na_policy: Literal["rescale", "zero"] | None = None
    items: list[Item]


class Level(Strict):
    id: Id
    label: Text
    stars: int = Field(ge=0, le=10)
    min: Num
    no_veto: StrictBool = False
    no_flag: StrictBool = False
    requires: list[Condition] = []


class Flag(Strict):
    """A direct finding (认定) such as 软弱涣散, triggered when ``when`` holds."""

    id: Id
    label: Text
    when: Condition
    cap: Id | None = None
    cancels_level: StrictBool = False


class Parameter(Strict):
    label: Text
    unit: Text = ""
    default: Decimal


class Term(Strict):
    """A wording each county sets (四议两公开, or 五议两公开 in parts of Zhejiang), written
    ``{name}`` in texts and guides like a parameter, but never a number."""

    label: Text
    default: Annotated[str, Field(min_length=1, max_length=200)]


class Profile(Strict):
    label: Text
    parameters: dict[str, Decimal] = {}
    terms: dict[str, Annotated[str, Field(min_length=1, max_length=200)]] = {}


class TagGroup(Strict):
    id: Id
    label: Text
    tags: list[Text] = Field(min_length=1)


class Part(Strict):
    """A weighted part of the total (自评 70% + 群众满意度测评 30%): its sections' points over
    their full marks, times ``weight`` points."""

    id: Id
    label: Text
    weight: Num
    sections: list[Id] = Field(min_length=1)


class Quota(Strict):
    """Share of villages (percent) that may hold a level in a roll-up."""

    level: Id
    at_most_percent: Num


class Rubric(Strict):
    id: Id
    title: Text
    version: Annotated[str, Field(min_length=1, max_length=32)]
    description: Text = ""
    na_policy: Literal["rescale", "zero"] = "rescale"
    bonus_cap: Num | None = None
    parts: list[Part] = []
    total_floor: Num = Decimal(0)
    parameters: dict[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")], Parameter] = {}
    terms: dict[Annotated[str, Field(pattern=r"^[A-Za-z][A-Za-z0-9_]*$")], Term] = {}
    profiles: dict[Id, Profile] = {}
    tag_groups: list[TagGroup] = []
    sections: list[Section] = Field(min_length=1)
    levels: list[Level] = []
    unrated_label: Text = "未定星"
    flags: list[Flag] = []
    quotas: list[Quota] = []
    rectify_percent: Num | None = None

    # --- convenience lookups (built lazily; the model is frozen) -----------------------------

    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]

    def item_index(self) -> dict[str, tuple[Section, Item]]:
        cached: dict[str, tuple[Section, Item]] | None = self.__dict__.get("_item_index")
        if cached is None:
            cached = {item.id: (s, item) for s in self.sections for item in s.items}
            self.__dict__["_item_index"] = cached
        return cached
