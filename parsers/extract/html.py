"""HTML pages into blocks: find the article among the page chrome, keep tables as grids.

Government portals wrap a report in navigation, breadcrumbs, 附件下载,
扫一扫 and footers.  The article is the element that the common CMSs mark
(TRS WCM's ``.TRS_Editor``, ``#zoom``, ``.xxgk_content``, ``#ivs_content`` …)
or, failing those, the element with the most prose and tables and the
fewest links.
"""

from __future__ import annotations

import re

from lxml import etree

from ..blocks import Cell, Document, Paragraph, Table
from ..numbers import cell_kind, clean
from ..report import find_page_time, iso_date
from .encoding import decode_html
from .text import add_line_tables

BLOCK_TAGS = {
    "p", "div", "section", "article", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6",
    "table", "tr", "td", "th", "tbody", "thead", "center", "blockquote", "pre", "dl", "dt", "dd",
    "form", "header", "footer", "nav", "aside", "main",
}  # fmt: skip
SKIP_TAGS = {"script", "style", "noscript", "iframe", "object", "embed", "select", "button", "svg"}
# content containers of common government CMSs (TRS WCM, Hanweb, 政府信息公开平台 …), most specific first
ARTICLE_SELECTORS = [
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_Editor ')]",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' TRS_UEDITOR ')]",
    "//*[@id='zoom']", "//*[@id='ivs_content']", "//*[contains(@class, 'xxgk_content')]",
    "//*[@id='UCAP-CONTENT']", "//*[contains(@class, 'article-content')]", "//*[@id='article']",
]  # fmt: skip
CHROME_HINTS = re.compile(
    r"nav|menu|header|footer|foot|crumb|share|sidebar|left|right|link|related|ewm|qr", re.I
)
MAX_DEPTH = 400
_PARSER = etree.HTMLParser(remove_comments=True, huge_tree=False)
# the text of an element and its descendants (what lxml.html calls text_content), as a plain str
text_content = etree.XPath("string()", smart_strings=False)


def extract_html(data: bytes, declared_encoding: str | None = None) -> Document:
    """Blocks of an HTML report page.

    >>> doc = extract_html('<div class="TRS_Editor"><p>一、总体情况</p></div>'.encode())
    >>> doc.blocks[0].text
    '一、总体情况'
    """
    text = decode_html(data, declared_encoding)
    # lxml's plain elements: lxml.html's classes look every element up in Python, a third of a walk
    root = etree.fromstring(text, _PARSER) if text.strip() else None
    if root is None:
        root = etree.fromstring("<html></html>", _PARSER)
    for el in list(root.iter(*SKIP_TAGS)):
        if el.getparent() is not None:
            _drop(el)
    title = page_title(root)
    published = _published(root)
    article = find_article(root)
    blocks: list[Paragraph | Table] = []
    _walk(article, blocks, 0)
    if title and blocks and isinstance(blocks[0], Paragraph) and clean(blocks[0].text) == clean(title):
        blocks[0].heading = True
    elif title:
        blocks.insert(0, Paragraph(title, heading=True))
    # tables printed as loose text (PDF flipbook pages): one cell per line
    return Document(blocks=add_line_tables(blocks), title=title, published=published)


def find_article(root: etree._Element) -> etree._Element:
    """The element holding the report body.

    The content containers of common government CMSs come first; failing
    those, blocks of prose vote for the element that holds them (and half for
    its parent) with their length, tables with a bonus, as readability-style
    extractors do; link-heavy and chrome-named candidates lose.
    """
    for selector in ARTICLE_SELECTORS:
        texts = [(text_content(el), el) for el in root.xpath(selector)]
        found = [(len(t), el) for t, el in texts if len(t.strip()) >= 20 or el.xpath(".//table")]
        if found:
            return max(found, key=lambda pair: pair[0])[1]
    scores: dict[etree._Element, float] = {}
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in SKIP_TAGS or el.tag == "a":
            continue
        own = (el.text or "") + "".join(c.tail or "" for c in el)
        if el.tag in ("p", "span", "font", "h1", "h2", "h3", "strong", "b"):
            own = text_content(el)
            holder = el.getparent()
        else:
            holder = el
        size = len(own.strip())
        if size < 20 or holder is None:
            continue
        weight = size + 5 * (own.count("，") + own.count(","))
        scores[holder] = scores.get(holder, 0) + weight
        parent = holder.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + weight / 2
    for table in root.iter("table"):
        parent = table.getparent()
        # a statistics table holds numbers; a metadata box (索引号, 发布机构 …) does not
        if parent is not None and not _is_layout_table(table) and _numeric_cells(table) >= 3:
            scores[parent] = scores.get(parent, 0) + 500
    if not scores:
        body = root.find("body")
        return body if body is not None else root
    best, best_score = root, float("-inf")
    for el in sorted(scores, key=scores.get, reverse=True)[:8]:
        total = len(text_content(el)) or 1
        links = sum(len(text_content(a)) for a in el.iter("a"))
        score = scores[el] * (1 - min(links / total, 0.9))
        if CHROME_HINTS.search(f"{el.get('id', '')} {el.get('class', '')}"):
            score *= 0.3
        if score > best_score:
            best, best_score = el, score
    return best


def article_text(root: etree._Element) -> str:
    """The visible text of a page's article (scripts and styles left out), whitespace removed."""
    article = find_article(root)
    skip = " or ".join(f"ancestor-or-self::{t}" for t in SKIP_TAGS)
    return clean("".join(article.xpath(f".//text()[not({skip})]")))


def page_title(root: etree._Element) -> str | None:
    """The report's title a page gives: its ``ArticleTitle`` meta tag, ``<h1>``, a ``*title*`` element
    or ``<title>`` — the first of 4 to 120 characters that says 报告.

    >>> page_title(etree.fromstring("<html><h1>2023年政府信息公开工作年度报告</h1></html>", _PARSER))
    '2023年政府信息公开工作年度报告'
    """
    for xpath in (
        "//meta[@name='ArticleTitle']/@content",
        "//h1",
        "//*[contains(@class,'title') and not(self::title)]",
        "//title",
    ):
        for found in root.xpath(xpath):
            text = found if isinstance(found, str) else text_content(found)
            text = " ".join(text.split())
            if 4 <= len(text) <= 120 and "报告" in text:
                return text
    return None


def _published(root: etree._Element) -> str | None:
    """The publication time the page prints (``发布时间：…``), else its ``PubDate`` meta tag."""
    printed = find_page_time(text_content(root))
    if printed:
        return printed
    for name in ("PubDate", "pubdate", "publishdate", "firstpublishedtime"):
        for value in root.xpath(f"//meta[@name='{name}']/@content"):
            m = re.match(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?", value.strip())
            if m:
                return iso_date(m.groups())
    return None


def _walk(el: etree._Element, blocks: list[Paragraph | Table], depth: int) -> None:
    """Append the blocks of ``el`` in reading order."""
    if depth > MAX_DEPTH:
        _add_text(blocks, text_content(el))
        return
    if len(el) == 0:  # text only, as most paragraphs are
        _add_text(blocks, el.text)
        return
    if el.tag == "table" and not _is_layout_table(el):
        blocks.append(_grid(el))
        return
    buffer: list[str] = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            buffer.append(child.tail or "")
            continue
        tag = child.tag.lower()
        if tag == "br":
            buffer.append("\n")
        elif tag in BLOCK_TAGS or _has_block(child):
            _add_text(blocks, "".join(buffer))
            buffer = []
            _walk(child, blocks, depth + 1)
        else:
            buffer.append(text_content(child))
        buffer.append(child.tail or "")
    _add_text(blocks, "".join(buffer))


def _drop(el: etree._Element) -> None:
    """Remove ``el`` and what it holds, keeping the text that follows it (lxml.html's ``drop_tree``)."""
    parent, previous = el.getparent(), el.getprevious()
    if el.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _has_block(el: etree._Element) -> bool:
    return any(isinstance(d.tag, str) and d.tag.lower() in BLOCK_TAGS for d in el.iterdescendants())


def _add_text(blocks: list[Paragraph | Table], text: str | None) -> None:
    if not text or text.isspace():
        return
    for line in text.replace("\xa0", " ").split("\n"):
        line = " ".join(line.split())
        if line:
            blocks.append(Paragraph(line))


def _numeric_cells(table: etree._Element) -> int:
    return sum(1 for td in table.iter("td") if cell_kind(text_content(td)) == "number")


def _is_layout_table(table: etree._Element) -> bool:
    """A table used for page layout: it holds other tables or long prose."""
    if table.xpath(".//table"):
        return True
    cells = table.xpath("./tr/td|./tbody/tr/td|./thead/tr/td|./tr/th|./tbody/tr/th")
    return any(len(clean(text_content(c))) > 300 for c in cells) or len(cells) <= 1


def _grid(table: etree._Element) -> Table:
    rows: list[list[Cell]] = []
    for tr in table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr"):
        row = []
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            text = "\n".join(" ".join(x.split()) for x in _cell_text(td).split("\n") if x.strip())
            row.append(Cell(text, rowspan=_span(td.get("rowspan")), colspan=_span(td.get("colspan"))))
        rows.append(row)
    return Table(rows, layout="grid")


def _cell_text(td: etree._Element) -> str:
    for br in td.iter("br", "p", "div"):
        br.tail = "\n" + (br.tail or "")
    return text_content(td).replace("\xa0", " ")


def _span(value: str | None) -> int:
    if value is None:
        return 1
    try:
        return max(1, min(int(str(value).strip()), 1000))
    except (TypeError, ValueError):
        return 1
