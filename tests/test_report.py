"""The five seed reports, field by field (expected values read from the documents by hand)."""

from parsers.report import agency_of, region_of


def test_seed_004_metadata(parsed_seeds):
    r = parsed_seeds["004"]
    assert r["agency"] == "梁园区前进街道办事处"
    assert r["region"] == "梁园区"
    assert r["report_year"] == 2020
    assert r["format"] == "2019"
    assert r["title"] == "梁园区前进街道办事处2020年政府信息公开工作年度报告"
    assert r["published"] is None  # no page time and no signature date in the text


def test_seed_004_sections_numbered_once_each(parsed_seeds):
    sections = parsed_seeds["004"]["sections"]
    assert [s["number"] for s in sections] == [1, 2, 3, 4, 5, 6]
    assert [s["kind"] for s in sections] == [
        "overview",
        "active",
        "requests",
        "review_litigation",
        "problems",
        "other",
    ]
    # the sub-items 一、组织机构情况 二、制度建设及执行情况 inside 总体情况 are not sections
    assert "一、组织机构情况" in sections[0]["text"]
    # section 五 carries a copy of section 一
    assert sections[4]["text"].startswith("一、总体情况")


def test_seed_004_tables_all_zero(parsed_seeds):
    facts = parsed_seeds["004"]["facts"]
    for key in ["apply.new.total", "apply.new.natural_person", "apply.carried_over.total", "apply.granted.total",
                "apply.total.total", "apply.carried_forward.total", "apply.other.total",
                "apply.refused.admin_query.social_org", "apply.not_processed.confirm_reissue.other_org",
                "active.regulation.made", "active.normative_document.published", "active.licensing.decisions",
                "active.other_admin_service.prev_count", "active.fees.change", "active.procurement.amount",
                "active.procurement.projects", "review.total", "review.upheld", "litigation.direct.total",
                "litigation.after_review.total", "litigation.after_review.pending"]:  # fmt: skip
        assert facts[key] == 0, key
    # 社会组织 (not 社会公益组织) in this report's header still maps to social_org
    assert facts["apply.new.social_org"] == 0
    assert facts["series.requests_received"] == 0
    assert facts["series.lawsuits"] == 0


def test_seed_004_row_with_missing_cell_is_not_guessed(parsed_seeds):
    r = parsed_seeds["004"]
    # （四）1.本机关不掌握相关政府信息 prints six values for seven columns: none is placed
    assert "apply.unavailable.not_held.total" not in r["facts"]
    missing = [c for c in r["checks"] if c["code"] == "cell.missing"]
    assert missing and "apply.unavailable.not_held.total" in missing[0]["keys"]


def test_seed_004_checks(parsed_seeds):
    codes = {c["code"] for c in parsed_seeds["004"]["checks"]}
    assert {"section.duplicate_content", "agency.mismatch", "cell.missing"} <= codes
    assert not [c for c in parsed_seeds["004"]["checks"] if c["severity"] == "error"]
    mismatch = next(c for c in parsed_seeds["004"]["checks"] if c["code"] == "agency.mismatch")
    assert "珠街街道办事处" in mismatch["message"]


def test_seed_003_legacy_multiline_labels(parsed_seeds):
    r = parsed_seeds["003"]
    assert (r["agency"], r["report_year"], r["format"]) == ("齐都镇政府", 2017, "legacy")
    rows = {(x["label"].split("(")[0], x["unit"]): x["value"] for x in r["legacy"]}
    assert rows[("主动公开政府信息数", "条")] == 23
    assert rows[("主动公开规范性文件数", "条")] == 23
    assert rows[("制发规范性文件总数", "件")] == 61
    assert rows[("政府网站公开政府信息数", "条")] == 75
    assert rows[("政务微信公开政府信息数", "条")] == 167
    assert rows[("收到申请数", "件")] == 0
    assert rows[("专职人员数", "人")] == 1
    assert rows[("兼职人员数", "人")] == 1
    assert rows[("政府信息公开专项经费", "万元")] == 1
    assert rows[("接受培训人员数", "人次")] == 16
    assert rows[("举办各类培训班数", "次")] == 2
    assert all(x["column"] == "统计数" for x in r["legacy"])
    assert r["facts"]["series.requests_received"] == 0
    assert r["facts"]["series.active_published"] == 23
    assert len(r["sections"]) == 11 and r["sections"][-1]["heading"] == "十一、需要说明的事项与附表"


def test_seed_001_legacy_flattened_in_page_chrome(parsed_seeds):
    r = parsed_seeds["001"]
    assert (r["agency"], r["report_year"], r["format"]) == ("江南街道办事处", 2017, "legacy")
    assert r["published"] == "2018-01-03T18:35:00"  # the page's time, not the garbled signature
    current = {x["label"]: x["value"] for x in r["legacy"] if x["column"] == "2017年度"}
    total = {x["label"]: x["value"] for x in r["legacy"] if x["column"] == "历年累计"}
    assert current["主动公开文件数"] == 24 and total["主动公开文件数"] == 238
    assert current["政府网站公开数"] == 24
    assert current["受理政府信息公开申请总数"] == 0
    assert all(x["unit"] is None for x in r["legacy"])  # the unit cells vanished in this copy
    assert r["facts"]["series.active_published"] == 24
    # the signature date at the end (20171231) is not an indicator
    assert not [x for x in r["legacy"] if "办事处" in x["label"]]


def test_narrative_seeds(parsed_seeds):
    for n, agency, published in [("000", "曲阜市鲁城街道办事处", None),
                                 ("002", "市政务服务中心管理办公室", "2018-01-31T21:24:30")]:  # fmt: skip
        r = parsed_seeds[n]
        assert (r["agency"], r["report_year"], r["format"], r["published"]) == (
            agency,
            2017,
            "narrative",
            published,
        )
        assert not [k for k in r["facts"] if not k.startswith("series.")]
        assert r["legacy"] == []
    assert parsed_seeds["000"]["title"] == "曲阜市鲁城街道办事处2017年度政府信息公开工作年度报告"
    assert [s["kind"] for s in parsed_seeds["002"]["sections"]][:2] == ["overview", "organisation"]


def test_agency_and_region_from_titles():
    assert agency_of("2021年耿马县司法局政府信息公开工作年度报告") == "耿马县司法局"
    assert agency_of("齐都镇政府2017年信息公开工作年度报告") == "齐都镇政府"
    assert agency_of("上海市人民政府办公厅2019年政府信息公开工作年度报告") == "上海市人民政府办公厅"
    assert region_of("曲阜市鲁城街道办事处") == "曲阜市"
    assert region_of("江南街道办事处") is None
