"""Deployment to scrapyd through scrapy.cfg's [deploy] (scrapyd-client), and a scheduled crawl run by it."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

from crawler.local import DEMO_LIST_PAGE, DEMO_PORTAL, ROOT, serve_directory

from .conftest import free_port

BIN = Path(sys.executable).parent


def _post(url: str, fields: dict | list[tuple[str, str]]) -> dict:
    data = urllib.parse.urlencode(fields).encode()
    with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=30) as r:
        return json.loads(r.read())


def test_deploy_egg_and_scheduled_crawl(tmp_path):
    egg = tmp_path / "crawler.egg"
    build = subprocess.run([str(BIN / "scrapyd-deploy"), f"--build-egg={egg}"], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)  # fmt: skip
    assert build.returncode == 0, build.stderr[-2000:]
    port = free_port()
    (tmp_path / "scrapyd.conf").write_text(
        f"[scrapyd]\nbind_address = 127.0.0.1\nhttp_port = {port}\neggs_dir = {tmp_path}/eggs\n"
        f"logs_dir = {tmp_path}/logs\ndbs_dir = {tmp_path}/dbs\nitems_dir =\njobs_to_keep = 5\n"
        "max_proc = 1\npoll_interval = 0.5\n"
    )
    server = subprocess.Popen(
        [str(BIN / "scrapyd")], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{base}/daemonstatus.json", timeout=2)
                break
            except OSError:
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        boundary = "----gdr"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"project\"\r\n\r\ncrawler\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n1\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"egg\"; filename=\"crawler.egg\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n").encode() + egg.read_bytes() + f"\r\n--{boundary}--\r\n".encode()  # fmt: skip
        request = urllib.request.Request(f"{base}/addversion.json", data=body,
                                         headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})  # fmt: skip
        with urllib.request.urlopen(request, timeout=60) as r:
            added = json.loads(r.read())
        assert added["status"] == "ok" and added["spiders"] >= 1, added
        db_path = tmp_path / "reports.db"
        with serve_directory(DEMO_PORTAL) as portal:
            job = _post(f"{base}/schedule.json", [
                ("project", "crawler"), ("spider", "portal"), ("start_url", portal + DEMO_LIST_PAGE),
                ("setting", f"REPORTS_DB={db_path}"), ("setting", "DOWNLOAD_DELAY=0"),
                ("setting", "AUTOTHROTTLE_START_DELAY=0"), ("setting", f"HTTPCACHE_DIR={tmp_path}/hc"),
            ])  # fmt: skip
            assert job["status"] == "ok", job
            deadline = time.monotonic() + 120
            while True:
                jobs = json.loads(
                    urllib.request.urlopen(f"{base}/listjobs.json?project=crawler", timeout=10).read()
                )
                if any(j["id"] == job["jobid"] for j in jobs["finished"]):
                    break
                assert time.monotonic() < deadline, jobs
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=20)
    con = sqlite3.connect(db_path)
    assert con.execute("select count(*) from reports").fetchone()[0] == 5
    assert con.execute("select finish_reason from crawl_runs").fetchall() == [("finished",)]
