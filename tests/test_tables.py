"""Table readers on the label variants the formats document (shared spec formats.md §1–3)."""

from parsers import parse_bytes
from parsers.tables import strip_numbering

# the 2009-era 附表式 of 莆田 (formats.md §3.2 a): 指标名称 | 计量单位 | 本年度 | 历年累计
LEGACY_2009 = """某县民政局2009年政府信息公开工作年度报告
指标名称\t计量单位\t本年度\t历年累计
主动公开信息数\t条\t120\t300
受理依申请公开信息总数\t件\t5\t9
其中:1.当面申请数\t件\t2\t4
2.网上申请数\t件\t3\t5
本年度对申请的答复总数\t件\t5\t9
其中:1.同意公开答复数\t件\t4\t7
2.同意部分公开答复数\t件\t0\t1
3.否决公开答复总数\t件\t1\t1
行政复议数\t件\t0\t0
行政诉讼数\t件\t１\t1
"""


def test_legacy_2009_template_rows_and_series():
    r = parse_bytes(LEGACY_2009.encode(), name="x.txt")
    assert r["format"] == "legacy"
    this_year = {x["label"]: (x["unit"], x["value"]) for x in r["legacy"] if x["column"] == "本年度"}
    assert this_year["受理依申请公开信息总数"] == ("件", 5)
    assert this_year["当面申请数"] == ("件", 2)
    assert this_year["行政诉讼数"] == ("件", 1)  # full-width digit
    assert {
        x["value"] for x in r["legacy"] if x["column"] == "历年累计" and x["label"] == "主动公开信息数"
    } == {300}
    assert r["facts"]["series.requests_received"] == 5
    assert r["facts"]["series.requests_granted"] == 4
    assert r["facts"]["series.active_published"] == 120
    assert r["facts"]["series.lawsuits"] == 1
    assert [c["code"] for c in r["checks"]] == []


def test_legacy_sum_on_the_2009_template():
    broken = LEGACY_2009.replace("3.否决公开答复总数\t件\t1\t1", "3.否决公开答复总数\t件\t2\t1")
    checks = parse_bytes(broken.encode(), name="x.txt")["checks"]
    assert [c["code"] for c in checks] == ["legacy.sum"]
    assert checks[0]["keys"][0] == "本年度对申请的答复总数"


def test_numbering_is_stripped_from_labels():
    assert strip_numbering("（一）主动公开政府信息数") == "主动公开政府信息数"
    assert strip_numbering("其中：1、政府网站公开数") == "政府网站公开数"
    assert strip_numbering("十二、机构建设和保障经费情况") == "机构建设和保障经费情况"
    assert strip_numbering("3.其他") == "其他"


def test_2021_row_label_variants():
    """社会组织 for 社会公益组织, 只计这一情况, 三类内容事务信息 (typo), a label broken over lines."""
    rows = "\n".join([
        "三、收到和处理政府信息公开申请情况",
        "| (本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和) | 自然人 | 商业企业 | 科研机构 | 社会组织 | 法律服务机构 | 其他 | 总计 |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
        "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
        "| (二)部分公开(区分处理的,只计这一情况,不计其他情形) | 1 | 0 | 0 | 0 | 0 | 0 | 1 |",
        "| (三)不予公开 5.属于三类内容事务信息 | 2 | 0 | 0 | 0 | 0 | 0 | 2 |",
        "| 四、结转下年度 继续办理 | 0 | 0 | 0 | 0 | 0 | 0 | — |",
        "本年处理决定数量",
    ])  # fmt: skip
    r = parse_bytes(("某局2021年政府信息公开工作年度报告\n" + rows).encode(), name="x.md")
    assert r["format"] == "2021"
    assert r["facts"]["apply.new.total"] == 6 and r["facts"]["apply.new.commercial"] == 1
    assert r["facts"]["apply.partly_granted.natural_person"] == 1
    assert r["facts"]["apply.refused.internal_affairs.total"] == 2
    assert r["facts"]["apply.carried_forward.total"] == "NA"


def test_legacy_unit_printed_in_the_label():
    text = (
        "某镇2012年政府信息公开工作年度报告\n| 指标 | 本年度 |\n| --- | --- |\n| 主动公开政府信息数（条） | 56 |\n"
        "| 收到申请数（件） | 3 |\n| 行政复议数量（件） | 0 |\n"
    )
    r = parse_bytes(text.encode(), name="x.md")
    assert r["format"] == "legacy"
    rows = {x["label"]: (x["unit"], x["value"], x["column"]) for x in r["legacy"]}
    assert rows["主动公开政府信息数(条)"] == ("条", 56, "本年度")
    assert r["facts"]["series.requests_received"] == 3 and r["facts"]["series.active_published"] == 56


def test_title_line_with_page_metadata_and_chinese_numeral_dates():
    text = ("首页 > 政务公开 > 政府信息公开年报\n某县审计局二〇二一年政府信息公开工作年度报告   发布时间：2022-01-10  来源：本站\n"
            "一、总体情况\n本局认真贯彻条例。\n某县审计局\n二〇二二年一月二十日\n")  # fmt: skip
    r = parse_bytes(text.encode(), name="x.txt")
    assert r["title"] == "某县审计局二〇二一年政府信息公开工作年度报告"
    assert (r["agency"], r["report_year"], r["published"]) == ("某县审计局", 2021, "2022-01-10")
    r = parse_bytes(text.replace("发布时间：2022-01-10", "").encode(), name="x.txt")
    assert r["published"] == "2022-01-20"  # the signature date, in Chinese numerals


def test_agency_from_a_garbled_title_or_the_opening_sentence():
    """Forms met on real pages (昌图县七家子镇 2023: a title garbled by the page; 西柳镇 2023: named only in
    the opening sentence)."""
    garbled = "政府信息公开\n昌图县七家子镇2023年政府信息公开 工作告年度报\n来源:昌图县人民政府办公室 时间:2024-01-31\n一、总体情况\n"
    r = parse_bytes(garbled.encode(), name="x.txt")
    assert (r["agency"], r["report_year"], r["published"]) == ("昌图县七家子镇", 2023, "2024-01-31")
    opening = ("按照有关要求,结合工作实际,现编制形成了《西柳镇人民政府2023年政府信息公开工作年度报告》。\n"
               "一、总体情况\n2023年受理依申请公开0件。\n")  # fmt: skip
    r = parse_bytes(opening.encode(), name="x.txt")
    assert (r["agency"], r["report_year"]) == ("西柳镇人民政府", 2023)
