"""The polite and robust defaults of crawler/settings.py, as Scrapy loads them."""

from scrapy.utils.project import get_project_settings


def test_polite_defaults():
    s = get_project_settings()
    assert "gov-disclosure-reports" in s["USER_AGENT"] and "robots.txt" in s["USER_AGENT"]
    assert s.getbool("ROBOTSTXT_OBEY") and s.getbool("AUTOTHROTTLE_ENABLED")
    assert s.getint("CONCURRENT_REQUESTS_PER_DOMAIN") == 1 and s.getfloat("DOWNLOAD_DELAY") >= 1
    assert (
        s.getbool("RETRY_ENABLED") and s.getint("RETRY_TIMES") >= 1 and 500 in s.getlist("RETRY_HTTP_CODES")
    )
    assert 0 < s.getint("DOWNLOAD_TIMEOUT") <= 60
    assert s.getint("CLOSESPIDER_PAGECOUNT") > 0 and s.getint("CLOSESPIDER_TIMEOUT") > 0
    assert s.getint("CLOSESPIDER_ERRORCOUNT") > 0
    assert s["FEED_EXPORT_ENCODING"] == "utf-8"


def test_attachments_go_through_the_files_pipeline_before_parsing():
    s = get_project_settings()
    pipelines = s.getdict("ITEM_PIPELINES")
    assert pipelines["crawler.attachments.AttachmentsPipeline"] < pipelines["crawler.pipelines.ParsePipeline"]
    assert s.getbool("MEDIA_ALLOW_REDIRECTS")


def test_files_store_defaults_beside_the_database():
    from crawler.attachments import files_store

    assert files_store({"FILES_STORE": "/x/files", "REPORTS_DB": "a.db"}) == "/x/files"
    assert files_store({"FILES_STORE": "", "REPORTS_DB": "/d/reports.db"}) == "/d/files"
    assert files_store({"FILES_STORE": "", "REPORTS_DB": ""}).split("/")[-1].startswith("portal-files-")
