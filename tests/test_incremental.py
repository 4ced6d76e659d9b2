"""Incremental crawls: a second run revalidates with conditional requests and notices a revised report."""

from __future__ import annotations

import re
import shutil
import sqlite3

from crawler.local import DEMO_LIST_PAGE, DEMO_PORTAL, crawl, serve_directory

from .conftest import METADATA

REVISED = "xxgk/xxgknb/202101/t20210120_2864013.html"


def _demo_copy(tmp_path):
    """A copy of the demo portal that a test may change, and the database path to crawl it into."""
    portal = tmp_path / "portal"
    shutil.copytree(DEMO_PORTAL, portal)
    return portal, tmp_path / "reports.db"


def _stats(result) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"'([a-z_/0-9]+)': (\d+),", result.stderr)}


def test_second_run_revalidates_and_notices_a_revised_report(tmp_path):
    portal, db_path = _demo_copy(tmp_path)
    settings = {"LOG_LEVEL": "INFO", "HTTPCACHE_DIR": str(tmp_path / "httpcache")}
    answered: list = []
    with serve_directory(portal, answered=answered) as base:
        first = crawl(base + DEMO_LIST_PAGE, db_path, settings)
        assert first.returncode == 0, first.stderr[-2000:]
        assert not any(conditional for _, _, conditional in answered)
        answered.clear()
        second = crawl(base + DEMO_LIST_PAGE, db_path, settings)
        assert second.returncode == 0
        assert _stats(second)["httpcache/revalidate"] >= 8
        # every page was asked for again with its validators, and none had changed
        pages = [(path, status) for path, status, conditional in answered if conditional]
        assert len(pages) >= 8 and all(status == 304 for _, status in pages)
        assert [path for path, status, _ in answered if status == 200] in ([], ["/robots.txt"])
        page = portal / REVISED
        page.write_text(page.read_text(encoding="utf-8").replace("0</td>", "1</td>", 1), encoding="utf-8")
        third = crawl(base + DEMO_LIST_PAGE, db_path, settings)
        assert third.returncode == 0
    con = sqlite3.connect(db_path)
    runs = con.execute("select reports_new, reports_unchanged from crawl_runs order by id").fetchall()
    assert runs == [(5, None), (None, 5), (1, 4)]
    versions = con.execute("select version, superseded_by is null from documents where url like ? order by version",
                           [f"%{REVISED}"]).fetchall()  # fmt: skip
    assert versions == [(1, 0), (2, 1)]  # the old version is kept, the new one is current
    counts = con.execute("select new_reports, revised_reports, unchanged_reports, status from crawl_portal_counts"
                         " order by crawl_run").fetchall()  # fmt: skip
    assert counts == [(5, 0, 0, "ok"), (0, 0, 5, "ok"), (0, 1, 4, "ok")]


def test_a_portal_that_stops_yielding_is_an_error_of_the_run(tmp_path):
    portal, db_path = _demo_copy(tmp_path)
    settings = {"HTTPCACHE_ENABLED": "False"}
    with serve_directory(portal) as base:
        assert crawl(base + DEMO_LIST_PAGE, db_path, settings).returncode == 0
        for page in (portal / "xxgk/xxgknb").glob("index*.html"):  # the portal's column moved away
            page.write_text("<html><body><p>栏目已迁移</p></body></html>", encoding="utf-8")
        assert crawl(base + DEMO_LIST_PAGE, db_path, settings).returncode == 0
    con = sqlite3.connect(db_path)
    assert con.execute("select status from crawl_portal_counts order by crawl_run").fetchall() == [
        ("ok",),
        ("broke",),
    ]
    errors = con.execute("select crawl_run, reason from errors").fetchall()
    assert errors and errors[0][0] == 2 and "yielded no document this run" in errors[0][1]
    monitor = con.execute(
        "select status, message from monitor_results where crawl_run = 2 and monitor = 'Portals'"
    )
    status, message = monitor.fetchone()
    assert status == "fail" and "portals that yielded documents before" in message


def test_a_portal_without_reports_yet_is_not_an_error(tmp_path):
    portal = tmp_path / "portal"
    (portal / "list").mkdir(parents=True)
    (portal / "list" / "index.html").write_text(
        "<html><body><ul><li>暂无信息</li></ul></body></html>", encoding="utf-8"
    )
    db_path = tmp_path / "reports.db"
    with serve_directory(portal) as base:
        assert crawl(base + "/list/index.html", db_path, {"HTTPCACHE_ENABLED": "False"}).returncode == 0
    con = sqlite3.connect(db_path)
    assert con.execute("select status from crawl_portal_counts").fetchall() == [("no report yet",)]
    assert con.execute("select count(*) from errors").fetchone()[0] == 0


def test_morning_check_page_shows_the_broken_run(tmp_path):
    import asyncio

    from datasette.app import Datasette

    test_a_portal_that_stops_yielding_is_an_error_of_the_run(tmp_path)

    async def page() -> tuple[str, list]:
        ds = Datasette([str(tmp_path / "reports.db")], metadata=METADATA)
        html = (await ds.client.get("/reports/morning_check")).text
        rows = (await ds.client.get("/reports/morning_check.json?_shape=array")).json()
        return html, rows

    html, rows = asyncio.run(page())
    assert "Morning check" in html
    assert [r["crawl_run"] for r in rows] == [2, 1]
    assert rows[0]["portals_broken"] == 1 and "Portals" in rows[0]["failed_checks"]
    assert rows[1]["portals_broken"] == 0 and rows[1]["finish_reason"] == "finished"


def test_failed_downloads_are_recorded_and_the_crawl_goes_on(tmp_path):
    """Oversized downloads (a page, an attachment) and a page gone (404) land in `errors`; the rest is stored."""
    portal = tmp_path / "portal"
    shutil.copytree(DEMO_PORTAL, portal)
    (portal / "xxgk/xxgknb/201801/t20180125_1533470.html").unlink()
    db_path = tmp_path / "reports.db"
    settings = {"HTTPCACHE_ENABLED": "False", "DOWNLOAD_MAXSIZE": "30000", "DOWNLOAD_WARNSIZE": "0"}
    with serve_directory(portal) as base:
        result = crawl(base + DEMO_LIST_PAGE, db_path, settings)
    assert result.returncode == 0
    con = sqlite3.connect(db_path)
    errors = dict(con.execute("select substr(url, instr(url, '/xxgk/')), reason from errors").fetchall())
    assert errors["/xxgk/xxgknb/201801/t20180125_1533470.html"] == "download failed: HTTP 404"
    assert errors["/xxgk/xxgknb/202101/t20210120_2864013.html"].startswith(
        "download failed:"
    )  # 36 KB > 30 KB
    assert errors["/xxgk/xxgknb/201801/P020180115123456.docx"].startswith(
        "attachment not downloaded"
    )  # 45 KB
    assert con.execute("select count(*) from reports").fetchone()[0] == 2
    assert con.execute("select finish_reason from crawl_runs").fetchone()[0] == "finished"


def test_monitors_at_the_close_of_a_run(tmp_path):
    """A healthy run passes every monitor; one stopped early by a CLOSESPIDER limit, after finding far fewer
    documents than the run before (most report pages gone), fails those two monitors."""
    portal, db_path = _demo_copy(tmp_path)
    settings = {"HTTPCACHE_ENABLED": "False"}
    with serve_directory(portal) as base:
        assert crawl(base + DEMO_LIST_PAGE, db_path, settings).returncode == 0
        for page in (portal / "xxgk/xxgknb").glob("20*/t*.html"):
            if "t20180131" not in page.name:
                page.unlink()  # all reports but one are gone (404)
        assert (
            crawl(base + DEMO_LIST_PAGE, db_path, {**settings, "CLOSESPIDER_ITEMCOUNT": "1"}).returncode == 0
        )
    con = sqlite3.connect(db_path)
    results = con.execute("select crawl_run, monitor, status from monitor_results").fetchall()
    first = {m: s for run, m, s in results if run == 1}
    assert set(first) >= {"Finish Reason Monitor", "Unwanted HTTP codes monitor", "Document count", "Report fields",
                          "Portals"}  # fmt: skip
    assert {s for s in first.values()} <= {"ok", "skipped"}
    second = {m: s for run, m, s in results if run == 2}
    assert second["Finish Reason Monitor"] == "fail"  # closespider_itemcount, not finished
    assert second["Document count"] == "fail"  # far fewer documents than the run before
    assert (
        con.execute("select finish_reason from crawl_runs where id = 2").fetchone()[0]
        == "closespider_itemcount"
    )
