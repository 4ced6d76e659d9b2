"""``make reparse``: reports, facts and checks rebuilt from the raw files kept on disk, nothing fetched."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import storage
from parsers import PARSER_VERSION, parse_bytes

from .conftest import ROOT, crawl_seeds, seed


def _crawl_like(db, raw_dir: Path, parser_version: str = "0.0.1", **hints) -> dict[str, str]:
    """Store the seeds as the pipeline does, but as if an older parser had read them (some facts lost)."""

    def older(report: dict) -> dict:
        return {**report, "parser_version": parser_version, "facts": dict(list(report["facts"].items())[:3]),
                "checks": []}  # fmt: skip

    return crawl_seeds(db, raw_dir, prepare=older, published_hint="2021-01-20",
                       fetched_at="2021-02-01T00:00:00+00:00", **hints)  # fmt: skip


def _rows(db, table: str) -> list[dict]:
    return list(db[table].rows)


def test_reparse_rebuilds_reports_from_the_raw_files(tmp_path, monkeypatch):
    db = storage.open_db(tmp_path / "reports.db")
    ids = _crawl_like(db, tmp_path / "raw")
    documents, runs = _rows(db, "documents"), _rows(db, "crawl_runs")

    # nothing may be fetched: any network access fails the test
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("reparse must not fetch anything")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    counts = storage.reparse(db)
    assert counts == {"documents": 5, "reparsed": 5, "unchanged": 0, "missing": 0, "errors": 0}
    assert {r["parser_version"] for r in db["reports"].rows} == {PARSER_VERSION}
    fresh = parse_bytes(seed("004").read_bytes(), name=seed("004").name, published="2021-01-20")
    report = db["reports"].get(ids["004"])
    assert report["fact_count"] == len(fresh["facts"]) == 195
    assert report["published"] == "2021-01-20"  # the list page's date, kept with the document
    assert report["fetched_at"] == "2021-02-01T00:00:00+00:00"  # when it was fetched, not now
    assert db.execute("select count(*) from facts where report = ?", [ids["004"]]).fetchone()[0] == 195
    assert {c["code"] for c in db["checks"].rows_where("report = ?", [ids["004"]])} == {
        c["code"] for c in fresh["checks"]
    }
    assert storage.search(db, "复议")
    # nothing else is touched: no crawl run, no document version
    assert _rows(db, "documents") == documents and _rows(db, "crawl_runs") == runs

    # a second reparse finds everything current
    before = list(db.conn.iterdump())
    assert storage.reparse(db)["unchanged"] == 5
    assert list(db.conn.iterdump()) == before
    # force rewrites all the same, with the same result
    assert storage.reparse(db, force=True)["reparsed"] == 5
    assert db["facts"].count == sum(r["fact_count"] for r in db["reports"].rows)


def test_reparse_keeps_the_portal_and_the_region_it_gave(tmp_path):
    """A report's portal, and the region the registry gives that portal, are hints of the crawl like the others."""
    db = storage.open_db(tmp_path / "reports.db")
    storage.upsert_portals(db, [{"id": "test-portal", "name": "某某区人民政府", "region": "某某区",
                                 "list_url": "http://127.0.0.1:9/xxgk/index.html"}])  # fmt: skip
    ids = _crawl_like(db, tmp_path / "raw", portal="test-portal", region_hint="某某区")

    def portals_and_regions() -> dict[str, tuple]:
        return {n: (db["reports"].get(i)["portal"], db["reports"].get(i)["region"]) for n, i in ids.items()}

    stored = portals_and_regions()
    assert stored["001"] == ("test-portal", "某某区")  # its title names no region
    assert stored["004"] == ("test-portal", "梁园区")  # its title does: that one is kept
    assert storage.reparse(db)["reparsed"] == 5
    assert portals_and_regions() == stored
    assert storage.reparse(db, force=True)["reparsed"] == 5
    assert portals_and_regions() == stored
    assert db["reports"].get(ids["001"])["parser_version"] == PARSER_VERSION


def test_reparse_counts_missing_files_and_records_errors_once(tmp_path):
    db = storage.open_db(tmp_path / "reports.db")
    ids = _crawl_like(db, tmp_path / "raw")
    Path(db["documents"].get(ids["000"])["path"]).unlink()
    Path(db["documents"].get(ids["001"])["path"]).write_bytes(b"")  # now unreadable: an empty file
    counts = storage.reparse(db)
    assert (counts["missing"], counts["errors"], counts["reparsed"]) == (1, 1, 3)
    assert db["reports"].get(ids["001"])["parser_version"] == "0.0.1"  # the old report is kept
    storage.reparse(db)
    errors = list(db["errors"].rows)
    assert (
        len(errors) == 1 and errors[0]["reason"] == "reparse: empty file" and errors[0]["crawl_run"] is None
    )


def test_reparse_command_line_and_make_target(tmp_path):
    db = storage.open_db(tmp_path / "reports.db")
    _crawl_like(db, tmp_path / "raw")
    db.close()
    result = subprocess.run([sys.executable, "-m", "storage", "reparse", "--db", str(tmp_path / "reports.db")],
                            capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "5 reparsed" in result.stdout
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^reparse:.*\n\t.*-m storage reparse --db \$\(DB\)", makefile, re.M)


@pytest.mark.parametrize("command", [["summary"], ["search", "复议"], ["migrate"]])
def test_other_storage_commands(tmp_path, command):
    db = storage.open_db(tmp_path / "reports.db")
    _crawl_like(db, tmp_path / "raw")
    db.close()
    result = subprocess.run([sys.executable, "-m", "storage", *command, "--db", str(tmp_path / "reports.db")],
                            capture_output=True, text=True, cwd=ROOT, check=False)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()
