"""Datasette serves the database with the descriptions of datasette-metadata.json."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from datasette.app import Datasette

import storage
from parsers import parse_file

from .conftest import seed

METADATA = json.loads((Path(__file__).resolve().parent.parent / "datasette-metadata.json").read_text())


def test_every_table_and_column_is_described(tmp_path):
    db = storage.open_db(tmp_path / "reports.db")
    described = METADATA["databases"]["reports"]["tables"]
    for table in db.table_names():
        if table.startswith("_"):
            continue
        assert described[table]["description"], table
        columns = {c for c in db[table].columns_dict if c != "id"}
        assert columns <= set(described[table]["columns"]), (
            table,
            columns - set(described[table]["columns"]),
        )


def test_datasette_pages_show_descriptions_and_data(tmp_path):
    path = tmp_path / "reports.db"
    db = storage.open_db(path)
    doc_id, _ = storage.store_document(db, "http://127.0.0.1:9/a.txt", seed("004").read_bytes(), "text/plain")
    storage.store_report(db, doc_id, parse_file(seed("004")))
    db.close()

    async def pages() -> dict[str, str]:
        ds = Datasette([str(path)], metadata=METADATA, immutables=[])
        out = {}
        for url in ["/", "/reports/reports", "/reports/facts?key=apply.new.total", "/reports/checks",
                    "/reports/tables_that_do_not_add_up"]:  # fmt: skip
            response = await ds.client.get(url)
            assert response.status_code == 200, url
            out[url] = response.text
        return out

    html = asyncio.run(pages())
    assert "政府信息公开工作年度报告" in html["/"]
    assert "One row per annual report" in html["/reports/reports"]
    assert "梁园区前进街道办事处" in html["/reports/reports"]
    assert "apply.new.total" in html["/reports/facts?key=apply.new.total"]
    assert "agency.mismatch" in html["/reports/checks"]
    assert "Reports whose tables do not add up" in html["/reports/tables_that_do_not_add_up"]
