"""Hanweb JCMS rules on the saved column page and data-proxy records (tests/fixtures/portals/hanweb)."""

from pathlib import Path

from crawler.cms import detect, hanweb
from crawler.links import report_links

HANWEB = Path(__file__).parent / "fixtures" / "portals" / "hanweb"
COLUMN = "http://127.0.0.1:9/col/col1229711376/index.html"


def _column() -> str:
    return (HANWEB / "col/col1229711376/index.html").read_text(encoding="utf-8")


def test_inline_records_hold_the_first_group_and_its_report():
    text = _column()
    assert len(hanweb.records(text)) == 30
    links = report_links(hanweb.records_selector(text), COLUMN)
    assert [t for _, t, _ in links] == [
        "丰收乡2022年度政府信息公开工作年度报告"
    ]  # the 法治政府 lookalike is left
    assert links[0][0] == "http://127.0.0.1:9/art/2023/1/12/art_1229711376_69164.html"
    assert detect(COLUMN, text) == "hanweb"


def test_jpage_config_gives_the_post_groups_still_to_fetch():
    [jpage] = hanweb.jpages(_column(), COLUMN)
    assert (jpage.unit, jpage.per_page, jpage.group_size, jpage.total, jpage.loaded) == (
        "4039547",
        10,
        3,
        100,
        30,
    )
    assert jpage.form == {"col": "1", "appid": "1", "webid": "3504", "path": "/", "columnid": "1229711376",
                          "sourceContentType": "1", "unitid": "4039547", "webname": "嵊州市人民政府",
                          "permissiontype": "0"}  # fmt: skip
    assert [jpage.group_url(s) for s in jpage.starts()] == [
        "http://127.0.0.1:9/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10",
        "http://127.0.0.1:9/module/web/jpage/dataproxy.jsp?startrecord=61&endrecord=90&perpage=10",
        "http://127.0.0.1:9/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=100&perpage=10",
    ]


def test_nextgroup_link_alone_is_enough_to_page():
    text = """<div id="77"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=110&path=/&columnid=12377&unitid=38486&permissiontype=0"></a>]]></nextgroup>
    <recordset><record><![CDATA[<li><a href="/art/2022/1/20/art_12377_1486865.html">x</a></li>]]></record></recordset></datastore></script></div>"""
    [jpage] = hanweb.jpages(text, "http://h/col/col12377/index.html")
    assert jpage.form["columnid"] == "12377" and jpage.form["unitid"] == "38486" and jpage.total is None
    assert jpage.starts() == [2]
    assert (
        jpage.group_url(2) == "http://h/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=46&perpage=15"
    )


def test_dataproxy_answer_records_and_total():
    xml = ("<?xml version='1.0' encoding='UTF-8'?><datastore><nextgroup><![CDATA[<a href='x'></a>]]></nextgroup>"
           "<recordset><record><![CDATA[<li><a href='/art/2024/1/18/art_1_2.html' title='对坊乡2023年政府信息公开工作年度报告'>对坊乡…</a>"
           "<span>2024-01-18</span></li>]]></record></recordset><totalrecord>100</totalrecord></datastore>")  # fmt: skip
    assert hanweb.total_records(xml) == 100
    assert report_links(hanweb.records_selector(xml), "http://h/module/web/jpage/dataproxy.jsp") == [
        ("http://h/art/2024/1/18/art_1_2.html", "对坊乡2023年政府信息公开工作年度报告", "2024-01-18")]  # fmt: skip
    assert hanweb.records_selector("<html>no datastore</html>") is None
