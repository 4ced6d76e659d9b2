"""End to end: serve the bundled demo portal on 127.0.0.1, run `scrapy crawl portal`, read the database."""

from __future__ import annotations

import sqlite_utils

from crawler.local import DEMO_LIST_PAGE, DEMO_PORTAL, crawl, serve_directory


def test_demo_portal_crawl_stores_every_report_once(tmp_path):
    db_path = tmp_path / "reports.db"
    with serve_directory(DEMO_PORTAL) as base:
        first = crawl(base + DEMO_LIST_PAGE, db_path)
        assert first.returncode == 0, first.stderr[-2000:]
        second = crawl(base + DEMO_LIST_PAGE, db_path)
        assert second.returncode == 0, second.stderr[-2000:]
    db = sqlite_utils.Database(db_path)
    reports = {(r["agency"], r["report_year"]): r for r in db["reports"].rows}
    assert set(reports) == {("梁园区前进街道办事处", 2020), ("曲阜市鲁城街道办事处", 2017), ("江南街道办事处", 2017),
                            ("市政务服务中心管理办公室", 2017), ("齐都镇政府", 2017)}  # fmt: skip
    assert reports[("梁园区前进街道办事处", 2020)]["format"] == "2019"
    assert reports[("齐都镇政府", 2017)]["format"] == "legacy"
    assert reports[("齐都镇政府", 2017)]["url"].endswith(".docx")  # published only as an attachment
    assert reports[("江南街道办事处", 2017)]["format"] == "legacy"
    assert reports[("市政务服务中心管理办公室", 2017)]["published"] == "2018-01-31T21:24:30"

    def fact(agency, key):
        report_id = [r["id"] for (a, _), r in reports.items() if a == agency][0]
        return db.execute(
            "select value, raw from facts where report = ? and key = ?", [report_id, key]
        ).fetchone()

    assert fact("梁园区前进街道办事处", "apply.new.total") == (0, "0")
    assert fact("梁园区前进街道办事处", "review.total") == (0, "0")
    qidu = [r["id"] for (a, _), r in reports.items() if a == "齐都镇政府"][0]
    assert db.execute("select value, unit from facts where report = ? and label like '政务微信公开政府信息数%'",
                      [qidu]).fetchone() == (167, "条")  # fmt: skip
    checks = {r["code"] for r in db["checks"].rows}
    assert {"section.duplicate_content", "agency.mismatch", "cell.missing"} <= checks
    assert db["checks"].count_where("severity = 'error'") == 0

    runs = list(db["crawl_runs"].rows)
    assert [r["finish_reason"] for r in runs] == ["finished", "finished"]
    assert runs[0]["reports_new"] == 5 and runs[0]["pages"] >= 9
    assert not runs[1]["reports_new"] and runs[1]["reports_unchanged"] == 5 and runs[1]["documents"] == 0
    assert db["reports"].count == 5 and db["documents"].count == 5
