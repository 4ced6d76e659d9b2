"""Datasette serves the database with the descriptions, facets and queries of datasette-metadata.json."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest
from datasette.app import Datasette

import storage
from storage.metadata import view_columns

from .conftest import METADATA, ROOT, crawl_seeds

DESCRIBED = METADATA["databases"]["reports"]["tables"]
QUERIES = METADATA["databases"]["reports"]["queries"]


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    """A database holding the five seed reports, as a crawl stores them."""
    path = tmp_path_factory.mktemp("datasette") / "reports.db"
    db = storage.open_db(path)
    crawl_seeds(db)
    db.close()
    return path


def _get(path: Path, urls: list[str]) -> dict[str, object]:
    async def pages() -> dict[str, object]:
        ds = Datasette([str(path)], metadata=METADATA, immutables=[])
        out = {}
        for url in urls:
            response = await ds.client.get(url)
            assert response.status_code == 200, (url, response.text[:3000])
            out[url] = response.json() if ".json" in url else response.text
        return out

    return asyncio.run(pages())


def _hidden(path: Path) -> set[str]:
    async def hidden() -> list[str]:
        ds = Datasette([str(path)], immutables=[])
        return await ds.get_database("reports").hidden_table_names()

    return set(asyncio.run(hidden()))


def test_every_table_view_and_column_is_described(tmp_path):
    path = tmp_path / "reports.db"
    db = storage.open_db(path)
    hidden = _hidden(path)
    assert "sections_search" in hidden  # the FTS index is not a table people browse
    for table in [*db.table_names(), *db.view_names()]:
        if table.startswith("_") or table in hidden:
            continue
        assert DESCRIBED[table]["description"], table
        columns = {c for c in db[table].columns_dict if c != "id"}
        assert columns <= set(DESCRIBED[table]["columns"]), (
            table,
            columns - set(DESCRIBED[table]["columns"]),
        )
        assert all(len(text) > 10 for text in DESCRIBED[table]["columns"].values()), table
    assert all(METADATA.get(k) for k in ("title", "description_html", "source", "license"))


def test_facets_sorts_and_labels_name_real_columns(tmp_path):
    db = storage.open_db(tmp_path / "reports.db")
    for table, meta in DESCRIBED.items():
        if meta.get("hidden"):
            continue
        columns = set(db[table].columns_dict)
        named = [*meta.get("facets", []), meta.get("sort_desc"), meta.get("sort"), meta.get("label_column")]
        assert {c for c in named if c} <= columns, table


def test_view_columns_are_in_sync_with_the_key_catalogue():
    """Regenerate with `python -m storage metadata` when storage/keys.py changes."""
    for view, columns in view_columns().items():
        assert DESCRIBED[view]["columns"] == columns, view
    assert "万元" in DESCRIBED["table_2_active"]["columns"]["fees_amount"]


def test_datasette_pages_show_descriptions_and_data(tmp_path):
    path = tmp_path / "reports.db"
    db = storage.open_db(path)
    doc_id = crawl_seeds(db, numbers=["004"])["004"]
    db.close()
    html = _get(path, ["/", "/reports/reports", "/reports/facts?key=apply.new.total", "/reports/checks",
                       "/reports/tables_that_do_not_add_up", f"/reports/reports/{doc_id}", "/reports/series",
                       "/reports/table_3_requests", "/-/dashboards/trends"])  # fmt: skip
    assert "政府信息公开工作年度报告" in html["/"]
    assert "One row per annual report" in html["/reports/reports"]
    assert "梁园区前进街道办事处" in html["/reports/reports"]
    assert "apply.new.total" in html["/reports/facts?key=apply.new.total"]
    assert "本年新收政府信息公开申请数量" in html["/reports/facts?key=apply.new.total"]  # fact_keys label
    assert "agency.mismatch" in html["/reports/checks"]
    assert "Reports whose tables do not add up" in html["/reports/tables_that_do_not_add_up"]
    assert re.search(r"195 rows</a>\s*from report in facts", html[f"/reports/reports/{doc_id}"])
    assert "One row per body and year" in html["/reports/series"]
    assert "new_natural_person" in html["/reports/table_3_requests"]
    assert "Trends per year" in html["/-/dashboards/trends"]


@pytest.mark.parametrize("word", ["复议", "诉讼", "公开", "政府信息公开"])
def test_keyword_search_query_finds_two_character_words(seeded, word):
    url = f"/reports/search.json?q={word}&_shape=array"
    rows = _get(seeded, [url])[url]
    assert rows, word
    assert {"齐都镇政府", "江南街道办事处"} & {r["agency"] for r in rows}
    assert all(word in r["excerpt"] for r in rows)


def test_every_canned_query_answers(seeded):
    params = {"requests_per_year": "agency=梁园", "search": "q=复议", "most_requests": "year=",
              "report_facts": "report=x"}  # fmt: skip
    urls = {name: f"/reports/{name}.json?_shape=array&{params.get(name, '')}" for name in QUERIES}
    out = _get(seeded, list(urls.values()))
    assert out[urls["requests_per_year"]][0]["agency"] == "梁园区前进街道办事处"
    assert out[urls["requests_per_year"]][0]["requests_received"] == 0
    bodies = {r["agency"] for r in out[urls["most_requests"]]}
    assert {"梁园区前进街道办事处", "江南街道办事处", "齐都镇政府"} <= bodies
    shares = out[urls["granted_share_by_year_and_level"]]
    assert {(r["report_year"], r["level"]) for r in shares} == {(2017, "township"), (2020, "township")}
    assert out[urls["tables_that_do_not_add_up"]] == []  # the seeds' tables add up
    assert out[urls["report_facts"]] == []


def test_report_facts_and_failing_tables_queries(seeded, tmp_path):
    import shutil

    path = tmp_path / "reports.db"
    shutil.copy(seeded, path)
    db = storage.open_db(path)
    rid = next(db.query("select id from reports where agency = '梁园区前进街道办事处'"))["id"]
    db["checks"].insert({"report": rid, "code": "apply.balance", "severity": "error",
                         "message": "new + carried_over ≠ total + carried_forward", "keys": "[]"})  # fmt: skip
    db.close()
    urls = [
        f"/reports/report_facts.json?_shape=array&report={rid}",
        "/reports/tables_that_do_not_add_up.json?_shape=array",
    ]
    out = _get(path, urls)
    facts = {r["key"]: r for r in out[urls[0]]}
    assert (
        facts["apply.new.total"]["label"].startswith("一、本年新收")
        and facts["apply.new.total"]["unit"] == "件"
    )
    assert [r["report"] for r in out[urls[1]]] == [rid]
    assert "apply.balance" in out[urls[1]][0]["checks_failed"]


def test_dashboard_chart_queries_run(seeded):
    import sqlite3

    conn = sqlite3.connect(seeded)
    charts = METADATA["plugins"]["datasette-dashboards"]["trends"]["charts"]
    for name, chart in charts.items():
        if "query" not in chart:
            continue
        for level in ("", "township"):
            keep = r"\1" if level else ""
            sql = re.sub(r"\[\[(.*?)\]\]", keep, chart["query"])
            rows = conn.execute(sql, {"level": level} if level else {}).fetchall()
            assert rows, (name, level)


def test_make_serve_is_read_only():
    makefile = (ROOT / "Makefile").read_text()
    serve = re.search(r"^serve:.*?(?=^\S)", makefile, re.M | re.S).group(0)
    assert "datasette serve --immutable $(DB)" in serve
