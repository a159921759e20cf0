"""Chinese descriptions for the rubric's JSON Schema: the editor shows them while the organiser
types, so they are in the organiser's words (docs/glossary.md), not the models' docstrings."""

from __future__ import annotations

from typing import Any

MODELS: dict[str, str] = {
    "Band": "分档：数值不低于 min（或不高于 max）时得 points 分",
    "Choice": "单选题：得所选选项的分",
    "Condition": "条件：对某个指标或维度的一项判断，可用 all / any / not 组合",
    "Count": "计次：每次扣 per 分、扣完为止（deduct），或每次得 per 分、最高 cap 分（add）",
    "Deviation": "超出基准扣分：每超出基准 step 扣 per 分，扣分有上限",
    "Flag": "认定（如软弱涣散、后进）：条件成立时直接认定",
    "Growth": "增幅：达标或比上年增长 rate% 以上，两者取其一即得分",
    "Item": "指标：一个评分项目",
    "Judged": "评定分：在 min～max 之间评定，须写明理由",
    "Level": "星级：总分门槛加附加条件",
    "Multiple": "多选题：所选选项分值相加，不超过 cap",
    "Number": "数值分档：按填写的数值分档给分，门槛可用参数",
    "Option": "选项",
    "Part": "总分的一个部分（如自评70%、群众满意度测评30%）：所含维度的得分率乘以权重 weight 分",
    "Take": "本项答案取自另一份细则的自评结果（如“双整”基础指标中未得满分的项数）",
    "Parameter": "参数：由各地设定的数值（原文的“xx”）",
    "Profile": "地区档位：对部分地区改用不同的参数值",
    "Quota": "名额：汇总时某一星级最多所占比例",
    "RequiredList": "必备清单：每缺一项扣 deduct 分，扣完为止",
    "Section": "维度（板块）：一组指标",
    "Share": "占比分档：由部分数和总数算出百分比，再按分档给分",
    "TagGroup": "标签组，如“五力”“五个振兴”",
    "Thing": "必备事项：必备清单中的一项",
    "Veto": "一票否决：条件成立时星级封顶（cap）或取消",
    "Term": "用语：由各地设定的文字说法，如“四议两公开”",
    "PerUnit": "每差一个单位扣分",
    "ShareDeviation": "占比每差 step 个百分点扣 per 分，扣完为止",
    "YesNo": "是否题：答“是”得 points 分；negative 为 true 时答“否”得分",
}

KEYS: dict[str, str] = {
    "all": "全部成立",
    "allow_na": "是否允许填“不适用”",
    "answered": "已填写",
    "any": "任一成立",
    "at_least": "不低于",
    "at_most": "不高于",
    "at_most_percent": "最多所占比例（%）",
    "bands": "分档，从高到低排列",
    "baseline": "基准值（可用 $参数名）",
    "bonus": "是否为加分项",
    "bonus_cap": "加分合计上限",
    "cancels_level": "认定成立时是否取消星级",
    "cap": "上限",
    "contains": "包含（勾选了某选项或事项）",
    "deduct": "每缺一项扣的分",
    "deduction": "扣分板块：为 true 时本板块各项失分从总分中扣除（积分制），cap 为本板块最多扣的分",
    "parts": "总分的组成部分及权重（如自评70%、群众满意度测评30%）；不写时总分为各维度得分之和",
    "total_floor": "总分最低为几分（扣分板块扣分后不低于此分，默认0）",
    "weight": "权重：本部分折合的分值（如70），各部分权重之和即总分满分",
    "take": "本项答案取自另一份细则的自评结果",
    "rubric": "细则编号",
    "count": "取哪一个数：not_full 未得满分的指标项数",
    "default": "默认值",
    "description": "说明",
    "direction": "方向",
    "equals": "等于（是/否，或某选项编号）",
    "evidence": "佐证材料清单",
    "flags": "认定",
    "full": "得满分",
    "growth": "增幅达标得分",
    "guide": "评分标准（写给书记看的给分、扣分办法）",
    "id": "编号（英文字母、数字、下划线）",
    "in": "属于（某几个选项之一）",
    "item": "指标编号",
    "items": "指标",
    "label": "名称",
    "level": "星级编号",
    "levels": "星级，从高到低排列",
    "max": "最大值 / 不高于",
    "min": "最小值 / 不低于",
    "mode": "计次方式：deduct 扣分，add 加分",
    "na_policy": "不适用计分办法：rescale 折算，zero 按零分计",
    "negative": "为 true 时答“否”得分（用于不应发生的事）",
    "no_flag": "不得有某项认定",
    "no_veto": "不得有一票否决",
    "not": "不成立",
    "options": "选项",
    "otherwise": "一档都不满足时的得分",
    "parameters": "参数",
    "part_label": "部分数的名称（如“35岁以下党员数”）",
    "partial": "部分得分",
    "per": "每次（每单位）的分",
    "percent_at_least": "维度得分率不低于（%）",
    "points": "分值",
    "profiles": "地区档位",
    "quotas": "名额",
    "rate": "增幅要求（%）",
    "reason": "原因",
    "rectify_percent": "倒排整转比例（%）",
    "relevant_when": "适用条件：条件成立时才需要填写本项",
    "requires": "附加条件：评此星级须同时满足",
    "rule": "计分规则",
    "section": "维度编号",
    "sections": "维度（板块）",
    "stars": "星数",
    "step": "每超出多少扣一次",
    "tag_groups": "标签组",
    "tags": "标签",
    "terms": "用语：各地设定的文字说法，文字中写 {名称} 引用",
    "result": "得分结果：total 总分、zero_items 得0分的指标数、stars 星数",
    "deviation": "每差一个百分点扣分（与 bands 二选一）",
    "text": "指标内容",
    "things": "必备事项",
    "title": "标题",
    "type": "计分规则类型",
    "unit": "单位",
    "unrated_label": "一级都达不到时的名称（如“未定星”）",
    "version": "版本",
    "veto": "一票否决",
    "when": "条件",
    "whole_label": "总数的名称（如“党员总数”）",
}


def in_chinese(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace the models' English docstrings and the generated English titles with Chinese."""
    for name, model in schema.get("$defs", {}).items():
        if name in MODELS:
            model["description"] = MODELS[name]
        model.pop("title", None)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, prop in node.get("properties", {}).items():
                if isinstance(prop, dict):
                    prop.pop("title", None)
                    if key in KEYS:
                        prop.setdefault("description", KEYS[key])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    schema["description"] = "评分细则文件：维度、指标、计分规则、参数、地区档位、星级、认定"
    return schema
