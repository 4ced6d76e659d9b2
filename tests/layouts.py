"""Render a report's statistics tables in the text layouts real copies use (for tests).

``render(facts, layout)`` prints 表二/表三/表四 of the 2019 or 2021 format with the
official labels (国办公开办函〔2019〕60号 / 〔2021〕30号) and the given values, as
tab-separated rows, Markdown, ``cell |`` lines, runs of spaces, or one cell per line.
"""

from __future__ import annotations

from parsers.tables import APPLY_COLUMNS as APPLY_COLS
from parsers.tables import REVIEW_KEYS as REVIEW  # 表四's 15 cells in printed order

APPLY_ROWS = [
    ("new", "一、本年新收政府信息公开申请数量"), ("carried_over", "二、上年结转政府信息公开申请数量"),
    ("granted", "三、本年度办理结果 (一)予以公开"), ("partly_granted", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)"),
    ("refused.state_secret", "(三)不予公开 1.属于国家秘密"), ("refused.prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("refused.security_stability", "3.危及“三安全一稳定”"), ("refused.third_party", "4.保护第三方合法权益"),
    ("refused.internal_affairs", "5.属于三类内部事务信息"), ("refused.process_info", "6.属于四类过程性信息"),
    ("refused.enforcement_file", "7.属于行政执法案卷"), ("refused.admin_query", "8.属于行政查询事项"),
    ("unavailable.not_held", "(四)无法提供 1.本机关不掌握相关政府信息"), ("unavailable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unavailable.unclear", "3.补正后申请内容仍不明确"), ("not_processed.petition", "(五)不予处理 1.信访举报投诉类申请"),
    ("not_processed.duplicate", "2.重复申请"), ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.mass_repeated", "4.无正当理由大量反复申请"),
    ("not_processed.confirm_reissue", "5.要求行政机关确认或重新出具已获取信息"),
    ("other", "(六)其他处理"), ("total", "(七)总计"), ("carried_forward", "四、结转下年度继续办理"),
]  # fmt: skip
ACTIVE_2019 = [
    ("第二十条第(一)项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["made", "published", "total_published"],
     [("regulation", "规章"), ("normative_document", "规范性文件")]),
    ("第二十条第(五)项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["prev_count", "change", "decisions"],
     [("licensing", "行政许可"), ("other_admin_service", "其他对外管理服务事项")]),
    ("第二十条第(六)项", ["上一年项目数量", "本年增/减", "处理决定数量"], ["prev_count", "change", "decisions"],
     [("penalty", "行政处罚"), ("coercion", "行政强制")]),
    ("第二十条第(八)项", ["上一年项目数量", "本年增/减"], ["prev_count", "change"], [("fees", "行政事业性收费")]),
    ("第二十条第(九)项", ["采购项目数量", "采购总金额"], ["projects", "amount"], [("procurement", "政府集中采购")]),
]  # fmt: skip
ACTIVE_2021 = [
    ("第二十条第(一)项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["issued", "repealed", "in_force"],
     [("regulation", "规章"), ("normative_document", "行政规范性文件")]),
    ("第二十条第(五)项", ["本年处理决定数量"], ["decisions"], [("licensing", "行政许可")]),
    ("第二十条第(六)项", ["本年处理决定数量"], ["decisions"], [("penalty", "行政处罚"), ("coercion", "行政强制")]),
    ("第二十条第(八)项", ["本年收费金额(单位:万元)"], ["amount"], [("fees", "行政事业性收费")]),
]  # fmt: skip
OTHER_2021 = [
    ("other.no_correction", "(六)其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"),
]


def _cell(value) -> str:
    return "" if value is None else str(value)


def table_rows(facts: dict, fmt: str = "2019") -> list[list[str]]:
    """All rows of 表二, 表三 and 表四 as lists of cell texts, in the 2019 or the 2021 format.

    ``table_rows({"review.total": 2}, "2019")[-1]`` → ``["", "", "", "", "2", "", …]`` (表四's 15 cells).
    """
    rows: list[list[str]] = []
    for block, headers, cols, items in ACTIVE_2019 if fmt == "2019" else ACTIVE_2021:
        rows.append([block])
        rows.append(["信息内容", *headers])
        for key, label in items:
            rows.append([label, *(_cell(facts.get(f"active.{key}.{c}")) for c in cols)])
    rows.append(["(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)", "申请人情况"])
    rows.append(["自然人", "法人或其他组织", "总计"])
    rows.append(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
    apply_rows = APPLY_ROWS
    if fmt == "2021":
        at = [k for k, _ in APPLY_ROWS].index("other")
        apply_rows = APPLY_ROWS[:at] + OTHER_2021 + APPLY_ROWS[at + 1 :]
    for key, label in apply_rows:
        rows.append([*label.split(" "), *(_cell(facts.get(f"apply.{key}.{c}")) for c in APPLY_COLS)])
    rows.append(["行政复议", "行政诉讼"])
    rows.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"])
    rows.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    rows.append([_cell(facts.get(k)) for k in REVIEW])
    return rows


def render(
    facts: dict, layout: str, title: str = "某某局2019年政府信息公开工作年度报告", fmt: str = "2019"
) -> str:
    """The tables of ``facts`` in one text layout: tsv, md, pipe, pipe_rows, spaces or lines."""
    rows = table_rows(facts, fmt)
    if layout == "tsv":
        body = "\n".join("\t".join(r) for r in rows)
    elif layout == "md":
        width = max(len(r) for r in rows)
        lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in rows]
        body = "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])
    elif layout == "pipe":  # one `cell |` per line, `|` for an empty cell
        body = "\n".join(f"{c} |" if c else "|" for r in rows for c in r)
    elif layout == "pipe_rows":
        body = "\n".join(" | ".join(r) + " |" for r in rows)
    elif layout == "spaces":
        body = "\n".join("    ".join(c or "-" for c in r) for r in rows)
    elif layout == "lines":  # one cell per line, empty cells vanished
        body = "\n\n".join(c for r in rows for c in r if c)
    else:
        raise ValueError(layout)
    return f"{title}\n二、主动公开政府信息情况\n{body}\n五、存在的主要问题及改进情况\n无\n"
