"""Metadata of a report: title, agency, region, year, publication date, format and sections."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import Document
from .numbers import arabic_dates, clean, nfkc, squash

CN_DIGITS = {c: i for i, c in enumerate("一二三四五六七八九十", start=1)}
HEADING = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．]\s*(.{2,60})$")
YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
TITLE_SUFFIX = re.compile(r"(?:政府)?(?:信息公开|政务公开)?(?:工作)?(?:年度)?(?:报告|年报).*$")
REGION = re.compile(r"^(.{2,}?(?:自治区|自治州|自治县|省|市|州|盟|地区|县|区|旗))")
SIGNATURE_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")

# the six sections of the 2019 and 2021 formats: number, words of the heading, kind
OFFICIAL_SECTIONS = [
    (1, r"总体情况|概述|基本情况", "overview"),
    (2, r"主动公开", "active"),
    (3, r"收到和处理|依申请", "requests"),
    (4, r"复议|诉讼", "review_litigation"),
    (5, r"问题|改进", "problems"),
    (6, r"其他需要报告|其他事项|需要说明", "other"),
]
KINDS = [
    (r"总体情况|概述|基本情况|总体", "overview"),
    (r"复议|诉讼", "review_litigation"),
    (r"收到和处理|依申请|申请公开|申请的办理|申请情况", "requests"),
    (r"主动公开", "active"),
    (r"收费|减免", "fees"),
    (r"问题|改进|不足", "problems"),
    (r"组织|机构建设|制度建设|领导|保障|培训|保密审查", "organisation"),
    (r"其他|说明|附表|附件", "other"),
]
FORMAT_2021 = re.compile(
    r"本年制发件数|本年废止件数|现行有效件数|本年处理决定数量|本年收费金额|行政机关不再处理其政府信息公开申请"
)
FORMAT_2019 = re.compile(
    r"本年新制作数量|对外公开总数量|上一年项目数量|第二十条第\(九\)项|政府集中采购|其他对外管理服务事项"
)


@dataclass
class Section:
    """A numbered top-level section: ``Section(2, "二、主动公开政府信息情况", "active", "…")``."""

    number: int
    heading: str
    kind: str
    text: str

    def as_dict(self) -> dict:
        """The contract's ``{number, heading, kind, text}``."""
        return {"number": self.number, "heading": self.heading, "kind": self.kind, "text": self.text}


def find_title(doc: Document) -> str:
    """The title line as printed: the page's title, else the first lines naming a report.

    A title broken over two lines (``曲阜市鲁城街道办事处2017年度`` /
    ``政府信息公开工作年度报告``, or ``赫章县交通运输局`` / ``2021年…年度报告``) is joined.
    """
    if doc.title:
        return doc.title
    # a page's title line may carry its metadata after it: "…年度报告  发布时间：2022-01-10"
    paras = [_META_TAIL.split(p.text.strip())[0] for p in doc.paragraphs[:12] if p.text.strip()]
    for i, text in enumerate(paras):
        if _title_like(text):
            prev = paras[i - 1] if i else ""
            if (
                prev
                and len(prev) <= 40
                and not re.search(r"报告|[。，,；;:：>＞|]", prev)
                and (YEAR.search(prev) or BODY_SUFFIX.search(prev))
            ):
                return prev + text
            return text
    return ""


_META_TAIL = re.compile(r"\s+(?=(?:发布|来源|时间|日期|浏览|字号|【)[^\s]*)")


def _title_like(text: str) -> bool:
    if len(text) > 80 or re.search(r"^source:|^http|[>＞,，。；;|]", text):
        return False
    if re.search(r"(报告|年报)$", re.sub(r"[（(].*?[)）]$", "", text)):
        return True
    # a title garbled by the page (…政府信息公开 工作告年度报): the words are there, the order is not
    return bool(re.search(r"政府信息公开|政务公开", text) and YEAR.search(text) and "报" in text)


def report_year(title: str, text: str) -> int | None:
    """The year reported on: from the title, else the year the opening text speaks of most."""
    title = arabic_dates(title)
    m = YEAR.search(title) or re.search(r"((?:19|20)\d{2})年?度", title)
    if m:
        return int(m.group(1))
    years = [int(y) for y in YEAR.findall(text[:3000])]
    return max(set(years), key=years.count) if years else None


def agency_of(title: str) -> str:
    """The issuing body named in a title.

    >>> agency_of("齐都镇政府2017年信息公开工作年度报告")
    '齐都镇政府'
    >>> agency_of("2021年耿马县司法局政府信息公开工作年度报告")
    '耿马县司法局'
    """
    t = clean(arabic_dates(title))
    t = re.sub(r"^关于", "", t)
    m = re.search(r"((?:19|20)\d{2})年度?", t)
    if m and m.start() > 1:
        name = t[: m.start()]
    else:
        rest = t[m.end() :] if m else t
        name = TITLE_SUFFIX.sub("", rest)
    name = TITLE_SUFFIX.sub("", name) or name
    return name.strip("《》〈〉<>:：,，")


BODY_SUFFIX = re.compile(
    r"(局|办公室|委员会|政府|街道办事处|街道|镇|乡|中心|厅|委|办|院|署|所|会|处|站|队|馆|部|区|县|市|省|州|旗|盟)$"
)
_BODY = r"([\u4e00-\u9fff()（）]{2,30}?(?:" + BODY_SUFFIX.pattern[1:-2] + r"))"
BODY_IN_TEXT = [
    # 编制大竹县周家镇2024年政府信息公开工作年度报告 / 现公布区统计局2023年…报告
    re.compile(
        r"(?:编制|公布|发布|形成|现将|特将)了?[《〈]?"
        + _BODY
        + r"(?:19|20)\d{2}年度?(?:政府)?(?:信息公开|政务公开)"
    ),
    # 2022年度,区秦岭保护局全面贯彻… / 2022年以来,丰收乡在县委…
    re.compile(
        r"(?:19|20)\d{2}年(?:度|以来)?[,，]?\s*"
        + _BODY
        + r"(?:认真|坚持|紧紧|深入|高度|严格|按照|围绕|在|全面|始终"
        r"|进一步|紧扣|持续|不断|以|把|将|结合|继续|扎实|积极|切实|主动|依法)"
    ),
]


def agency_in(title: str, text: str) -> str | None:
    """The issuing body from the title, else from the opening sentence (``2022年,二道区…办公室认真…``)."""
    name = agency_of(title) if title else ""
    if name and BODY_SUFFIX.search(name):
        return name
    for pattern in BODY_IN_TEXT:
        for m in pattern.finditer(text[:1500]):
            if not re.search(r"^[度以来]|[我本该各全]", m.group(1)):
                return m.group(1)
    return name or None


def region_of(agency: str | None) -> str | None:
    """The administrative area at the start of an agency's name, e.g. ``梁园区`` in ``梁园区前进街道办事处``."""
    m = REGION.match(agency or "")
    if not m:
        return None
    region = m.group(1)
    return None if region.endswith("社区") else region


PAGE_TIME = re.compile(
    r"(发布时间|发布日期|发文日期|公开日期|成文日期|时间|日期)[:：]\s*"
    r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)


def find_page_time(text: str) -> str | None:
    """The publication time printed on a page: ``发布时间：2018-01-31 21:24:30`` before any other date label.

    >>> find_page_time("成文日期：2018-01-19 发布时间：2018-01-31 21:24:30")
    '2018-01-31T21:24:30'
    """
    found = [m for m in PAGE_TIME.finditer(text) if m.group(1) != "成文日期"]
    if not found:
        return None
    published = [m for m in found if m.group(1).startswith("发布")] or found
    best = next((m for m in published if m.group(5)), published[0])  # the one with a time of day
    return iso_date(best.groups()[1:])


def page_time(doc: Document) -> str | None:
    """The publication time a text copy of a page prints near its top."""
    return find_page_time("\n".join(p.text for p in doc.paragraphs[:15]))


def iso_date(parts: tuple[str | None, ...]) -> str:
    """``("2018", "1", "31", "21", "24", None)`` → ``2018-01-31T21:24:00``."""
    y, mo, d, h, mi, s = (list(parts) + [None] * 6)[:6]
    date = f"{int(y):04d}-{int(mo):02d}-{int(d):02d}"
    if h is None:
        return date
    return f"{date}T{int(h):02d}:{int(mi):02d}:{int(s or 0):02d}"


def signature_date(doc: Document) -> str | None:
    """The date printed at the end of the report (``2018年1月19日``), ISO formatted."""
    for p in reversed(doc.paragraphs[-15:]):
        text = arabic_dates(p.text)
        m = SIGNATURE_DATE.search(text)
        if m and len(clean(text)) <= 20:
            y, mo, d = (int(x) for x in m.groups())
            if 1 <= mo <= 12 and 1 <= d <= 31:
                return f"{y:04d}-{mo:02d}-{d:02d}"
    return None


def detect_format(doc: Document, has_statistics: bool, has_legacy: bool, text: str | None = None) -> str:
    """``2021``, ``2019``, ``legacy`` or ``narrative``, from the labels the document carries.

    ``text`` is the paragraphs' text as ``clean`` gives it, when the caller has it already.
    """
    cells = " ".join(clean(c) for t in doc.tables for row in t.logical_rows() for c in row)
    labels = cells + (squash(nfkc(doc.text())) if text is None else text)
    if FORMAT_2021.search(labels):
        return "2021"
    if FORMAT_2019.search(labels):
        return "2019"
    if has_statistics:
        # 表三/表四 read but 表二 missing: the (六) sub-rows tell 2021 from 2019
        return "2021" if re.search(r"逾期不补正|缴纳费用", labels) else "2019"
    if has_legacy:
        return "legacy"
    return "narrative"


def find_sections(doc: Document, fmt: str) -> list[Section]:
    """Top-level numbered sections in document order.

    In the 2019 and 2021 formats only the six official headings open a
    section (sub-items numbered 一、二、 inside 总体情况 do not); elsewhere any
    heading whose number follows the previous one does.
    """
    paras = [p.text.strip() for p in doc.paragraphs]
    starts: list[tuple[int, int, str]] = []  # (paragraph index, number, heading)
    last = 0
    for i, text in enumerate(paras):
        m = HEADING.match(text)
        if not m or len(clean(text)) > 40 or text.endswith(("。", "；", ";")):
            continue
        number = _cn_number(m.group(1))
        if number is None or number <= last:
            continue
        if fmt in ("2019", "2021"):
            official = next((o for o in OFFICIAL_SECTIONS if o[0] == number), None)
            if not official or not re.search(official[1], text):
                continue
        elif number != last + 1:
            continue
        starts.append((i, number, text))
        last = number
    sections = []
    for k, (i, number, heading) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(paras)
        body = "\n".join(paras[i + 1 : end])
        sections.append(Section(number, heading, _kind(heading), body))
    return sections


def _kind(heading: str) -> str:
    h = clean(heading)
    for pattern, kind in KINDS:
        if re.search(pattern, h):
            return kind
    return "unknown"


def _cn_number(s: str) -> int | None:
    if s in CN_DIGITS:
        return CN_DIGITS[s]
    if s.startswith("十") and len(s) == 2:
        return 10 + CN_DIGITS.get(s[1], 0)
    if len(s) == 2 and s.endswith("十"):
        return CN_DIGITS.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":
        return CN_DIGITS.get(s[0], 0) * 10 + CN_DIGITS.get(s[2], 0)
    return None
