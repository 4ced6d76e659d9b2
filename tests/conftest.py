"""Shared test helpers: fixture paths, the Datasette metadata, a free port, and the seeds stored as a crawl does."""

from __future__ import annotations

import hashlib
import json
import socket
from collections.abc import Callable, Iterable
from pathlib import Path

import pytest
import sqlite_utils

import storage
from parsers import parse_file

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"
# datasette-metadata.json, read once (tests read it, none may change it)
METADATA: dict = json.loads((ROOT / "datasette-metadata.json").read_text())
SEED_BASE = "http://127.0.0.1:9/xxgk/"  # where crawl_seeds says the seeds were fetched


def seed(number: str) -> Path:
    """The seed report file whose name starts with ``number``: ``seed("004")`` → ``…/seeds/004_310a….txt``."""
    return next(SEEDS.glob(f"{number}_*.txt"))


def free_port() -> int:
    """A TCP port of 127.0.0.1 free right now: ``free_port()`` → ``41873``."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def crawl_seeds(
    db: sqlite_utils.Database,
    raw_dir: Path | None = None,
    numbers: Iterable[str] | None = None,
    prepare: Callable[[dict], dict] | None = None,
    **hints: object,
) -> dict[str, str]:
    """Store the seed reports as a crawl does; returns their document ids by seed number.

    ``crawl_seeds(storage.open_db(tmp_path / "reports.db"), tmp_path / "raw")`` → ``{"000": "3f2a…", …}``:
    one crawl run, each seed fetched from ``SEED_BASE`` + its file name and given to ``storage.ingest``
    (the crawl's storage step: parse, keep the raw file in ``raw_dir``, store, count), the run closed.
    ``numbers`` (``["004"]``) keeps only those seeds; ``hints`` go into each fetched document
    (``published_hint="2021-01-20"``, ``fetched_at=…``, ``portal="ha-liangyuan"``, ``region_hint=…``);
    ``prepare`` changes each parsed report before it is stored (as if another parser had read it).
    """
    wanted = None if numbers is None else set(numbers)
    run = storage.start_run(db, "portal", SEED_BASE + "index.html")
    ids = {}
    for path in sorted(SEEDS.glob("*.txt")):
        number = path.name[:3]
        if wanted is not None and number not in wanted:
            continue
        url = SEED_BASE + path.name
        doc = {"url": url, "body": path.read_bytes(), "encoding": None, "published_hint": None,
               "agency_hint": None, "region_hint": None, "fetched_at": None, "portal": None, "report": None,
               "error": None, **hints}  # fmt: skip
        if prepare is not None:
            report, doc["error"] = storage.parse_fetched(doc)
            doc["report"] = prepare(report)
        outcome = storage.ingest(db, doc, raw_dir, run)
        assert outcome["error"] is None and outcome["status"] is not None, outcome
        ids[number] = storage.document_id(url, hashlib.sha256(doc["body"]).hexdigest())
    storage.finish_run(db, run, "finished", pages=len(ids) + 1)  # the list page and each report
    return ids


@pytest.fixture(scope="session")
def parsed_seeds() -> dict[str, dict]:
    """The five seeds parsed once for the whole session: ``parsed_seeds["004"]["agency"]`` → ``"梁园区前进街道办事处"``."""
    return {n: parse_file(seed(n)) for n in ("000", "001", "002", "003", "004")}
