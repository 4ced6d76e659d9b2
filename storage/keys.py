"""The catalogue of fact keys (``/work/shared/spec/report-json.md``) in words a reader understands.

Every key gets the table it comes from, its label as printed in the official
template, a plain-English description and its unit. The catalogue fills the
``fact_keys`` table (so Datasette shows ``apply.new.total`` with its label)
and gives the column lists of the wide views (表三, 表四, 表二).

    >>> describe("apply.refused.state_secret.total")["label"]
    '（三）不予公开 1.属于国家秘密 · 总计'
    >>> describe("active.fees.amount")["unit"]
    '万元'
"""

from __future__ import annotations

# 表三 columns: (key, printed label, English)
APPLY_COLUMNS: list[tuple[str, str, str]] = [
    ("natural_person", "自然人", "natural persons"),
    ("commercial", "商业企业", "companies"),
    ("research", "科研机构", "research institutes"),
    ("social_org", "社会公益组织", "non-profit organisations"),
    ("legal_service", "法律服务机构", "law firms"),
    ("other_org", "其他", "other organisations"),
    ("total", "总计", "all applicants"),
]
# 表三 rows: (key, printed label, English)
APPLY_ROWS: list[tuple[str, str, str]] = [
    ("new", "一、本年新收政府信息公开申请数量", "requests newly received this year"),
    ("carried_over", "二、上年结转政府信息公开申请数量", "requests carried over from last year"),
    ("granted", "（一）予以公开", "granted"),
    ("partly_granted", "（二）部分公开", "partly granted"),
    ("refused.state_secret", "（三）不予公开 1.属于国家秘密", "refused: state secret"),
    ("refused.prohibited_by_law", "（三）不予公开 2.其他法律行政法规禁止公开", "refused: prohibited by other laws"),
    ("refused.security_stability", "（三）不予公开 3.危及“三安全一稳定”", "refused: endangers security or stability"),
    ("refused.third_party", "（三）不予公开 4.保护第三方合法权益", "refused: protects a third party's rights"),
    ("refused.internal_affairs", "（三）不予公开 5.属于三类内部事务信息", "refused: internal affairs"),
    ("refused.process_info", "（三）不予公开 6.属于四类过程性信息", "refused: information still in process"),
    ("refused.enforcement_file", "（三）不予公开 7.属于行政执法案卷", "refused: law-enforcement file"),
    ("refused.admin_query", "（三）不予公开 8.属于行政查询事项", "refused: matter for an administrative query"),
    ("unavailable.not_held", "（四）无法提供 1.本机关不掌握相关政府信息", "impossible: the body does not hold it"),
    ("unavailable.needs_creation", "（四）无法提供 2.没有现成信息需要另行制作", "impossible: would have to be created"),
    ("unavailable.unclear", "（四）无法提供 3.补正后申请内容仍不明确", "impossible: request still unclear"),
    ("not_processed.petition", "（五）不予处理 1.信访举报投诉类申请", "not processed: a petition or complaint"),
    ("not_processed.duplicate", "（五）不予处理 2.重复申请", "not processed: repeated request"),
    ("not_processed.publication", "（五）不予处理 3.要求提供公开出版物", "not processed: asks for a publication"),
    ("not_processed.mass_repeated", "（五）不予处理 4.无正当理由大量反复申请", "not processed: mass repeated requests"),
    ("not_processed.confirm_reissue", "（五）不予处理 5.要求行政机关确认或重新出具已获取信息",
     "not processed: asks to confirm or reissue information already obtained"),
    ("other", "（六）其他处理", "otherwise handled (2021: sum of the three sub-rows)"),
    ("other.no_correction", "（六）其他处理 1.申请人无正当理由逾期不补正", "otherwise handled: applicant did not complete the request"),
    ("other.no_fee", "（六）其他处理 2.申请人逾期未按收费通知要求缴纳费用", "otherwise handled: applicant did not pay the fee"),
    ("other.other", "（六）其他处理 3.其他", "otherwise handled: other"),
    ("total", "（七）总计", "all requests answered"),
    ("carried_forward", "四、结转下年度继续办理", "requests carried forward to next year"),
]  # fmt: skip
# 表四: (group key, printed label, English), then results
REVIEW_GROUPS: list[tuple[str, str, str]] = [
    ("review", "行政复议", "administrative reviews"),
    ("litigation.direct", "行政诉讼 未经复议直接起诉", "lawsuits filed directly"),
    ("litigation.after_review", "行政诉讼 复议后起诉", "lawsuits filed after a review"),
]
REVIEW_RESULTS: list[tuple[str, str, str]] = [
    ("upheld", "结果维持", "decision upheld"),
    ("corrected", "结果纠正", "decision corrected"),
    ("other", "其他结果", "other result"),
    ("pending", "尚未审结", "pending"),
    ("total", "总计", "total"),
]
# 表二 items and columns (both templates)
ACTIVE_ITEMS: list[tuple[str, str, str]] = [
    ("regulation", "规章", "regulations"),
    ("normative_document", "（行政）规范性文件", "normative documents"),
    ("licensing", "行政许可", "administrative licensing"),
    ("other_admin_service", "其他对外管理服务事项", "other external administrative services (2019)"),
    ("penalty", "行政处罚", "administrative penalties"),
    ("coercion", "行政强制", "administrative coercion"),
    ("fees", "行政事业性收费", "administrative fees"),
    ("procurement", "政府集中采购", "government procurement (2019)"),
]
# column key → (printed label, English, unit)
ACTIVE_COLUMNS: dict[str, tuple[str, str, str]] = {
    "issued": ("本年制发件数", "documents issued this year", "件"),
    "repealed": ("本年废止件数", "documents repealed this year", "件"),
    "in_force": ("现行有效件数", "documents in force", "件"),
    "made": ("本年新制作数量", "documents made this year", "件"),
    "published": ("本年新公开数量", "documents newly published this year", "件"),
    "total_published": ("对外公开总数量", "documents published in all", "件"),
    "prev_count": ("上一年项目数量", "items last year", "项"),
    "change": ("本年增/减", "change in items this year (signed)", "项"),
    "decisions": ("处理决定数量", "decisions made this year", "件"),
    "projects": ("采购项目数量", "procurement projects", "个"),
    "amount": ("金额", "amount", "万元"),
}
# which columns each item carries in either template
ACTIVE_ITEM_COLUMNS: dict[str, list[str]] = {
    "regulation": ["issued", "repealed", "in_force", "made", "published", "total_published"],
    "normative_document": ["issued", "repealed", "in_force", "made", "published", "total_published"],
    "licensing": ["prev_count", "change", "decisions"],
    "other_admin_service": ["prev_count", "change", "decisions"],
    "penalty": ["prev_count", "change", "decisions"],
    "coercion": ["prev_count", "change", "decisions"],
    "fees": ["prev_count", "change", "amount"],
    "procurement": ["projects", "amount"],
}
# comparable series: key → (column in reports and in the series view, label, English, unit)
SERIES: dict[str, tuple[str, str, str, str]] = {
    "series.requests_received": ("requests_received", "收到申请数", "disclosure requests received in the year", "件"),
    "series.requests_granted": ("requests_granted", "同意公开答复数", "requests granted in full", "件"),
    "series.reviews": ("reviews", "行政复议数", "administrative reviews of the body's disclosure decisions", "件"),
    "series.lawsuits": ("lawsuits", "行政诉讼数", "lawsuits over the body's disclosure decisions", "件"),
    "series.active_published": ("active_published", "主动公开政府信息数", "items published on the body's own initiative", "条"),
}  # fmt: skip


def apply_keys() -> list[tuple[str, str]]:
    """表三's keys and their wide-view column names: ``("apply.new.total", "new_total")`` …"""
    return [
        (f"apply.{row}.{col}", f"{row}_{col}".replace(".", "_"))
        for row, _, _ in APPLY_ROWS
        for col, _, _ in APPLY_COLUMNS
    ]


def review_keys() -> list[tuple[str, str]]:
    """表四's keys and column names: ``("litigation.direct.total", "litigation_direct_total")`` …"""
    return [
        (f"{group}.{result}", f"{group}_{result}".replace(".", "_"))
        for group, _, _ in REVIEW_GROUPS
        for result, _, _ in REVIEW_RESULTS
    ]


def active_keys() -> list[tuple[str, str]]:
    """表二's keys and column names: ``("active.regulation.issued", "regulation_issued")`` …"""
    return [
        (f"active.{item}.{col}", f"{item}_{col}")
        for item, cols in ACTIVE_ITEM_COLUMNS.items()
        for col in cols
    ]


def catalogue() -> list[dict]:
    """Every known key described: ``[{"key": "apply.new.total", "table_name": "表三", "label": …, "unit": "件"}, …]``."""
    out = []
    rows, cols = {r[0]: r for r in APPLY_ROWS}, {c[0]: c for c in APPLY_COLUMNS}
    for key, _ in apply_keys():
        row, col = key[len("apply.") :].rsplit(".", 1)
        out.append({
            "key": key, "table_name": "表三",
            "label": f"{rows[row][1]} · {cols[col][1]}",
            "description": f"Requests: {rows[row][2]} — {cols[col][2]}",
            "unit": "件",
        })  # fmt: skip
    groups, results = {g[0]: g for g in REVIEW_GROUPS}, {r[0]: r for r in REVIEW_RESULTS}
    for key, _ in review_keys():
        group, result = key.rsplit(".", 1)
        out.append({
            "key": key, "table_name": "表四",
            "label": f"{groups[group][1]} · {results[result][1]}",
            "description": f"{groups[group][2].capitalize()}: {results[result][2]}",
            "unit": "件",
        })  # fmt: skip
    items = {i[0]: i for i in ACTIVE_ITEMS}
    for key, _ in active_keys():
        _, item, col = key.split(".")
        label, english, unit = ACTIVE_COLUMNS[col]
        out.append({
            "key": key, "table_name": "表二",
            "label": f"{items[item][1]} · {label}",
            "description": f"Proactive disclosure, {items[item][2]}: {english}",
            "unit": unit,
        })  # fmt: skip
    for key, (_, label, english, unit) in SERIES.items():
        out.append({"key": key, "table_name": "series", "label": label,
                    "description": f"Comparable across templates: {english}", "unit": unit})  # fmt: skip
    out.append({
        "key": "legacy", "table_name": "legacy",
        "label": "统计指标 (2008–2018 indicator table)",
        "description": "A row of a 2008-era indicator table: see the fact's label, unit and column_label",
        "unit": None,
    })  # fmt: skip
    return out


_BY_KEY: dict[str, dict] = {}


def describe(key: str) -> dict:
    """The catalogue's entry for ``key`` (``"review.total"``), or a bare one for a key it does not know."""
    if not _BY_KEY:
        _BY_KEY.update((entry["key"], entry) for entry in catalogue())
    table = {"apply": "表三", "review": "表四", "litigation": "表四", "active": "表二"}.get(key.split(".")[0])
    return _BY_KEY.get(key) or {
        "key": key,
        "table_name": table,
        "label": None,
        "description": None,
        "unit": None,
    }
