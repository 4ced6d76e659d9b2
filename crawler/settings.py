"""Every crawl default, in one place.

Override any of them on the command line: ``scrapy crawl portal -s REPORTS_DB=/tmp/x.db``.
The defaults are polite: who we are in the user agent, robots.txt obeyed, one request
at a time per site with AutoThrottle on top of a one-second delay, retries with a
timeout, and limits that close a crawl that runs away.
"""

BOT_NAME = "crawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# Where parsed reports go (SQLite, created if missing) and where raw files are kept;
# an empty REPORTS_DB disables storage.
REPORTS_DB = "data/reports.db"
RAW_DIR = ""  # default: a `raw/` folder beside REPORTS_DB
# Parse and store in one worker process (crawler/worker.py), off the thread that downloads;
# False does both in the crawl's own process (parsing in a thread), as a debugger likes it.
STORAGE_PROCESS = True
# Documents handed to the worker and not yet stored; the crawl waits for room beyond this many
# (the worker stores what waits together in one commit, see crawler/worker.py).
STORAGE_QUEUE = 32
# How far below the crawl's CPU priority the worker runs (os.nice). 0: a fair share. Higher lets the
# downloads go first when only the crawl runs, but lets any other process starve the storage step.
STORAGE_NICENESS = 0

# Polite by default: say who we are, obey robots.txt, one request at a time per site.
USER_AGENT = (
    "gov-disclosure-reports/0.1 (research crawler of 政府信息公开工作年度报告; polite, obeys robots.txt)"
)
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0  # keep it above 0: with 0, Scrapy 2.19 starts all queued requests of a site at once
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DNS_TIMEOUT = 20
REDIRECT_ENABLED = True
REDIRECT_MAX_TIMES = 10
DOWNLOAD_MAXSIZE = 50 * 1024 * 1024
DOWNLOAD_WARNSIZE = 10 * 1024 * 1024
CLOSESPIDER_PAGECOUNT = 5000
CLOSESPIDER_TIMEOUT = 3600
CLOSESPIDER_ERRORCOUNT = 100
CLOSESPIDER_ITEMCOUNT = 0  # 0: no limit on documents; set it to sample a portal
PORTAL_MAX_LIST_PAGES = 500  # at most this many further list pages announced by one pager

# Attachments (.doc .docx .pdf .xls .xlsx .wps) go through Scrapy's FilesPipeline, kept in
# FILES_STORE (empty: a `files/` folder beside REPORTS_DB); redirects to the file are followed.
ATTACHMENTS_ENABLED = True
FILES_STORE = ""
MEDIA_ALLOW_REDIRECTS = True

# SQLitePipeline parses what it stores; ParsePipeline parses only when storage is off
# (an empty REPORTS_DB, e.g. to export parsed items with -o items.jsonl).
ITEM_PIPELINES = {
    "crawler.attachments.AttachmentsPipeline": 100,
    "crawler.pipelines.ParsePipeline": 300,
    "crawler.pipelines.SQLitePipeline": 800,
}

# Incremental: responses are cached with their validators and every request asks to revalidate
# (Cache-Control: max-age=0), so a second run sends If-Modified-Since / If-None-Match and an
# unchanged page answers 304; documents are then recognised by URL and SHA-256 and stored once.
HTTPCACHE_ENABLED = True
HTTPCACHE_POLICY = "scrapy.extensions.httpcache.RFC2616Policy"
HTTPCACHE_DIR = "httpcache"  # under the project's .scrapy/ folder
HTTPCACHE_STORAGE = (
    "crawler.httpcache.AtomicFilesystemCacheStorage"  # complete entries only, even after kill -9
)
DEFAULT_REQUEST_HEADERS = {
    "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5",
    "Cache-Control": "max-age=0",
}

# Monitoring at the close of every crawl (crawler/monitors.py); results go to monitor_results.
SPIDERMON_ENABLED = True
EXTENSIONS = {"spidermon.contrib.scrapy.extensions.Spidermon": 500}
SPIDERMON_SPIDER_CLOSE_MONITORS = ("crawler.monitors.SpiderCloseMonitorSuite",)
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
SPIDERMON_MAX_ERRORS = 0
SPIDERMON_UNWANTED_HTTP_CODES = {500: 0, 502: 0, 503: 0, 504: 0, 403: 0, 404: 5, 429: 0}

FEED_EXPORT_ENCODING = "utf-8"
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
