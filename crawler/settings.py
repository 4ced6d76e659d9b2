"""Every crawl default, in one place.

Override any of them on the command line: ``scrapy crawl portal -s REPORTS_DB=/tmp/x.db``.
"""

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Where parsed reports go (SQLite, created if missing) and where raw files are kept;
# an empty REPORTS_DB disables storage.
REPORTS_DB = "data/reports.db"
RAW_DIR = ""  # default: a `raw/` folder beside REPORTS_DB

# Polite by default: say who we are, obey robots.txt, one request at a time per site.
USER_AGENT = (
    "gov-disclosure-reports/0.1 (research crawler of 政府信息公开工作年度报告; polite, obeys robots.txt)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
CLOSESPIDER_PAGECOUNT = 5000
CLOSESPIDER_TIMEOUT = 3600
CLOSESPIDER_ERRORCOUNT = 100

ITEM_PIPELINES = {
    "crawler.pipelines.ParsePipeline": 300,
    "crawler.pipelines.SQLitePipeline": 800,
}

FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
