"""The storage package: schema and migrations, versions, idempotence, views, levels, portals."""

from __future__ import annotations

import copy
import json

import pytest
import sqlite_utils

import storage
from parsers import parse_file, tables
from storage import keys
from storage.levels import level_of
from storage.schema import MIGRATIONS, SCHEMA_VERSION, _m001_initial, migrate
from storage.tx import transaction

from .conftest import FIXTURES, crawl_seeds, seed

URL = "http://127.0.0.1:9/xxgk/a.txt"


def _dump(db: sqlite_utils.Database) -> list[str]:
    return list(db.conn.iterdump())


def _store(db, number: str, url: str = URL, raw_dir=None, report: dict | None = None) -> str:
    data = seed(number).read_bytes()
    doc_id = storage.store_document(db, url, data, "text/plain", raw_dir).id
    storage.store_report(db, doc_id, report or parse_file(seed(number), url=url))
    return doc_id


@pytest.fixture
def db(tmp_path):
    return storage.open_db(tmp_path / "reports.db")


def test_schema_has_every_table_view_and_index(db):
    tables = set(db.table_names())
    assert {"portals", "documents", "reports", "sections", "facts", "fact_keys", "checks", "crawl_runs",
            "errors", "sections_search"} <= tables  # fmt: skip
    assert set(db.view_names()) == {
        "table_3_requests",
        "table_4_review_litigation",
        "table_2_active",
        "series",
    }
    assert {c.name for c in db["documents"].columns} >= {"url", "sha256", "media_type", "bytes", "fetched_at",
                                                           "path", "version", "superseded_by"}  # fmt: skip
    assert {c.name for c in db["reports"].columns} >= {"region", "level", "is_current", "portal",
                                                         "requests_received", "requests_granted"}  # fmt: skip
    assert db["facts"].columns_dict["value"] is not str  # NUMERIC affinity: 12 stays 12, 20.3 stays 20.3
    assert "numeric" in db["facts"].schema.lower()
    fks = {(fk.column, fk.other_table) for fk in db["facts"].foreign_keys}
    assert fks == {("report", "reports"), ("key", "fact_keys")}
    assert ("document", "documents") in {(fk.column, fk.other_table) for fk in db["reports"].foreign_keys}
    assert ("portal", "portals") in {(fk.column, fk.other_table) for fk in db["reports"].foreign_keys}
    indexes = {tuple(i.columns) for i in db["facts"].indexes}
    assert ("report", "key", "value") in indexes
    assert migrate(db) == []  # applied once
    assert SCHEMA_VERSION == storage.SCHEMA_VERSION == len(MIGRATIONS) == db["_migrations"].count


def test_migration_from_version_1_keeps_and_completes_the_data(tmp_path):
    """A database written before migration 002 is upgraded in place: levels, series, versions, search."""
    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    _m001_initial(old)
    old["_migrations"].insert({"name": MIGRATIONS[0][0]}, pk="name")
    report = parse_file(seed("004"), url=URL)
    old["documents"].insert({"id": "d1", "url": URL, "sha256": "x", "bytes": 1, "fetched_at": "2021-01-01"})
    old["documents"].insert({"id": "d2", "url": URL, "sha256": "y", "bytes": 1, "fetched_at": "2022-01-01"})
    for rid in ("d1", "d2"):
        old["reports"].insert({"id": rid, "document": rid, "agency": report["agency"], "region": report["region"],
                               "report_year": 2020, "format": "2019", "parser_version": "0.0.9"})  # fmt: skip
        old["facts"].insert_all({"report": rid, "key": k, "value": v} for k, v in report["facts"].items())
        old["sections"].insert_all({"report": rid, **s} for s in report["sections"])
    old.close()

    db = storage.open_db(path)
    assert [name for name, _ in MIGRATIONS][1:] == [r["name"] for r in db["_migrations"].rows][1:]
    rows = {r["id"]: r for r in db["reports"].rows}
    assert rows["d1"]["level"] == "township" and rows["d1"]["requests_received"] == 0
    assert (rows["d1"]["is_current"], rows["d2"]["is_current"]) == (0, 1)
    docs = {r["id"]: r for r in db["documents"].rows}
    assert (docs["d1"]["version"], docs["d1"]["superseded_by"], docs["d2"]["version"]) == (1, "d2", 2)
    assert db.execute("select count(*) from fact_keys where key = 'apply.new.total'").fetchone()[0] == 1
    assert {h["report"] for h in storage.search(db, "复议")} == {"d1", "d2"}
    assert [r["report"] for r in db.query("select report from series")] == ["d2"]


def test_storing_the_same_content_again_changes_nothing(db, tmp_path):
    _store(db, "004", raw_dir=tmp_path / "raw")
    before = _dump(db)
    doc_id, new, version = storage.store_document(
        db, URL, seed("004").read_bytes(), "text/plain", tmp_path / "raw"
    )
    assert not new and version == 1
    assert storage.store_report(db, doc_id, parse_file(seed("004"), url=URL)) == "unchanged"
    assert _dump(db) == before


def test_a_changed_document_is_a_new_version_and_the_old_one_is_kept(db, tmp_path):
    first = _store(db, "004", raw_dir=tmp_path / "raw")
    changed = seed("004").read_bytes() + "\n本年度收到行政复议申请。\n".encode()
    second, new, version = storage.store_document(db, URL, changed, "text/plain", tmp_path / "raw")
    assert new and second != first and version == 2
    storage.store_report(db, second, storage_report(changed))
    docs = {r["id"]: r for r in db["documents"].rows}
    assert (docs[first]["version"], docs[second]["version"]) == (1, 2)
    assert docs[first]["superseded_by"] == second and docs[second]["superseded_by"] is None
    assert {r["id"]: r["is_current"] for r in db["reports"].rows} == {first: 0, second: 1}
    assert all((tmp_path / "raw").glob(f"*/{docs[d]['sha256']}.txt") for d in (first, second))
    assert db.execute("select count(*) from facts where report = ?", [first]).fetchone()[0] == 195  # kept
    assert [r["report"] for r in db.query("select report from series")] == [second]

    # the portal goes back to the first text: that version is current again, nothing is added
    again = storage.store_document(db, URL, seed("004").read_bytes(), "text/plain", tmp_path / "raw")
    assert again == storage.StoredDocument(first, False, 1)
    assert {r["id"]: r["is_current"] for r in db["reports"].rows} == {first: 1, second: 0}
    assert db["documents"].count == 2


def storage_report(data: bytes) -> dict:
    from parsers import parse_bytes

    return parse_bytes(data, name="a.txt", url=URL)


def test_facts_keep_values_marks_and_provenance(db):
    report = copy.deepcopy(parse_file(seed("004"), url=URL))
    report["facts"]["apply.granted.research"] = "NA"
    report["facts"]["active.procurement.amount"] = 20.3
    report["facts"]["apply.new.commercial"] = None
    report["facts"]["made.up.key"] = 7
    doc_id = _store(db, "004", report=report)

    def fact(key):
        return db.execute("select value, mark, raw, table_index, row_index, col_index from facts"
                          " where report = ? and key = ?", [doc_id, key]).fetchone()  # fmt: skip

    where = report["provenance"]["apply.new.total"]
    assert fact("apply.new.total") == (0, None, "0", where["table"], where["row"], where["col"])
    assert fact("apply.granted.research")[:2] == (None, "NA")
    assert fact("active.procurement.amount")[:2] == (20.3, None)
    assert fact("apply.new.commercial")[:2] == (None, None)
    assert fact("made.up.key")[0] == 7
    assert db["fact_keys"].get("made.up.key")["label"] is None  # an unknown key is added, undescribed
    assert db["fact_keys"].get("apply.new.total")["unit"] == "件"
    row = db["reports"].get(doc_id)
    assert row["fact_count"] == len(report["facts"])
    assert (row["requests_received"], row["reviews"], row["lawsuits"]) == (0, 0, 0)


def test_legacy_rows_are_facts_with_their_label_unit_and_column(db):
    doc_id = _store(db, "003")
    rows = db.execute("select value, unit, column_label from facts where report = ? and key = 'legacy'"
                      " and label like '政务微信公开政府信息数%'", [doc_id]).fetchall()  # fmt: skip
    assert rows and rows[0][:2] == (167, "条")
    assert db["reports"].get(doc_id)["active_published"] is not None


def test_rewriting_a_report_replaces_its_children(db):
    doc_id = _store(db, "004")
    report = parse_file(seed("004"), url=URL)
    counts = [db[t].count for t in ("facts", "sections", "checks")]
    assert storage.store_report(db, doc_id, report, force=True) == "new"
    assert [db[t].count for t in ("facts", "sections", "checks")] == counts
    assert len(storage.search(db, "复议")) == len({h["section"] for h in storage.search(db, "复议")})
    report = dict(report, parser_version="9.9.9", sections=[{"number": 1, "heading": "一、总体情况",
                                                               "kind": "overview", "text": "火箭发射"}])  # fmt: skip
    assert storage.store_report(db, doc_id, report) == "new"
    assert db["reports"].get(doc_id)["parser_version"] == "9.9.9"
    assert storage.search(db, "复议") == []  # the old sections' tokens are gone from the index
    assert [h["report"] for h in storage.search(db, "发射")] == [doc_id]


def test_a_failed_write_leaves_what_was_stored(db):
    doc_id = _store(db, "004")
    before = _dump(db)
    broken = copy.deepcopy(parse_file(seed("004"), url=URL))
    broken["parser_version"] = "9.9.9"
    broken["facts"]["brand.new.key"] = 1
    broken["checks"] = [{"code": "x", "severity": "error", "keys": []}]  # no message: fails after the facts
    with pytest.raises(KeyError):
        storage.store_report(db, doc_id, broken)
    assert _dump(db) == before
    broken["checks"] = []
    assert storage.store_report(db, doc_id, broken) == "new"  # the key is added again, not taken as known
    assert db["fact_keys"].get("brand.new.key")


def test_wide_views_have_one_row_per_report_and_use_the_report_key_index(db):
    doc_id = _store(db, "004")
    _store(db, "003", url="http://127.0.0.1:9/b.txt")
    t3 = list(db.query("select * from table_3_requests"))
    assert len(t3) == 1 and t3[0]["report"] == doc_id
    assert t3[0]["new_total"] == 0 and t3[0]["level"] == "township"
    assert set(keys.apply_keys()[0]) == {"apply.new.natural_person", "new_natural_person"}
    assert len(t3[0]) == 7 + len(keys.apply_keys())
    t4 = next(db.query("select * from table_4_review_litigation"))
    assert t4["review_total"] == 0 and "litigation_after_review_pending" in t4
    t2 = next(db.query("select * from table_2_active where report = ?", [doc_id]))
    assert t2["regulation_made"] == 0 and t2["fees_amount"] is None
    for view in ("table_3_requests", "table_4_review_litigation", "table_2_active"):
        for where in ("report = ?", "agency = ?"):
            plan = " ".join(
                r[3] for r in db.execute(f"explain query plan select * from {view} where {where}", ["x"])
            )
            assert "idx_facts_report_key_value" in plan, (view, where, plan)
        plan = " ".join(
            r[3] for r in db.execute(f"explain query plan select * from {view} where report = ?", ["x"])
        )
        assert "SCAN r" not in plan, plan  # the filter reaches the reports table: one report, one index range


def test_series_view_has_one_row_per_body_and_year(db):
    _store(db, "004")
    # the same report at a second address, giving fewer figures: the fuller one is kept
    thin = dict(parse_file(seed("004"), url="http://127.0.0.1:9/b.docx"))
    thin["facts"] = {k: v for k, v in thin["facts"].items() if k != "series.reviews"}
    doc = storage.store_document(db, "http://127.0.0.1:9/b.docx", b"other bytes", "text/plain").id
    storage.store_report(db, doc, thin)
    rows = list(db.query("select * from series"))
    assert len(rows) == 1 and rows[0]["url"] == URL and rows[0]["reviews"] == 0
    assert rows[0]["requests_received"] == 0 and rows[0]["format"] == "2019"


def test_every_write_of_a_report_costs_index_lookups_not_scans(db):
    """Storing one report must not read the whole table (100,000 reports: BENCHMARKS.md)."""
    from storage.schema import CHOOSE_SERIES_SQL

    statements = [
        (CHOOSE_SERIES_SQL, {"agency": "x", "year": 2020}),
        ("delete from facts where report = ?", ["x"]),
        ("delete from sections where report = ?", ["x"]),
        ("delete from checks where report = ?", ["x"]),
        ("select coalesce(max(version), 0) + 1 from documents where url = ?", ["x"]),
        ("select count(*) from documents where crawl_run = ?", [1]),
        ("select count(*) from errors where crawl_run = ?", [1]),
        (
            "update reports set is_current = (document = ?) where document in"
            " (select id from documents where url = ?)",
            ["x", "y"],
        ),
    ]
    for sql, params in statements:
        plan = [r[3] for r in db.execute("explain query plan " + sql, params)]
        assert not [step for step in plan if step.startswith("SCAN")], (sql, plan)


def test_series_follows_a_report_whose_body_is_read_anew(db):
    doc_id = _store(db, "004")
    report = dict(parse_file(seed("004"), url=URL), agency="梁园区人民政府", parser_version="9.9.9")
    storage.store_report(db, doc_id, report)
    assert [(r["agency"], r["level"]) for r in db.query("select agency, level from series")] == [
        ("梁园区人民政府", "county")
    ]


@pytest.mark.parametrize(
    ("agency", "level"),
    [
        ("河南省人民政府", "province"),
        ("广西壮族自治区人民政府", "province"),
        ("北京市人民政府", "province"),  # 直辖市
        ("北京市海淀区人民政府", "county"),
        ("商丘市人民政府", "city"),
        ("延边朝鲜族自治州人民政府", "city"),
        ("商丘市教育局", "city"),  # a department keeps its region's level
        ("梁园区市场监督管理局", "county"),
        ("梁园区城市管理局", "county"),  # 城市 is not a lower area than 梁园区
        ("达拉特旗人民政府", "county"),
        ("梁园区前进街道办事处", "township"),
        ("江南街道办事处", "township"),
        ("齐都镇政府", "township"),
        ("某某县城关镇人民政府", "township"),
        ("市政务服务中心管理办公室", "city"),  # a bare 市 at the start
        ("教育部", "national"),
        ("国家税务总局", "national"),
        ("国家税务总局商丘市税务局", "city"),
        ("人力资源和社会保障局", "department"),  # names no area
        ("", None),
    ],
)
def test_level_of_agency_names(agency, level):
    assert level_of(agency) == level


def test_level_falls_back_to_the_region():
    assert level_of("教育局", "梁园区") == "county"


def test_portals_are_upserted(db):
    rows = [{"name": "商丘市梁园区人民政府", "region": "梁园区", "cms": "trs",
             "list_url": "http://www.example.gov.cn/xxgk/xxgknb/index.html", "extra": "ignored"},
            {"id": "qf", "name": "曲阜市人民政府", "level": "county", "list_url": "http://qf.example/nb/"}]  # fmt: skip
    assert storage.upsert_portals(db, rows) == 2
    assert storage.upsert_portals(db, [dict(rows[1], cms="hanweb")]) == 1
    portals = {r["id"]: r for r in db["portals"].rows}
    assert len(portals) == 2
    assert portals["qf"]["cms"] == "hanweb" and portals["qf"]["level"] == "county"  # given level kept
    other = next(p for k, p in portals.items() if k != "qf")
    assert other["level"] == "county" and other["agency"] == "商丘市梁园区人民政府"
    doc_id = storage.store_document(db, URL, seed("004").read_bytes(), "text/plain").id
    storage.store_report(db, doc_id, parse_file(seed("004"), url=URL), portal="qf")
    assert db["reports"].get(doc_id)["portal"] == "qf"
    with pytest.raises(ValueError):
        storage.upsert_portals(db, [{"name": "no address"}])


def test_summary_lists_the_reports_of_its_run_only(db):
    crawl_seeds(db, numbers=["003"])  # crawl run 1
    crawl_seeds(db, numbers=["004"])  # crawl run 2
    text = storage.run_summary(db)  # the latest run
    assert (
        "crawl run 2: finished" in text and "1 reports stored" in text and "梁园区前进街道办事处 2020" in text
    )
    assert "database: 2 reports" in text and "齐都镇政府" not in text  # run 1's report is not listed
    first = storage.run_summary(db, 1)
    assert "齐都镇政府 2017" in first and "梁园区前进街道办事处" not in first
    crawl_seeds(db, numbers=["004"])  # run 3 finds the same bytes: nothing new to list
    again = storage.run_summary(db)
    assert (
        "0 reports stored, 1 unchanged" in again and "no report from a document new in crawl run 3" in again
    )
    assert "梁园区前进街道办事处" not in again


def test_the_key_lists_are_the_parsers():
    """表三's applicant columns and 表四's keys, in the parser's order; every fact key of the fixtures described."""
    assert [column for column, _, _ in keys.APPLY_COLUMNS] == tables.APPLY_COLUMNS
    assert [key for key, _ in keys.review_keys()] == tables.REVIEW_KEYS
    expected = [
        json.loads(p.read_text())["facts"] for p in sorted((FIXTURES / "reports").glob("*.expected.json"))
    ]
    fact_keys = {key for facts in expected for key in facts}
    assert len(fact_keys) > 200
    assert sorted(k for k in fact_keys if keys.describe(k)["label"] is None) == []


def test_a_rolled_back_transaction_leaves_no_fact_key_in_the_cache(db):
    """The fact keys known are cached on the connection; a key whose row a rollback removed is not known."""
    doc_id = _store(db, "004")
    report = dict(parse_file(seed("004"), url=URL), parser_version="9.9.9")
    report["facts"] = {**report["facts"], "brand.new.key": 1}
    with pytest.raises(RuntimeError), transaction(db):  # an outer transaction, as storage.ingest holds
        storage.store_report(db, doc_id, report)
        raise RuntimeError("the crawl is killed before the commit")
    in_table = {k for (k,) in db.execute("select key from fact_keys")}
    assert "brand.new.key" not in in_table
    assert getattr(db, "_known_fact_keys", set()) <= in_table
    with transaction(db):  # committed this time: the key is in the table and known
        assert storage.store_report(db, doc_id, report) == "new"
    assert db["fact_keys"].get("brand.new.key")
    assert "brand.new.key" in db._known_fact_keys


def test_a_report_is_stored_whole_or_not_at_all(tmp_path, monkeypatch):
    """A failure half-way through (here: after the report row, facts and sections) leaves nothing of it,
    so a crawl killed at that point stores the whole report when started again."""
    import storage.store as store_module
    from parsers import parse_file

    from .conftest import seed

    db = storage.open_db(tmp_path / "r.db")
    doc_id = storage.store_document(db, "http://127.0.0.1:9/a.txt", seed("004").read_bytes(), "text/plain").id
    report = parse_file(seed("004"))

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed")

    monkeypatch.setattr(store_module, "choose_series", killed)
    try:
        storage.store_report(db, doc_id, report)
    except KeyboardInterrupt:
        pass
    for table in ("reports", "facts", "sections", "checks"):
        assert db[table].count == 0, table
    monkeypatch.undo()
    assert storage.store_report(db, doc_id, report) == "new"
    assert db["sections"].count == len(report["sections"]) and db["reports"].count == 1


def test_a_group_is_one_commit_and_a_failing_document_is_rolled_back_alone(tmp_path):
    """``ingest_many`` (the storage worker's step): the others of the group are stored, the failing
    one leaves nothing — not even its document row — and its exception is its answer."""
    db = storage.open_db(tmp_path / "r.db")
    run = storage.start_run(db, "portal", None)
    good = [{"url": f"http://127.0.0.1:9/{n}.txt", "body": seed(n).read_bytes()} for n in ("003", "004")]
    broken = {"url": "http://127.0.0.1:9/broken.txt", "body": b"text", "report": {"facts": {}}}  # no checks …
    commits = []
    db.conn.set_trace_callback(lambda sql: commits.append(sql) if sql.upper() == "COMMIT" else None)
    answers = storage.ingest_many(db, [good[0], broken, good[1]], None, run)
    db.conn.set_trace_callback(None)
    assert [kind for kind, _ in answers] == ["ok", "error", "ok"]
    assert isinstance(answers[1][1], KeyError)
    assert [outcome["status"] for kind, outcome in answers if kind == "ok"] == ["new", "new"]
    assert len(commits) == 1
    assert sorted(r["url"] for r in db["documents"].rows) == [d["url"] for d in good]
    assert db["reports"].count == 2
    assert db["crawl_runs"].get(run)["reports_new"] == 2


def test_a_savepoint_rolls_back_alone_and_forgets_the_cached_keys(db):
    """What a failed savepoint wrote is undone, the transaction around it commits the rest."""
    from storage.tx import savepoint

    doc_id = _store(db, "004")
    report = dict(parse_file(seed("004"), url=URL), parser_version="9.9.9")
    report["facts"] = {**report["facts"], "brand.new.key": 1}
    with transaction(db):
        db.execute("update reports set title = 'kept' where id = ?", [doc_id])
        with pytest.raises(RuntimeError), savepoint(db):
            storage.store_report(db, doc_id, report)
            raise RuntimeError("this document fails")
    assert db["reports"].get(doc_id)["title"] == "kept"
    assert db["reports"].get(doc_id)["parser_version"] != "9.9.9"
    assert not db["fact_keys"].count_where("key = 'brand.new.key'")
    assert "brand.new.key" not in getattr(db, "_known_fact_keys", set())
