"""Finding the report among a page's chrome (parsers.extract.html.find_article)."""

import lxml.html

from parsers import parse_bytes
from parsers.extract.html import find_article

PAGE = """<html><head><title>某县民政局2021年政府信息公开工作年度报告</title></head><body>
<div class="header"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/hdjl/">互动交流</a></div>
<div class="xxgk_table"><table><tr><th>索引号：</th><td>115107270083421012/2021-00001</td><th>发布机构：</th><td>某县民政局</td></tr>
<tr><th>发布日期：</th><td>2022-01-20</td><th>文号：</th><td></td></tr></table></div>
<div class="wzcon"><h1>某县民政局2021年政府信息公开工作年度报告</h1>
<p>依据《中华人民共和国政府信息公开条例》第五十条之规定，制作本报告。</p>
<p>一、总体情况</p><p>2021年，我局严格按照全县政务公开工作要点开展工作，全年主动公开政府信息124条。</p>
<p>二、主动公开政府信息情况</p>
<table border="1"><tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>
<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>6</td><td>1</td><td>49</td></tr></table>
</div>
<div class="footer"><p>主办单位：某县人民政府办公室　　地址：某县政通路8号　　网站标识码：5107270001</p>
<a href="#">网站地图</a><a href="#">联系我们</a><p>扫一扫在手机上查看当前页面</p></div></body></html>"""


def test_article_not_the_metadata_box():
    root = lxml.html.document_fromstring(PAGE)
    assert find_article(root).get("class") == "wzcon"
    report = parse_bytes(PAGE.encode(), name="a.html")
    assert report["published"] == "2022-01-20"
    assert report["facts"]["active.normative_document.in_force"] == 49
    assert report["facts"]["series.active_published"] == 124
    assert report["agency"] == "某县民政局" and report["format"] == "2021"


def test_known_cms_container_wins():
    page = PAGE.replace('class="wzcon"', 'class="TRS_Editor"')
    assert find_article(lxml.html.document_fromstring(page)).get("class") == "TRS_Editor"
