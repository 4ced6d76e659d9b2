"""A crawl killed with SIGKILL at any point and started again loses nothing and stores nothing twice."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time

import pytest

from crawler.local import DEMO_LIST_PAGE, DEMO_PORTAL, ROOT, crawl, serve_directory
from crawler.run import crawl_command


def _state(db_path) -> dict:
    con = sqlite3.connect(db_path)
    try:
        return {
            "documents": sorted(con.execute("select url, sha256 from documents").fetchall()),
            "reports": sorted(
                con.execute("select url, agency, report_year, format, fact_count from reports").fetchall()
            ),
            "facts": con.execute("select count(*) from facts").fetchone()[0],
            "checks": con.execute("select count(*) from checks").fetchone()[0],
            "sections": con.execute("select count(*) from sections").fetchone()[0],
        }
    finally:
        con.close()


def _documents(db_path) -> int:
    try:
        con = sqlite3.connect(db_path, timeout=1)
        try:
            return con.execute("select count(*) from documents").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.fixture(scope="module")
def portal():
    with serve_directory(DEMO_PORTAL, delay=0.15) as base:
        yield base + DEMO_LIST_PAGE


@pytest.fixture(scope="module")
def reference(portal, tmp_path_factory):
    db_path = tmp_path_factory.mktemp("ref") / "reports.db"
    assert crawl(portal, db_path).returncode == 0
    return _state(db_path)


@pytest.mark.parametrize("kill_after", [0, 1, 3, 4])
def test_killed_crawl_restarted_equals_an_uninterrupted_one(portal, reference, tmp_path, kill_after):
    db_path = tmp_path / "reports.db"
    command = crawl_command(db_path, {"start_url": portal},
                            {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0", "LOG_LEVEL": "ERROR"})  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _documents(db_path) < kill_after and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    if kill_after == 0:
        time.sleep(0.3)  # killed while fetching the first pages
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    assert crawl(portal, db_path).returncode == 0
    assert _state(db_path) == reference
