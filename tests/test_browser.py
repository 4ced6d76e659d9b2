"""A person's visit, in a real headless Chromium: home page, one report with its facts and checks,
a search for 复议, a canned query and the trends dashboard, on ``datasette serve --immutable``.

Screenshots are kept in ``test-artifacts/browser/`` (git-ignored). Chromium and its driver are
Debian's ``chromium`` and ``chromium-driver`` (``make test`` installs them): without them this
test fails, it does not skip.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import shlex
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import storage

from .conftest import ROOT, crawl_seeds, free_port

ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1280,1000", "--lang=zh-CN",
]  # fmt: skip


def _build_db(path: Path) -> dict[str, str]:
    """The seed reports stored as a crawl would; returns report ids by agency."""
    db = storage.open_db(path)
    crawl_seeds(db, path.parent / "raw")
    ids = {agency: rid for rid, agency in db.execute("select id, agency from reports")}
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return ids


# what `make serve` must give datasette (read-only, counted once by `datasette inspect`, no facet suggestions)
SERVE_FLAGS = ["--immutable", "--inspect-file", "--metadata", "--setting", "suggest_facets", "off"]


def _make_serve(db_path: Path, port: int) -> list[list[str]]:
    """The commands of the Makefile's ``serve`` recipe for ``db_path`` and ``port``, run with this interpreter.

    ``_make_serve(Path("/tmp/r.db"), 8001)`` → ``[[python, "-m", "storage", "migrate", "--db", "/tmp/r.db"],
    [python, "-m", "datasette", "inspect", …], [python, "-m", "datasette", "serve", "--immutable", …]]``.
    """
    recipe = re.search(r"^serve:.*?(?=^\S)", (ROOT / "Makefile").read_text(), re.M | re.S).group(0)
    lines = [line.strip() for line in recipe.replace("\\\n", " ").splitlines()[1:] if line.strip()]
    variables = {"$(BIN)/python": shlex.quote(sys.executable), "$(BIN)/datasette": f"{shlex.quote(sys.executable)} -m datasette",
                 "$(DB)": shlex.quote(str(db_path)), "$(PORT)": str(port)}  # fmt: skip
    commands = []
    for line in lines:
        for name, value in variables.items():
            line = line.replace(name, value)
        assert "$(" not in line, line  # a variable this test does not know: teach it
        commands.append(shlex.split(line))
    return commands


@contextlib.contextmanager
def _datasette(db_path: Path) -> Iterator[str]:
    """Datasette as ``make serve`` runs it (its very commands: read-only, counted once), on a free port of 127.0.0.1."""
    port = free_port()
    *prepare, serve = _make_serve(db_path, port)
    assert serve[1:4] == ["-m", "datasette", "serve"] and all(flag in serve for flag in SERVE_FLAGS), serve
    for command in prepare:
        subprocess.run(command, check=True, cwd=ROOT)
    proc = subprocess.Popen(serve, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2) as response:
                    json.load(response)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read().decode(errors="replace") if proc.stdout else ""
                    pytest.fail(f"datasette did not start: {output[-2000:]}")
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@contextlib.contextmanager
def _chromium(profile: Path) -> Iterator[webdriver.Chrome]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver_path = shutil.which("chromedriver")
    if not chromium or not driver_path:
        pytest.fail("Debian's chromium and chromium-driver are needed (make system-deps installs them)")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver: webdriver.Chrome, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 800), 3000))
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))
    driver.set_window_size(1280, 1000)


def _text(driver: webdriver.Chrome) -> str:
    return driver.find_element(By.TAG_NAME, "body").text


def test_a_person_browses_searches_and_queries(tmp_path):
    db_path = tmp_path / "reports.db"
    ids = _build_db(db_path)
    with _datasette(db_path) as base, _chromium(tmp_path / "profile") as driver:
        wait = WebDriverWait(driver, 20)
        with urllib.request.urlopen(base + "/-/databases.json", timeout=5) as response:
            assert [(d["name"], d["is_mutable"]) for d in json.load(response)] == [("reports", False)]
        served = hashlib.sha256(db_path.read_bytes()).hexdigest()

        # home page: the title and the database with its tables
        driver.get(base + "/")
        body = _text(driver)
        assert "政府信息公开工作年度报告" in driver.title + body
        assert "reports" in body and "facts" in body
        _shot(driver, "01-home")

        # the reports table, then one report by clicking its row
        driver.find_element(By.LINK_TEXT, "reports").click()
        wait.until(EC.presence_of_element_located((By.LINK_TEXT, "reports"))).click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns")))
        assert "梁园区前进街道办事处" in _text(driver)
        assert "One row per annual report" in _text(driver)
        _shot(driver, "02-reports-table")
        report = ids["梁园区前进街道办事处"]
        driver.find_element(By.CSS_SELECTOR, f'a[href$="/reports/reports/{report}"]').click()
        wait.until(EC.url_contains(f"/reports/reports/{report}"))
        body = _text(driver)
        assert "梁园区前进街道办事处" in body and "2020" in body and "township" in body
        _shot(driver, "03-report")

        # its facts: the link from the report's page, with the labels of the official template
        driver.find_element(By.CSS_SELECTOR, 'a[href*="/reports/facts?report="]').click()
        wait.until(EC.url_contains("/reports/facts"))
        body = _text(driver)
        assert "apply.new.total" in body
        assert "本年新收政府信息公开申请数量" in body  # fact_keys' label shown beside the key
        assert "rows where report =" in body
        _shot(driver, "04-report-facts")

        # its checks
        driver.back()
        wait.until(EC.url_contains(f"/reports/reports/{report}"))
        driver.find_element(By.CSS_SELECTOR, 'a[href*="/reports/checks?report="]').click()
        wait.until(EC.url_contains("/reports/checks"))
        body = _text(driver)
        assert "agency.mismatch" in body and "warning" in body
        _shot(driver, "05-report-checks")

        # a search for 复议, typed into the canned query's form
        driver.get(base + "/reports/search")
        box = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, 'input[name="q"]')))
        box.clear()
        box.send_keys("复议")
        box.submit()
        wait.until(EC.url_contains("q="))
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns")))
        body = _text(driver)
        assert "Search the reports' text" in body
        assert "齐都镇政府" in body and "江南街道办事处" in body
        assert "行政复议" in body  # the excerpt around the word
        rows = driver.find_elements(By.CSS_SELECTOR, "table.rows-and-columns tbody tr")
        assert len(rows) >= 3
        _shot(driver, "06-search-fuyi")

        # a canned query: share of requests granted by year and level
        driver.get(base + "/reports")
        driver.find_element(By.LINK_TEXT, "Share of requests granted, by year and level of body").click()
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "table.rows-and-columns")))
        body = _text(driver)
        assert "percent_granted" in body and "township" in body and "2017" in body
        _shot(driver, "07-granted-share")

        # the trends dashboard draws its charts (vega is bundled: nothing is fetched from outside)
        driver.get(base + "/-/dashboards/trends")
        wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".vega-embed canvas, .vega-embed svg")))
        assert "Trends per year" in _text(driver)
        _shot(driver, "08-dashboard")
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == served  # read-only: the file is unchanged
