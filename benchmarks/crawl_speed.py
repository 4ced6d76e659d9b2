"""Crawl speed: pages per second through the full pipeline against a bare Scrapy spider, and peak RSS.

A synthetic TRS portal (``createPageHTML`` list pages, 20 reports a page, report pages
with real report texts from the fixtures) is served on 127.0.0.1 by
``crawler.replay``.  Two crawls run on it, each in its own process, with the same
settings (a 1 ms delay, AutoThrottle off, robots.txt obeyed, one request at a time per
site unless ``concurrency`` says otherwise):

* **full** — ``scrapy crawl portal``: link rules of every CMS family, charset repair,
  attachments pipeline, ``parsers.parse_bytes`` on every report, SQLite storage;
* **bare** — a spider that follows the same links (the same ``report_links`` and
  ``next_pages``) and yields nothing.

Pages per second = responses received ÷ the crawl's ``elapsed_time_seconds``; the
ratio of the medians of ``repeat`` runs of each is the figure to judge by (a single best run
moves with the machine's noise); best against best is given too.  Peak RSS is the child's own
``resource.getrusage(RUSAGE_SELF).ru_maxrss``, and the storage worker's ``RUSAGE_CHILDREN``: the worker
is forked from the crawl, so its figure counts the pages it shares with the crawl's process too.
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "tests" / "fixtures" / "reports").glob("*.txt")) + sorted(
    (ROOT / "tests" / "fixtures" / "seeds").glob("*.txt")
)
SETTINGS = {
    # the least delay: with 0, Scrapy 2.19 starts every queued request of a site at once
    # (CONCURRENT_REQUESTS_PER_DOMAIN is not held; 11 at once were seen), with any delay it is
    "DOWNLOAD_DELAY": 0.001,
    "AUTOTHROTTLE_ENABLED": False,
    "LOG_LEVEL": "ERROR",
    "TELNETCONSOLE_ENABLED": False,
    "CLOSESPIDER_TIMEOUT": 600,
}


def build_portal(folder: Path, reports: int = 200, per_page: int = 20) -> str:
    """Write a TRS-like portal of ``reports`` report pages into ``folder``; returns the list page's path.

    ``build_portal(Path("/tmp/portal"))`` → ``"/xxgk/zfxxgknb/index.html"``
    """
    column = folder / "xxgk" / "zfxxgknb"
    pages = (reports + per_page - 1) // per_page
    items: list[list[str]] = [[] for _ in range(pages)]
    for n in range(reports):
        text = TEXTS[n % len(TEXTS)].read_text(encoding="utf-8")
        title = f"第{n + 1}号单位{2015 + n % 10}年政府信息公开工作年度报告"
        day = f"2024{1 + n % 12:02d}{1 + n % 28:02d}"
        path = f"{day[:6]}/t{day}_{100000 + n}.html"
        body = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
        page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
                f'<meta name="ArticleTitle" content="{title}"></head><body><div class="nav"><a href="/">首页</a></div>'
                f'<h1>{title}</h1><div class="TRS_Editor">{body}</div><div class="footer">主办单位：某县人民政府</div>'
                f"</body></html>")  # fmt: skip
        (column / path).parent.mkdir(parents=True, exist_ok=True)
        (column / path).write_text(page, encoding="utf-8")
        items[n // per_page].append(
            f'<li><a href="./{path}" title="{title}">{title}</a><span>{day[:4]}-{day[4:6]}-{day[6:]}</span></li>'
        )
    for p, entries in enumerate(items):
        entries.append(
            '<li><a href="./lookalike.html">2023年法治政府建设年度报告</a><span>2024-01-01</span></li>'
        )
        script = f'var countPage = {pages}\ncreatePageHTML(countPage, {p}, "index", "html");'
        page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title></head><body>'
                f'<ul class="list">{"".join(entries)}</ul><div class="page"><script>{script}</script></div></body></html>')  # fmt: skip
        name = "index.html" if p == 0 else f"index_{p}.html"
        (column / name).write_text(page, encoding="utf-8")
    (folder / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n", encoding="utf-8")
    return "/xxgk/zfxxgknb/index.html"


def _child(mode: str, url: str, db: str, concurrency: int) -> None:
    """Run one crawl in this process and print its figures as JSON (called by :func:`run`)."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.links import next_pages, report_links
    from crawler.spiders.portal import PortalSpider

    class BareSpider(scrapy.Spider):
        """Follows the same list and report links as ``portal``, yields nothing."""

        name = "bare"

        def __init__(self, start_url: str, **kwargs: object):
            super().__init__(**kwargs)
            self.start_urls = [start_url]

        def parse(self, response):
            for link, _title, _date in report_links(response.selector, response.url):
                yield scrapy.Request(link, callback=self.parse_report)
            for link in next_pages(response.selector, response.url):
                yield scrapy.Request(link, callback=self.parse)

        def parse_report(self, response):
            return None

    settings = get_project_settings()
    settings.setdict(
        # a fresh HTTP cache per run: every run is a first crawl, cache writes included, for both spiders
        {
            **SETTINGS,
            "REPORTS_DB": db,
            "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
            "HTTPCACHE_DIR": str(Path(db).with_suffix(".httpcache")),
        },
        priority="cmdline",
    )
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PortalSpider if mode == "full" else BareSpider)
    process.crawl(crawler, start_url=url)
    process.start()
    stats = crawler.stats.get_stats()
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the storage worker, forked and waited for
    print(json.dumps({
        "pages": stats.get("response_received_count", 0),
        "items": stats.get("item_scraped_count", 0),
        "elapsed": stats.get("elapsed_time_seconds"),
        "maxrss_mb": own.ru_maxrss / 1024,
        "worker_rss_mb": children.ru_maxrss / 1024,
    }))  # fmt: skip


def _measure(mode: str, url: str, folder: Path, concurrency: int, run: int) -> dict:
    db = folder / f"{mode}-{concurrency}-{run}.db"
    command = [
        sys.executable,
        "-m",
        "benchmarks.crawl_speed",
        "--child",
        mode,
        url,
        str(db),
        str(concurrency),
    ]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, timeout=900)
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    figures["pps"] = figures["pages"] / figures["elapsed"]
    return figures


def run(reports: int = 200, repeat: int = 5, concurrency: int = 1, latency_ms: float = 0.0) -> dict:
    """Pages/s of the full pipeline and of the bare spider (best of ``repeat``), their ratio, and peak RSS.

    ``latency_ms`` delays every answer of the server (0: it answers at once, so the
    crawl is bound by the crawler's own work and the pipeline's cost shows in full).
    """
    from crawler.replay import serve

    with tempfile.TemporaryDirectory(prefix="crawl-speed-") as tmp:
        folder = Path(tmp)
        start = build_portal(folder / "portal", reports)
        with serve(folder / "portal", latency=latency_ms / 1000) as server:
            url = server.base_url + start
            results = {"full": [], "bare": []}
            at_once = 0  # the most requests the server answered at the same time
            for i in range(repeat):  # interleaved, so machine noise hits both alike
                for mode in ("bare", "full"):
                    results[mode].append(_measure(mode, url, folder, concurrency, i))
                    at_once = max(at_once, server.max_active)
    best = {mode: max(runs, key=lambda r: r["pps"]) for mode, runs in results.items()}
    median = {mode: statistics.median(r["pps"] for r in runs) for mode, runs in results.items()}
    return {
        "reports": reports,
        "concurrency": concurrency,
        "latency_ms": latency_ms,
        "most_requests_at_once": at_once,
        "pages": best["full"]["pages"],
        "items": best["full"]["items"],
        "full_pps": best["full"]["pps"],
        "bare_pps": best["bare"]["pps"],
        "ratio": best["full"]["pps"] / best["bare"]["pps"],
        "median_ratio": median["full"] / median["bare"],
        "full_rss_mb": max(r["maxrss_mb"] for r in results["full"]),
        "bare_rss_mb": max(r["maxrss_mb"] for r in results["bare"]),
        "worker_rss_mb": max(r["worker_rss_mb"] for r in results["full"]),
    }


def main() -> None:
    """``python -m benchmarks.crawl_speed [--reports N] [--repeat N] [--concurrency N]``."""
    ap = argparse.ArgumentParser(prog="python -m benchmarks.crawl_speed", description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument(
        "--concurrency", type=int, default=1, help="CONCURRENT_REQUESTS_PER_DOMAIN for both crawls"
    )
    ap.add_argument(
        "--latency", type=float, default=0.0, help="milliseconds before every answer of the server"
    )
    ap.add_argument("--child", nargs=4, metavar=("MODE", "URL", "DB", "CONCURRENCY"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        mode, url, db, concurrency = args.child
        _child(mode, url, db, int(concurrency))
        return
    print(json.dumps(run(args.reports, args.repeat, args.concurrency, args.latency), indent=1))


if __name__ == "__main__":
    main()
