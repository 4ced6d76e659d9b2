"""HTML: the article is found among the page chrome, by CMS container or by scoring its content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parsers.extract import extract

from .render_formats import SOURCES

RENDERED = Path(__file__).parent / "fixtures" / "rendered"
CHROME = [
    "网站标识码",
    "备案号",
    "相关链接",
    "当前位置",
    "分享到",
    "机构职能",
    "附件下载",
    "扫一扫",
    "浏览次数",
]


@pytest.mark.parametrize("slug, container", [(slug, container) for slug, _, container, _ in SOURCES])
def test_article_without_chrome_in_each_cms_container(slug, container):
    page = (RENDERED / f"{slug}.html").read_bytes()
    assert container.encode() in page  # TRS_Editor, #zoom, .xxgk_content, #ivs_content, and one no list knows
    doc = extract(page)
    text = doc.text()
    assert not [w for w in CHROME if w in text], slug
    assert doc.title and doc.title.endswith("年度报告")
    assert doc.paragraphs[1].text == "一、总体情况"
    assert len(doc.tables) >= 2 and all(t.layout == "grid" for t in doc.tables)
    assert doc.published == "2025-01-20T09:30:00"


def test_article_in_an_unknown_container_is_found_by_its_content():
    page = (RENDERED / "2021-longgang-qbm-2024.html").read_text(encoding="utf-8")
    page = page.replace('<div id="zoom">', '<div class="wz_article_body">')
    nav = "".join(f'<li><a href="/n{i}">2023年某某局政府信息公开工作年度报告{i}</a></li>' for i in range(40))
    page = page.replace(
        '<div class="related">', f'<div class="list-box"><ul>{nav}</ul></div><div class="related">'
    )
    doc = extract(page.encode())
    assert "某某局" not in doc.text() and not [w for w in CHROME if w in doc.text()]
    assert doc.tables[1].rows[0][1].text == "申请人情况"


def test_merged_header_cells_keep_their_spans():
    doc = extract((RENDERED / "seed-004.html").read_bytes())
    apply = next(t for t in doc.tables if any("申请人情况" in c.text for c in t.rows[0]))
    first = apply.rows[0]
    assert (first[0].rowspan, first[0].colspan, first[1].colspan) == (3, 3, 7)
    rows = apply.logical_rows()
    assert rows[3][0] == "一、本年新收政府信息公开申请数量" and len(rows[3]) == 8  # label once, seven values


def test_layout_table_around_the_report_is_not_a_data_table():
    inner = (RENDERED / "2021-hezhang-jtj-2021.html").read_text(encoding="utf-8")
    body = re.search(r'<div class="xxgk_content">(.*?)</div>\s*<div class="share">', inner, re.S).group(1)
    page = f"<html><body><table width='100%'><tr><td>{body}</td></tr></table></body></html>"
    doc = extract(page.encode())
    assert any(t.rows and t.rows[0][0].text.startswith("第二十条") for t in doc.tables)
