"""Generate a large, realistic rubric (and a filled-in assessment for it) for benchmarks.

The rubric reads like the shipped ones: block-style YAML, Chinese titles, texts, guides and
evidence lists, every rule type, parameters with a region profile, tags, N/A items, a
relevant-when pair, vetoes, bonus items, levels and flags. It always validates.

    python bench/gen.py [ITEMS] > big.yaml
"""

from __future__ import annotations

import random
import sys
from typing import Any

TOPICS = [
    "最强支部创建",
    "网格党支部设置",
    "新领域党组织组建",
    "党支部活力提升",
    "党员先锋站建设",
    "常态化党群活动",
    "书记领雁工程",
    "村干部跟班实训",
    "党员进党校培训",
    "青年农民发展党员",
    "先锋指数考评",
    "十条红线管理",
    "党员志愿服务",
    "乡贤回归与人才库",
    "产业发展规划",
    "党群创业扶助",
    "网格化管理组团式服务",
    "党员联户",
    "三网合一",
    "三治融合",
    "平安书记",
    "村规民约",
    "移风易俗",
    "人居环境整治",
    "一窗受理全程代办",
    "走村不漏户",
    "纳凉会板凳会",
    "双整基础指标",
    "千企结千村",
    "低收入家庭帮扶",
]
EVIDENCE = [
    "工作方案及部署文件",
    "会议记录及签到表",
    "活动照片及影像资料",
    "工作台账",
    "乡镇（街道）党（工）委出具的情况说明",
    "考核结果通报",
    "公开公示照片",
    "人员名单及分工",
    "经费使用凭证",
    "总结报告",
]
SECTION_TITLES = ["组织体系", "骨干队伍", "党员队伍", "发展引领", "治理服务", "基础保障", "乡村振兴", "群众工作"]
TAGS = ["党建强", "乡村美", "产业兴", "治理好", "群众富", "组织振兴", "人才振兴", "产业振兴", "文化振兴", "生态振兴"]
KINDS = ["yesno", "yesno", "choice", "multiple", "required_list", "count", "number", "deviation", "share", "judged"]


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _rule(kind: str, n: int, rnd: random.Random) -> tuple[list[str], str]:
    """(rule lines at item indentation + 2, a guide sentence)."""
    if kind == "yesno":
        negative = rnd.random() < 0.25
        pts = rnd.choice(["1", "2", "0.5", "3"])
        lines = ["type: yesno", f"points: {pts}"] + (["negative: true"] if negative else [])
        return lines, f"{'不存在的' if negative else '已落实的'}得{pts}分，否则不得分。"
    if kind == "choice":
        lines = ["type: choice", "options:"]
        labels = ["全面落实，成效明显", "基本落实，尚有不足", "已部署，尚未落实", "未开展"]
        for i, (label, pts) in enumerate(zip(labels, ["3", "2", "1", "0"], strict=True)):
            lines += [f"  - id: opt{i}", f"    label: {label}", f"    points: {pts}"]
        return lines, "全面落实得3分；基本落实得2分；已部署得1分；未开展不得分。"
    if kind == "multiple":
        lines = ["type: multiple", "cap: 3", "options:"]
        for i in range(4):
            lines += [f"  - id: m{i}", f"    label: 具备第{i + 1}项工作要素（制度、载体、队伍、成效）", "    points: 1"]
        return lines, "以下4项每具备一项得1分，最高得3分。"
    if kind == "required_list":
        count = rnd.randint(3, 6)
        lines = ["type: required_list", "points: 2", "deduct: 0.5", "things:"]
        for i in range(count):
            lines += [f"  - id: t{i}", f"    label: 按要求完成第{i + 1}项规定动作并留存记录"]
        return lines, f"满分2分。以下{count}项每缺一项扣0.5分，扣完为止。"
    if kind == "count":
        if rnd.random() < 0.7:
            lines = ["type: count", "mode: deduct", "per: 0.5", "points: 2", "unit: 次"]
            return lines, "满分2分。每发现一次扣0.5分，扣完为止。"
        lines = ["type: count", "mode: add", "per: 1", "cap: 3", "unit: 项"]
        return lines, "每项加1分，最高加3分。"
    if kind == "number":
        if rnd.random() < 0.5:
            lines = [
                "type: number",
                "unit: 万元",
                "min: 0",
                "bands:",
                "  - min: $income_threshold",
                "    points: 6",
                "  - min: $income_base",
                "    points: 3",
                "growth:",
                "  rate: $income_growth_rate",
                "  points: 6",
            ]
            return (
                lines,
                "达到{income_threshold}的得6分；达到{income_base}的得3分；比上年增长{income_growth_rate}以上的得6分。",
            )
        lines = ["type: number", "unit: 平方米", "min: 0", "bands:", "  - min: $venue_area_full", "    points: 5"]
        lines += ["  - min: $venue_area_min", "    points: 2"]
        return lines, "面积达到{venue_area_full}的得5分；达到{venue_area_min}的得2分。"
    if kind == "deviation":
        lines = ["type: deviation", "unit: 岁", "points: 3", "baseline: $age_baseline", "per: 1", "cap: 3"]
        lines += ["partial: floor", "min: 18", "max: 100"]
        return lines, "平均年龄每超过{age_baseline}1岁扣1分，扣完为止。"
    if kind == "share":
        if rnd.random() < 0.5:
            lines = ["type: share", "part_label: 35岁以下党员人数", "whole_label: 党员总数", "bands:"]
            lines += ["  - min: 20", "    points: 3", "  - min: 10", "    points: 1"]
            return lines, "占比达到20%的得3分；达到10%的得1分。"
        lines = ["type: share", "part_label: 专科以下学历村干部人数", "whole_label: 村干部总数", "bands:"]
        lines += ["  - max: $low_edu_share_max", "    points: 2", "  - max: 50", "    points: 1"]
        return lines, "占比不超过{low_edu_share_max}的得2分；不超过50%的得1分。"
    lines = ["type: judged", "min: 1", "max: 5"]
    return lines, "在1至5分之间评定，并须在备注中写明评定理由。"


def rubric_yaml(items: int = 1000, sections: int = 20, seed: int = 1) -> str:
    rnd = random.Random(seed)
    out = [
        "# yaml-language-server: $schema=rubric.schema.json",
        "# 生成的基准测试细则：结构与内置细则相同，指标数量放大。",
        "",
        "id: bench-big",
        "title: 基准测试用大型评分细则",
        'version: "2026.1"',
        "description: >-",
        "  供性能基准测试使用。按组织体系、骨干队伍、党员队伍、发展引领、治理服务、基础保障等维度设置指标，",
        "  另设加分项和一票否决事项。",
        "na_policy: rescale",
        "bonus_cap: 5",
        "rectify_percent: $rectify_percent",
        "",
        "parameters:",
    ]
    params = {
        "income_threshold": ("村集体经济年经常性收入达标线", "万元", "20"),
        "income_base": ("村集体经济年经常性收入基本线", "万元", "10"),
        "income_growth_rate": ("村集体经济年经常性收入增幅要求", '"%"', "10"),
        "venue_area_full": ("村级组织活动场所面积标准", "平方米", "200"),
        "venue_area_min": ("村级组织活动场所面积基本要求", "平方米", "100"),
        "age_baseline": ("党员平均年龄基准", "岁", "55"),
        "low_edu_share_max": ("村干部专科以下学历占比控制线", '"%"', "30"),
        "rectify_percent": ("每年倒排整转比例", '"%"', "5"),
    }
    for name, (label, unit, default) in params.items():
        out += [f"  {name}:", f"    label: {label}", f"    unit: {unit}", f"    default: {default}"]
    out += [
        "",
        "profiles:",
        "  accelerated:",
        "    label: 加快发展县",
        "    parameters:",
        "      income_threshold: 10",
        "      income_base: 5",
        "",
        "tag_groups:",
        "  - id: five_goals",
        "    label: 五个目标",
        "    tags: [党建强, 乡村美, 产业兴, 治理好, 群众富]",
        "  - id: five_revitalizations",
        "    label: 五个振兴",
        "    tags: [组织振兴, 人才振兴, 产业振兴, 文化振兴, 生态振兴]",
        "",
        "sections:",
    ]
    per_section = items // sections
    n = 0
    for s in range(sections):
        title = f"{SECTION_TITLES[s % len(SECTION_TITLES)]}（{s + 1}）"
        out += [f"  # {'-' * 60} {title}", f"  - id: sec{s:02d}", f"    title: {title}"]
        if s % 5 == 4:
            out.append("    na_policy: zero")
        out.append("    items:")
        count = per_section if s < sections - 1 else items - n
        for k in range(count):
            last = s == sections - 1
            kind = "count" if last and k % 4 == 0 else KINDS[(n * 7 + s) % len(KINDS)]
            topic = TOPICS[n % len(TOPICS)]
            lines, guide = _rule(kind, n, rnd)
            if kind == "count" and last and k % 4 == 0:
                lines, guide = ["type: count", "mode: add", "per: 1", "cap: 2", "unit: 项"], "每项加1分，最高加2分。"
            ind = "        "
            out += [
                f"      - id: item{n:04d}",
                f"{ind}title: {topic}（第{n + 1}项）",
                f"{ind}text: 村党组织是否按要求推进“{topic}”工作，相关制度是否健全、措施是否落实到位、成效是否明显（{n + 1}）。",
                f"{ind}guide: {_q(guide)}",
                f"{ind}evidence:",
            ]
            out += [f"{ind}  - {e}" for e in rnd.sample(EVIDENCE, 3)]
            if last and k % 4 == 0:
                out.append(f"{ind}bonus: true")
            elif k % 9 == 3:
                out.append(f"{ind}allow_na: true")
            if k % 25 == 2:  # applies only once the item before it is answered
                out += [f"{ind}relevant_when:", f"{ind}  item: item{n - 1:04d}", f"{ind}  answered: true"]
            out.append(f"{ind}rule:")
            out += [f"{ind}  {line}" for line in lines]
            if kind == "yesno" and "negative: true" in lines and n % 10 == 0:
                out += [f"{ind}veto:", f"{ind}  when:", f"{ind}    item: item{n:04d}", f"{ind}    equals: true"]
                if n % 20 == 0:
                    out.append(f"{ind}  cap: three")
            tags = rnd.sample(TAGS, 2)
            out.append(f"{ind}tags: [{', '.join(tags)}]")
            out.append("")
            n += 1
    out += [
        "levels:",
        "  - id: five",
        "    label: 五星",
        "    stars: 5",
        "    min: 90",
        "    no_veto: true",
        "    no_flag: true",
        "  - id: four",
        "    label: 四星",
        "    stars: 4",
        "    min: 80",
        "    no_veto: true",
        "  - id: three",
        "    label: 三星",
        "    stars: 3",
        "    min: 70",
        "  - id: two",
        "    label: 二星",
        "    stars: 2",
        "    min: 60",
        "",
        "flags:",
        "  - id: lagging",
        "    label: 后进",
        "    cap: two",
        "    when:",
        "      not:",
        "        section: sec00",
        "        percent_at_least: 60",
        "",
        "quotas:",
        "  - level: five",
        "    at_most_percent: 10",
    ]
    return "\n".join(out) + "\n"


def assessment_data(rubric: Any, seed: int = 2, answered: float = 0.95) -> dict[str, Any]:
    """A filled-in assessment (JSON shape) for a loaded rubric: mostly valid answers of every
    kind, a few N/A and a few left blank."""
    from checklist.rubric.model import Choice, Count, Deviation, Judged, Multiple, Number, RequiredList, Share, YesNo

    rnd = random.Random(seed)
    answers: dict[str, Any] = {}
    for item in rubric.items():
        if rnd.random() > answered:
            continue
        if item.allow_na and rnd.random() < 0.3:
            answers[item.id] = {"value": None, "na": True}
            continue
        rule = item.rule
        note = ""
        value: Any
        match rule:
            case YesNo():
                value = rnd.random() < 0.8
            case Choice():
                value = rnd.choice(rule.options).id
            case Multiple():
                value = [o.id for o in rule.options if rnd.random() < 0.6]
            case RequiredList():
                value = [t.id for t in rule.things if rnd.random() < 0.8]
            case Count():
                value = rnd.randint(0, 5)
            case Number():
                current = rnd.randint(0, 300)
                value = {"current": current, "previous": rnd.randint(1, 300)} if rule.growth else current
            case Deviation():
                value = rnd.randint(40, 65)
            case Share():
                whole = rnd.randint(10, 120)
                value = {"part": rnd.randint(0, whole), "whole": whole}
            case Judged():
                value, note = rnd.randint(1, 5), "按实际成效评定"
        answers[item.id] = {"value": value, "na": False, "note": note}
    return {
        "rubric": {"id": rubric.id, "version": rubric.version},
        "village": "基准村",
        "year": 2026,
        "answers": answers,
    }


if __name__ == "__main__":
    sys.stdout.write(rubric_yaml(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
