from parsel import Selector

from crawler.links import attachment_links, is_report_title, may_hold_attachments, next_pages, report_links

from .conftest import FIXTURES, ROOT


def test_report_titles_and_lookalikes():
    for title in ["曲阜市鲁城街道办事处2017年度政府信息公开工作年度报告", "2021年耿马县司法局政府信息公开工作年度报告",
                  "齐都镇政府2017年信息公开工作年度报告", "上海市人民政府办公厅2019年政府信息公开年报"]:  # fmt: skip
        assert is_report_title(title), title
    for title in ["2017年法治政府建设年度报告", "2018年政务公开工作要点",
                  "关于做好2017年政府信息公开工作年度报告编制发布工作的通知",
                  "《2017年政府信息公开工作年度报告》解读", "2019年部门决算", "政府信息公开指南"]:  # fmt: skip
        assert not is_report_title(title), title


def test_list_page_links_dates_and_pagination():
    html = """<ul><li><a href="./202101/t1.html" title="某街道2020年政府信息公开工作年度报告">某街道…</a><span>2021-01-20</span></li>
    <li><a href="./201802/t2.html">2017年法治政府建设年度报告</a><span>2018-02-08</span></li></ul>
    <div class="page"><a href="index_1.html">下一页</a></div>
    <script>createPageHTML(3, 0, "index", "shtml");</script>"""
    sel = Selector(html)
    base = "http://127.0.0.1:9/xxgk/xxgknb/index.html"
    assert report_links(sel, base) == [
        (
            "http://127.0.0.1:9/xxgk/xxgknb/202101/t1.html",
            "某街道2020年政府信息公开工作年度报告",
            "2021-01-20",
        )
    ]
    assert next_pages(sel, base) == [
        "http://127.0.0.1:9/xxgk/xxgknb/index_1.html",
        "http://127.0.0.1:9/xxgk/xxgknb/index_1.shtml",
        "http://127.0.0.1:9/xxgk/xxgknb/index_2.shtml",
    ]


def test_attachment_links():
    sel = Selector(
        '<a href="./P0201.docx">报告.docx</a><a href="x.html">页</a><a href="/f/a.PDF?x=1">附件</a>'
    )
    assert attachment_links(sel, "http://h/a/b.html") == [("http://h/a/P0201.docx", "报告.docx"),
                                                           ("http://h/f/a.PDF?x=1", "附件")]  # fmt: skip


def test_lookalikes_of_every_kind_are_left_alone():
    sel = Selector(
        """<ul><li><a href="a.html">谷来镇2022年法治政府建设年度报告</a></li>
        <li><a href="b.html">2023年政务公开工作要点</a></li>
        <li><a href="c.html">关于报送2022年政府信息公开工作年度报告的通知</a></li>
        <li><a href="d.html">图解：2022年政府信息公开工作年度报告解读</a></li>
        <li><a href="e.html">2022年度部门决算公开</a></li>
        <li><a href="f.html">政府信息公开年报</a></li>
        <li><a href="g.html" title="嵊山镇2022年度政府信息公开工作年度报告(文字版)">嵊山镇…</a></li></ul>"""
    )
    assert [t for _, t, _ in report_links(sel, "http://h/col/")] == [
        "嵊山镇2022年度政府信息公开工作年度报告(文字版)"
    ]


def test_report_links_read_dates_from_table_rows_and_keep_each_url_once():
    sel = Selector(
        """<table><tr><td><a href="/public/1/9.html" title="平武县2021年政府信息公开工作年度报告">平武县…</a></td>
        <td>2022-01-20</td></tr></table><a href="/public/1/9.html">平武县2021年政府信息公开工作年度报告</a>"""
    )
    assert report_links(sel, "http://h/public/column/1") == [
        ("http://h/public/1/9.html", "平武县2021年政府信息公开工作年度报告", "2022-01-20")
    ]


def test_createpagehtml_with_variable_arguments_and_the_page_div_form():
    html = """<script>var currentPage = 1;//所在页从0开始
    var prevPage = currentPage-1//上一页
    var countPage = 3//共多少页
    createPageHTML(countPage, currentPage, "index", "html");
    function createPageHTML(_nPageCount, _nCurrIndex, _sPageName, _sPageExt){ return; }</script>"""
    assert next_pages(Selector(html), "http://h/xxgk/zfxxgknb/index_1.html") == [
        "http://h/xxgk/zfxxgknb/index_1.html",
        "http://h/xxgk/zfxxgknb/index_2.html",
    ]
    b = "<script>createPageHTML('page_div',3, 1,'list','shtml',45);</script>"
    assert next_pages(Selector(b), "http://h/a/list.shtml") == [
        "http://h/a/list_2.shtml",
        "http://h/a/list_3.shtml",
    ]
    # a pager that says nothing we can resolve announces nothing
    assert next_pages(Selector("<script>createPageHTML(n, 0, 'index', 'html');</script>"), "http://h/") == []


def test_next_pages_respects_the_limit_and_skips_javascript_links():
    sel = Selector(
        '<a href="javascript:goPage(2)">下一页</a><script>createPageHTML(900, 0, "index", "html");</script>'
    )
    assert len(next_pages(sel, "http://h/c/index.html", limit=10)) == 9


def test_attachments_by_extension_in_query_and_by_link_text_of_download_scripts():
    sel = Selector(
        """<a href="/module/download/downfile.jsp?classid=0&filename=2301121234.pdf">附件1</a>
        <a href="/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1308&wbfileid=5521">年报.docx</a>
        <a href="/system/_content/download.jsp?wbfileid=7">附件（12.5KB）</a>
        <a href="/art/2023/1/1/art_1_2.html">报告.docx说明</a><a href="/files/表.XLSX">附表</a><a href="/f/a.wps">wps</a>"""
    )
    urls = [u for u, _ in attachment_links(sel, "http://h/art/x.html")]
    assert urls == [
        "http://h/module/download/downfile.jsp?classid=0&filename=2301121234.pdf",
        "http://h/system/_content/download.jsp?urltype=news.DownloadAttachUrl&owner=1308&wbfileid=5521",
        "http://h/files/表.XLSX",
        "http://h/f/a.wps",
    ]


def test_pages_without_an_extension_are_spared_the_link_walk():
    """``may_hold_attachments`` is False only where ``attachment_links`` finds nothing: checked on every
    saved page of the test portals and the demo portal (and on this file's own link examples)."""
    pages = sorted(FIXTURES.joinpath("portals").rglob("*.htm*")) + sorted((ROOT / "demo").rglob("*.htm*"))
    with_links = 0
    for page in pages:
        text = page.read_bytes().decode("utf-8", "replace")
        url = "http://h/" + page.name
        found = attachment_links(Selector(text), url)
        with_links += bool(found)
        assert may_hold_attachments(text, url) or not found, page
    assert with_links >= 3 and len(pages) > 20
    assert not may_hold_attachments('<div class="TRS_Editor"><p>一、总体情况</p></div>', "http://h/t1.html")
    assert may_hold_attachments('<a href="/download.jsp?wbfileid=7">年报.docx</a>', "http://h/t1.html")
