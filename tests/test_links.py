from parsel import Selector

from crawler.links import attachment_links, is_report_title, next_pages, report_links


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
