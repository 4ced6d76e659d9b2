"""`scrapy crawl portal` end to end on saved pages of each CMS family, replayed on 127.0.0.1.

The replay server (crawler/replay.py) plays tests/fixtures/portals/<family>/ with the
behaviours of real portals: GBK pages behind a charset=utf-8 header, redirects, 404
and 500 answers, a flaky and a slow page, robots.txt rules, Hanweb's POST data proxy.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import sqlite_utils

from crawler.replay import serve
from crawler.run import crawl_command

ROOT = Path(__file__).resolve().parent.parent
PORTALS = ROOT / "tests" / "fixtures" / "portals"
FAST = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "DOWNLOAD_TIMEOUT": "1", "RETRY_TIMES": "1",
        "LOG_LEVEL": "WARNING"}  # fmt: skip


def crawl(
    db: Path, args: dict[str, str], settings: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run ``scrapy crawl portal -a K=V … -s REPORTS_DB=db`` in a fresh process (a reactor runs once per process)."""
    command = crawl_command(db, args, {**FAST, **(settings or {})})
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def reports(db: Path) -> dict[tuple[str, int], dict]:
    return {(r["agency"], r["report_year"]): r for r in sqlite_utils.Database(db)["reports"].rows}


def test_trs_portal_with_every_kind_of_misbehaviour(tmp_path):
    db = tmp_path / "reports.db"
    with serve(PORTALS / "trs") as server:
        crawl(db, {"start_url": server.base_url + "/xxgk/gknb/index.html", "agency": "来凤县人民政府"})
        paths = server.paths()
        agents = {ua for _, _, ua in server.requests}
    found = reports(db)
    assert set(found) == {("梁园区前进街道办事处", 2020), ("曲阜市鲁城街道办事处", 2017), ("江南街道办事处", 2017),
                          ("市政务服务中心管理办公室", 2017), ("赫章县交通运输局", 2021), ("齐都镇政府", 2017)}  # fmt: skip
    # the GBK page behind a charset=utf-8 header was read as GBK (its table facts are there)
    assert (
        found[("江南街道办事处", 2017)]["format"] == "legacy"
        and found[("江南街道办事处", 2017)]["fact_count"] > 0
    )
    # the report behind a 301 is stored under the URL it ended at
    assert found[("市政务服务中心管理办公室", 2017)]["url"].endswith("/201801/t20180131_1538207.html")
    # the cover page's .docx came through the FilesPipeline
    assert found[("齐都镇政府", 2017)]["url"].endswith("/P020180115123456.docx")
    assert list((tmp_path / "files" / "full").glob("*.docx"))
    # robots.txt first, its Disallow obeyed; lookalikes never fetched; our user agent on every request
    assert paths[0] == "/robots.txt"
    assert not [p for p in paths if "/private/" in p]
    assert not [p for p in paths if "201802/" in p or "201803/" in p or "notice" in p]
    assert agents == {next(iter(agents))} and "gov-disclosure-reports" in next(iter(agents))
    # the flaky page was retried; the 500, 404 and slow pages were given up and the crawl went on
    assert paths.count("/xxgk/gknb/202201/t20220127_72425999.html") == 2
    assert paths.count("/xxgk/gknb/201701/t20170121_1000002.html") == 2  # RETRY_TIMES=1
    assert "/xxgk/gknb/201701/t20170120_1000001.html" in paths
    run = list(sqlite_utils.Database(db)["crawl_runs"].rows)[0]
    assert run["finish_reason"] == "finished" and run["documents"] == 6


def test_trs_second_crawl_stores_nothing_twice(tmp_path):
    db = tmp_path / "reports.db"
    with serve(PORTALS / "trs") as server:
        url = server.base_url + "/xxgk/gknb/index.html"
        crawl(db, {"start_url": url})
        crawl(db, {"start_url": url})
    runs = list(sqlite_utils.Database(db)["crawl_runs"].rows)
    assert runs[0]["reports_new"] == 6 and runs[1]["documents"] == 0 and runs[1]["reports_unchanged"] == 6


def test_hanweb_column_pages_its_records_through_the_data_proxy(tmp_path):
    db = tmp_path / "reports.db"
    with serve(PORTALS / "hanweb") as server:
        crawl(db, {"start_url": server.base_url + "/col/col1229711376/index.html"})
        posts = server.paths("POST")
        gets = server.paths()
    assert sorted(posts) == [
        "/module/web/jpage/dataproxy.jsp?startrecord=31&endrecord=60&perpage=10",
        "/module/web/jpage/dataproxy.jsp?startrecord=61&endrecord=90&perpage=10",
        "/module/web/jpage/dataproxy.jsp?startrecord=91&endrecord=100&perpage=10",
    ]
    assert set(reports(db)) == {("丰收乡", 2022), ("对坊乡", 2023), ("桃江县松木塘镇人民政府", 2022),
                                ("太平镇人民政府", 2022)}  # fmt: skip
    assert len([p for p in gets if p.startswith("/art/")]) == 4  # news and lookalikes left alone


def test_vsb_count_down_pages_and_download_script_attachment(tmp_path):
    db = tmp_path / "reports.db"
    with serve(PORTALS / "vsb") as server:
        crawl(db, {"start_url": server.base_url + "/xxgk/zfxxgknb.htm"})
        paths = server.paths()
    assert {"/xxgk/zfxxgknb/2.htm", "/xxgk/zfxxgknb/1.htm"} <= set(paths)
    found = reports(db)
    assert set(found) == {("长春市某局", 2023), ("安康市某局", 2019), ("区统计局", 2023),
                          ("石家庄市桥西区中山街道办事处", 2021)}  # fmt: skip
    assert "download.jsp" in found[("石家庄市桥西区中山街道办事处", 2021)]["url"]


@pytest.mark.parametrize(
    "family, start, expected",
    [
        ("xxgk", "/public/column/12651?type=4&catId=7161351&action=list&nav=3",
         {("黄陂区某街道", 2020), ("通州区某局", 2019), ("天门市人民政府办公室", 2025)}),
        ("plain", "/zwgk/zfxxgknb/list.html",
         {("乌海市工业和信息化局", 2020), ("广州市荔湾区人民政府南源街道办事处", 2020)}),
        ("gkmlpt", "/gdhf/gkmlpt/api/all/2972?page=1&sid=755031",
         {("深圳市龙岗区某部门", 2024), ("湛江市人民政府地方志办公室", 2023)}),
    ],
)  # fmt: skip
def test_platform_plain_and_gkmlpt_lists(tmp_path, family, start, expected):
    db = tmp_path / "reports.db"
    with serve(PORTALS / family) as server:
        crawl(db, {"start_url": server.base_url + start})
        assert server.max_active == 1  # one request at a time per site
    assert set(reports(db)) == expected


def test_registry_mode_crawls_the_chosen_portals_with_their_agency(tmp_path):
    db = tmp_path / "reports.db"
    with serve(PORTALS / "vsb") as vsb, serve(PORTALS / "plain") as plain:
        registry = tmp_path / "portals.yaml"
        registry.write_text(
            f"""- {{id: t-vsb, agency: 长春新区管理委员会, region: 吉林省长春市, province: 吉林, level: city, cms: vsb,
   list_url: '{vsb.base_url}/xxgk/zfxxgknb.htm', verified: 'test server'}}
- {{id: t-plain, agency: 乌海市人民政府, region: 内蒙古自治区乌海市, province: 内蒙古, level: city, cms: other,
   list_url: '{plain.base_url}/zwgk/zfxxgknb/list.html', verified: 'test server'}}
""",
            encoding="utf-8",
        )
        crawl(db, {"registry_file": str(registry), "province": "吉林"})
        assert vsb.paths() and not plain.paths()  # filtered out
        crawl(db, {"registry_file": str(registry)})
        assert plain.paths()
        vsb_url = vsb.base_url
    found = reports(db)
    # the registry's agency travels with every document of its portal, as the agency of a report
    # that names none; a report that names its body (长春市某局, in its title) keeps that body
    assert found[("长春市某局", 2023)]["portal"] == "t-vsb" and ("长春新区管理委员会", 2023) not in found
    vsb_documents = [d for d in sqlite_utils.Database(db)["documents"].rows if d["url"].startswith(vsb_url)]
    assert len(vsb_documents) == 4 and {d["agency_hint"] for d in vsb_documents} == {"长春新区管理委员会"}
    assert ("乌海市工业和信息化局", 2020) in found and len(found) == 6
    db_rows = sqlite_utils.Database(db)
    # every report carries a region: its own title's, else the registry's
    assert all(r["region"] for r in db_rows["reports"].rows)
    assert {r["portal"] for r in db_rows["reports"].rows} == {"t-vsb", "t-plain"}
    assert {r["id"] for r in db_rows["portals"].rows} == {"t-vsb", "t-plain"}


def test_closespider_itemcount_ends_a_crawl_early(tmp_path):
    db = tmp_path / "reports.db"
    with serve(PORTALS / "hanweb") as server:
        crawl(
            db,
            {"start_url": server.base_url + "/col/col1229711376/index.html"},
            {"CLOSESPIDER_ITEMCOUNT": "1"},
        )
    run = list(sqlite_utils.Database(db)["crawl_runs"].rows)[0]
    assert run["finish_reason"] == "closespider_itemcount"
