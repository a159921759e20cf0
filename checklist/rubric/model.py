"""The rubric (评分细则) as pydantic models.

Everything a rubric says is data: rules are tagged by ``type``, conditions are structured
mappings, and every number may be a parameter reference written ``$name``. Nothing here is
evaluated as code. Messages raised from validators are Chinese: they reach the organiser.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

ID_PATTERN = r"^[A-Za-z][A-Za-z0-9_\-]*$"
PARAM_PATTERN = r"^\$[A-Za-z][A-Za-z0-9_]*$"

Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=64)]
ParamRef = Annotated[str, Field(pattern=PARAM_PATTERN)]
# A number, or a parameter reference such as "$income_threshold".
Num = Decimal | ParamRef
Text = Annotated[str, Field(max_length=4000)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


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


class YesNo(Strict):
    """是/否: ``points`` for yes, or for no when ``negative`` (a thing that should not happen)."""

    type: Literal["yesno"]
    points: Num
    negative: StrictBool = False


class Choice(Strict):
    type: Literal["choice"]
    options: list[Option] = Field(min_length=2)


class Multiple(Strict):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=1)
    cap: Num | None = None


class RequiredList(Strict):
    """缺一项扣 ``deduct`` 分, from ``points``, never below zero."""

    type: Literal["required_list"]
    points: Num
    deduct: Num
    things: list[Thing] = Field(min_length=1)


class Count(Strict):
    """Events × ``per``: a deduction from ``points`` (扣完为止) or a bonus up to ``cap``."""

    type: Literal["count"]
    mode: Literal["deduct", "add"]
    per: Num
    points: Num | None = None
    cap: Num | None = None
    unit: Text = "次"

    @model_validator(mode="after")
    def _needs_base(self) -> Count:
        if self.mode == "deduct" and self.points is None:
            raise ValueError("扣分计次须写 points（本项满分，扣完为止）")
        if self.mode == "add" and self.cap is None:
            raise ValueError("加分计次须写 cap（最高加分）")
        return self

    def verb(self, bonus: bool) -> str:
        """每次扣 / 每次加 (a bonus item) / 每次得 (points within the base total)."""
        return "扣" if self.mode == "deduct" else ("加" if bonus else "得")


class Growth(Strict):
    """Either/or: full ``points`` also when the value grew by ``rate`` percent over last year,
    counted only from ``min`` up (growth from almost nothing, 1.0 → 1.1万元, earns nothing)."""

    rate: Num
    points: Num
    min: Num | None = None


class Number(Strict):
    """A measured value (amount, area, …) scored by bands; thresholds may be parameters."""

    type: Literal["number"]
    unit: Text = ""
    min: Num | None = None
    max: Num | None = None
    bands: list[Band] = Field(min_length=1)
    otherwise: Num = Decimal(0)
    growth: Growth | None = None


class PerUnit(Strict):
    """每差 ``step`` 扣 ``per`` 分 from ``points``, deduction capped: the one per-unit deduction,
    on a measured value (``deviation``) or on a share's percent (``share.deviation``)."""

    points: Num
    baseline: Num
    direction: Literal["above", "below"] = "above"
    step: Num = Decimal(1)
    per: Num
    cap: Num | None = None
    partial: Literal["floor", "ceil", "exact"] = "floor"


class Deviation(PerUnit):
    """每超过 ``baseline`` ``step`` 个单位扣 ``per`` 分 (平均年龄每超过1岁扣3分)."""

    type: Literal["deviation"]
    unit: Text = ""
    min: Num | None = None
    max: Num | None = None


class ShareDeviation(PerUnit):
    """占比每低于 ``baseline`` ``step`` 个百分点扣 ``per`` 分 (by default below: a share too low)."""

    direction: Literal["above", "below"] = "below"


class Share(Strict):
    """A percentage computed from two answered counts (part / whole), scored by bands, or by
    a per-point deduction from a baseline (高中以上占比低于55%的，每降低一个百分点扣1分)."""

    type: Literal["share"]
    part_label: Text
    whole_label: Text
    unit: Text = "人"
    bands: list[Band] = []
    otherwise: Num = Decimal(0)
    deviation: ShareDeviation | None = None

    @model_validator(mode="after")
    def _bands_or_deviation(self) -> Share:
        if bool(self.bands) == (self.deviation is not None):
            raise ValueError("占比须写 bands（分档）或 deviation（每差一个百分点扣分）其中之一")
        return self


class Judged(Strict):
    """A score judged within [min, max] (5–10分), with a required justification note."""

    type: Literal["judged"]
    min: Num = Decimal(0)
    max: Num


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


Condition.model_rebuild()
