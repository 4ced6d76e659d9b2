"""The checks of the contract: the arithmetic the formats promise and signs of copy-paste.

Each check names the fact keys it compared.  An identity is evaluated only
when its total is a number and at least one addend is: a blank or ``NA``
addend counts as nothing (blank 法人 columns are the norm), and rows whose
cells could not be placed are left out rather than guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from .numbers import clean, is_number, nfkc, squash
from .report import Section, region_of
from .tables import APPLY_COLUMNS, Reading

APPLY_RESULT_ROWS = [
    "granted", "partly_granted",
    "refused.state_secret", "refused.prohibited_by_law", "refused.security_stability", "refused.third_party",
    "refused.internal_affairs", "refused.process_info", "refused.enforcement_file", "refused.admin_query",
    "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
    "not_processed.petition", "not_processed.duplicate", "not_processed.publication",
    "not_processed.mass_repeated", "not_processed.confirm_reissue", "other",
]  # fmt: skip
APPLY_ALL_ROWS = ["new", "carried_over", *APPLY_RESULT_ROWS, "total", "carried_forward"]
OFFICIAL_KINDS = ["overview", "active", "requests", "review_litigation", "problems", "other"]
TOWNSHIP_SUFFIX = re.compile(r"(街道办事处|镇人民政府|乡人民政府|镇政府|乡政府)")
NOT_A_NAME = re.compile(r"[各本全我该所其此贵他等和及与的在向对]|相关|有关|辖区|下属")
_SENTENCE_END = re.compile("\x00|\n")
_NOT_WORD = re.compile(r"[^\w\x00\n]+")
PROSE_REQUESTS = re.compile(
    r"(?:共|累计|全年)?(?:收到|受理|新收|接收)[^。；;，,]{0,16}?(?:申请|依申请公开)[^。；;，,\d]{0,6}?(\d+)\s*(?:件|条|个|宗)"
)


def check(fmt: str, reading: Reading, sections: list[Section], agency: str, year: int | None,
          text: str) -> list[dict]:  # fmt: skip
    """All checks of one parsed report, as contract dicts ``{code, severity, message, keys}``.

    ``text`` is the report's body text, NFKC-normalised (``parsers.numbers.nfkc``).
    """
    out: list[dict] = []
    values = {k: f.value for k, f in reading.facts.items()}
    skip = reading.unplaced
    for col in APPLY_COLUMNS:
        _balance(out, values, skip, col, lambda row, c=col: f"apply.{row}.{c}")
    for code, total, parts, label in IDENTITIES:
        if total in skip or not is_number(values.get(total)) or not skip.isdisjoint(parts):
            continue
        numbers = [values[p] for p in parts if is_number(values.get(p))]
        if numbers and (got := round(sum(numbers), 4)) != values[total]:
            out.append(_c(code, "error", f"{label}: {values[total]} ≠ {got}", [total, *parts]))
    out.extend(_legacy_sum(reading.legacy))
    out.extend(_text_mismatch(values, text))
    out.extend(_sections(fmt, sections))
    out.extend(_agency(agency, text))
    out.extend(_year(year, text))
    for keys, message in reading.missing:
        out.append(_c("cell.missing", "warning", message, keys))
    empty = [
        k
        for k, f in reading.facts.items()
        if k.startswith("apply.") and f.value is None and f.table is not None
    ]
    if empty and fmt in ("2019", "2021"):
        out.append(
            _c("cell.missing", "warning", f"表三: {len(empty)} cells the format requires are empty", empty)
        )
    return out


def _identities() -> list[tuple[str, str, list[str], str]]:
    """(check code, total key, the keys that add up to it, message) of every sum the formats print."""
    out = [("apply.result_total", f"apply.total.{col}", [f"apply.{row}.{col}" for row in APPLY_RESULT_ROWS],
            f"表三 {col}: （七）总计 ≠ sum of the results") for col in APPLY_COLUMNS]  # fmt: skip
    out += [("apply.row_total", f"apply.{row}.total", [f"apply.{row}.{c}" for c in APPLY_COLUMNS[:-1]],
             f"表三 {row}: 总计 ≠ sum of the applicant columns") for row in APPLY_ALL_ROWS]  # fmt: skip
    results = ["upheld", "corrected", "other", "pending"]
    out.append(
        ("review.total", "review.total", [f"review.{r}" for r in results], "表四 行政复议: 总计 ≠ sum")
    )
    for group in ("direct", "after_review"):
        g = f"litigation.{group}"
        out.append(("litigation.total", f"{g}.total", [f"{g}.{r}" for r in results], f"表四 {g}: 总计 ≠ sum"))
    return out


IDENTITIES = _identities()


def _c(code: str, severity: str, message: str, keys: list[str]) -> dict:
    return {"code": code, "severity": severity, "message": message, "keys": keys}


def _balance(out: list[dict], values: dict, skip: set, col: str, k: Callable[[str], str]) -> None:
    """A1: 本年新收 + 上年结转 = （七）总计 + 结转下年度继续办理, per column."""
    left, right = [k("new"), k("carried_over")], [k("total"), k("carried_forward")]
    keys = left + right
    if any(x in skip for x in keys) or not all(is_number(values.get(x)) for x in (k("new"), k("total"))):
        return
    a = sum(values[x] for x in left if is_number(values.get(x)))
    b = sum(values[x] for x in right if is_number(values.get(x)))
    if round(a - b, 4) != 0:
        out.append(_c("apply.balance", "error", f"表三 {col}: 新收+结转 {a} ≠ 总计+结转下年 {b}", keys))


LEGACY_PARTITIONS = re.compile(
    r"^(收到申请|受理.*申请|申请办结|申请答复|(本年度)?对申请的答复|不同意公开答复|行政复议|行政诉讼)"
)


def _legacy_sum(legacy: list[dict]) -> list[dict]:
    """A7: in a legacy table, numbered sub-items under a partitioned total add up to it."""
    out = []
    by_column: dict[object, list[dict]] = {}
    for row in legacy:
        by_column.setdefault(row["column"], []).append(row)
    for rows in by_column.values():
        i = 0
        while i < len(rows):
            parent = rows[i]
            children = []
            j = i + 1
            while j < len(rows) and _is_child(rows[j]):
                children.append(rows[j])
                j += 1
            if children and LEGACY_PARTITIONS.match(parent["label"]) and is_number(parent["value"]):
                numbers = [c["value"] for c in children if is_number(c["value"])]
                if numbers and sum(numbers) != parent["value"]:
                    out.append(_c("legacy.sum", "warning",
                                  f"{parent['label']} {parent['value']} ≠ sum of its items {sum(numbers)}",
                                  [parent["label"], *[c["label"] for c in children]]))  # fmt: skip
            i = j if children else i + 1
    return out


def _is_child(row: dict) -> bool:
    raw = clean(row.get("where", {}).get("label_raw", ""))
    return bool(re.match(r"^(其中[:：]?)?\d+[、.]", raw))


PROSE_REVIEWS = re.compile(r"行政复议(?:案件|申请)?(?:共|累计)?(\d+)\s*(?:件|起|宗)")
PROSE_LAWSUITS = re.compile(r"(?<!复议)(?:行政)?诉讼(?:案件)?(?:共|累计)?(\d+)\s*(?:件|起|宗)")


def _text_mismatch(values: dict, text: str) -> list[dict]:
    """Numbers the prose states (本年共收到申请12件, 行政复议7件, 诉讼9件) against the tables' totals."""
    body = squash(text)
    out = []
    new = values.get("apply.new.total")
    if is_number(new):
        for m in PROSE_REQUESTS.finditer(body):
            if "结转" in m.group(0):
                continue
            if int(m.group(1)) != new:
                out.append(_c("text.table_mismatch", "warning",
                              f"text says {m.group(0)!r} but 表三 本年新收 总计 is {new}", ["apply.new.total"]))  # fmt: skip
            break
    for pattern, keys, table in (
        (PROSE_REVIEWS, ["review.total"], "表四 行政复议 总计"),
        (PROSE_LAWSUITS, ["litigation.direct.total", "litigation.after_review.total"], "表四 行政诉讼 总计"),
    ):
        totals = [values.get(k) for k in keys if is_number(values.get(k))]
        m = pattern.search(body)
        if m and totals and int(m.group(1)) != sum(totals):
            out.append(_c("text.table_mismatch", "warning",
                          f"text says {m.group(0)!r} but {table} is {sum(totals)}", keys))  # fmt: skip
    return out


def _sections(fmt: str, sections: list[Section]) -> list[dict]:
    out = []
    if fmt in ("2019", "2021"):
        kinds = {s.kind for s in sections}
        for kind in OFFICIAL_KINDS:
            if kind not in kinds:
                out.append(
                    _c("section.missing", "warning", f"section '{kind}' of the {fmt} format is absent", [])
                )
    sentences = [(s, _sentences(s.text)) for s in sections]
    for i, (a, sa) in enumerate(sentences):
        for b, sb in sentences[i + 1 :]:
            if len(sa) >= 3 and len(sb) >= 3 and len(sa & sb) / len(sa | sb) >= 0.6:
                out.append(_c("section.duplicate_content", "warning",
                              f"sections {a.heading!r} and {b.heading!r} carry the same text", []))  # fmt: skip
    return out


def _sentences(text: str) -> set[str]:
    """The sentences of a text, punctuation and width differences ignored."""
    return {
        s for s in _SENTENCE_END.split(_NOT_WORD.sub("", nfkc(text).replace("。", "\x00"))) if len(s) >= 8
    }


def _agency(agency: str | None, text: str) -> list[dict]:
    """The body names another body of the same kind than the title (a report copied from another body's)."""
    body = "\n".join(squash(line) for line in text.split("\n"))
    m = TOWNSHIP_SUFFIX.search(agency or "")
    if not m:
        return _department_agency(agency, body)
    own = agency[: m.start()]
    region = region_of(agency)
    core = own[len(region) :] if region and len(own) > len(region) else own[-2:]
    names: Counter[str] = Counter()
    for found in re.finditer(re.escape(m.group(1)), body):
        name = body[max(found.start() - len(core), 0) : found.start()]
        if not name or name == core or NOT_A_NAME.search(name) or not re.fullmatch(r"[\u4e00-\u9fff]+", name):
            continue
        names[name + m.group(1)] += 1
    return _named_other(agency, names)


def _named_other(agency: str, names: Counter[str]) -> list[dict]:
    """``agency.mismatch`` for the other body the text names most often, if any."""
    if not names:
        return []
    other = names.most_common(1)[0][0]
    return [_c("agency.mismatch", "warning", f"the text names {other!r}, the title {agency!r}", [])]


_DEPARTMENT = re.compile(r"(局|委员会|办公室|中心)$")
_PEER_REGION = {"县": "县区旗", "区": "县区旗", "旗": "县区旗", "市": "市州", "州": "市州"}


def _department_agency(agency: str | None, body: str) -> list[dict]:
    """A department (耿马县司法局) whose text (``body``: each line without white space) names the same
    department of a peer area (沧源县司法局).

    The same department of a higher level (临沧市司法局, the one that supervises it) is normal to name;
    only an area of the same level counts.
    """
    region = region_of(agency)
    if not agency or not region or not _DEPARTMENT.search(agency) or region[-1] not in _PEER_REGION:
        return []
    department = agency[len(region) :]
    if len(department) < 2 or "人民政府" in department:
        return []
    peers = _PEER_REGION[region[-1]]
    others: Counter[str] = Counter()
    for found in re.finditer(r"([\u4e00-\u9fff]{1,4}[" + peers + r"])" + re.escape(department), body):
        name = found.group(1)
        if not region.endswith(name) and not name.endswith(region) and not NOT_A_NAME.search(name):
            others[name + department] += 1
    return _named_other(agency, others)


def _year(year: int | None, text: str) -> list[dict]:
    if not year:
        return []
    years = Counter(int(y) for y in re.findall(r"((?:19|20)\d{2})年", squash(text)))
    if not years:
        return []
    top, count = years.most_common(1)[0]
    if top not in (year, year + 1) and count >= 3 and count >= 2 * years.get(year, 0):
        return [
            _c(
                "year.mismatch",
                "warning",
                f"the text speaks of {top} most ({count}×), the title of {year}",
                [],
            )
        ]
    return []
