"""Monitoring at the close of each crawl, with spidermon.

At the end of a run the suite checks its finish reason, its error count, the
unwanted HTTP codes it met, how many documents it found against the previous
run of the same start URL, and how many parsed reports carry the fields a
user relies on (agency, year, format, published).  Every monitor's result is
stored in the ``monitor_results`` table (one row per monitor and run), which
Datasette shows as the page to check each morning.

Enable with the settings in ``crawler/settings.py`` (``SPIDERMON_ENABLED``).
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

from spidermon import Monitor, MonitorSuite, monitors
from spidermon.contrib.scrapy.monitors import ErrorCountMonitor, FinishReasonMonitor, UnwantedHTTPCodesMonitor
from spidermon.core.actions import Action

import storage

# spidermon 1.27 logs through Spider.log(), which Scrapy 2.13+ deprecates; the message is harmless
warnings.filterwarnings("ignore", message=r"Spider\.log\(\) is deprecated", module="spidermon")

# fields of a parsed report whose share among the run's reports is monitored, with the least acceptable share
FIELD_COVERAGE = {"agency": 0.9, "report_year": 1.0, "format": 1.0, "published": 0.5}


def coverage(stats: dict) -> dict[str, float]:
    """Share of the run's parsed reports that carry each monitored field, from the pipeline's stats.

    >>> coverage({"reports/parsed": 4, "reports/field/agency": 3})["agency"]
    0.75
    """
    parsed = stats.get("reports/parsed", 0)
    return {f: (stats.get(f"reports/field/{f}", 0) / parsed if parsed else 1.0) for f in FIELD_COVERAGE}


def documents_found(stats: dict) -> int:
    """Documents downloaded in this run, over all portals (the pipeline counts ``portal/<id>/documents``).

    >>> documents_found({"portal/a/documents": 3, "portal/b/documents": 2, "item_scraped_count": 9})
    5
    """
    return sum(v for k, v in stats.items() if k.startswith("portal/") and k.endswith("/documents"))


@monitors.name("Report fields")
class ReportFieldCoverageMonitor(Monitor):
    """Parsed reports must carry the fields people rely on, in the shares of ``FIELD_COVERAGE``."""

    @monitors.name("Parsed reports carry agency, year, format and publication date")
    def test_field_coverage(self) -> None:
        found = coverage(self.data.stats)
        low = {f: round(share, 2) for f, share in found.items() if share < FIELD_COVERAGE[f]}
        self.assertFalse(low, msg=f"fields below their expected share: {low}")


@monitors.name("Document count")
class DocumentCountMonitor(Monitor):
    """A run must find documents, and at least half as many as the previous run of the same start URL."""

    @monitors.name("The run found documents, and not far fewer than the previous run")
    def test_against_previous_run(self) -> None:
        stats = self.data.stats
        found = documents_found(stats)
        previous = stats.get("monitor/previous_documents")
        if previous:
            self.assertGreaterEqual(
                found,
                previous // 2,
                msg=f"{found} documents this run, {previous} in the previous run of this portal",
            )
        else:
            self.assertGreater(found, 0, msg="the crawl found no document at all")


@monitors.name("Portals")
class PortalYieldMonitor(Monitor):
    """No portal that yielded documents in earlier runs may yield none in this one."""

    @monitors.name("No portal that yielded documents before yields none now")
    def test_no_portal_broke(self) -> None:
        broke = self.data.stats.get("portals/broke", [])  # set by the storage pipeline as it closes
        self.assertFalse(broke, msg=f"portals that yielded documents before and none this run: {broke}")


class StoreResults(Action):
    """Write each monitor's outcome into ``monitor_results`` of the reports database."""

    def run_action(self) -> None:
        db_path = self.data.crawler.settings.get("REPORTS_DB")
        if not db_path:
            return
        run_id = self.data.stats.get("crawl_run/id")
        at = datetime.now(UTC).replace(microsecond=0).isoformat()
        rows = [
            {"crawl_run": run_id, "at": at, "monitor": r.monitor.monitor_name, "test": r.monitor.method_name,
             "status": str(r.status).lower(), "message": (r.reason or "")[:500]}
            for r in self.result.monitor_results
        ]  # fmt: skip
        db = storage.open_db(db_path)
        try:
            with db.conn:
                db["monitor_results"].insert_all(rows)
        finally:
            db.close()


class SpiderCloseMonitorSuite(MonitorSuite):
    """What is checked when a crawl closes."""

    monitors = [
        FinishReasonMonitor,
        ErrorCountMonitor,
        UnwantedHTTPCodesMonitor,
        DocumentCountMonitor,
        ReportFieldCoverageMonitor,
        PortalYieldMonitor,
    ]
    monitors_finished_actions = [StoreResults]
