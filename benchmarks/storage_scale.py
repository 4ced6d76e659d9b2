"""Database scale: N synthetic reports (100,000 by default: about 10 million fact rows).

Every report goes through the crawler's own storage step, ``storage.ingest_many``
in groups of ``crawler.worker.GROUP`` (one commit per group, a savepoint per report:
the document row, the report, its facts, sections, the bigram search index, checks
and the run's counts), into a fresh file. Measured:

- ingest rate in fact rows per second, and as a ratio to a *floor*: the very
  fact rows the store path wrote (read back from its file, in order) inserted
  by one bare ``executemany`` per 100,000 rows into a table with the same
  columns and indexes, in one transaction (no foreign keys, no other table,
  no Python per row beyond the tuple);
- the database's size on disk;
- every canned query of ``datasette-metadata.json`` (and the pages Datasette
  shows for one report and for the views) on the full database: best of 3
  after one cold run, fetching at most 1,001 rows as Datasette does.

Synthetic reports follow the contract's shapes: 2021 and 2019 templates with
full 表三 (7 applicant columns), 表四 and 表二; legacy indicator tables for
2013–2018; narrative reports without tables; six sections of Chinese text
per report; bodies at every level. About 5% of the 2019/2021 reports carry a
table that does not add up (and its ``apply.balance`` error).

    BENCH_REPORTS=2000 .venv/bin/python -m benchmarks.storage_scale
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import storage
from crawler.worker import GROUP
from storage import keys

ROOT = Path(__file__).resolve().parent.parent
YEARS = list(range(2013, 2024))
PROVINCES = ["河南省", "山东省", "广东省", "四川省", "湖北省", "浙江省", "江苏省", "河北省", "湖南省", "安徽省",
             "广西壮族自治区", "内蒙古自治区", "北京市", "上海市"]  # fmt: skip
SYLLABLES = list("安宁平阳东西南北中新华兴和永长清泉河山丰泰明光德仁福康江湖海岭云松桂梅林川城台")
DEPARTMENTS = ["人民政府", "人民政府办公室", "教育局", "公安局", "财政局", "自然资源局", "生态环境局", "住房和城乡建设局",
               "交通运输局", "卫生健康委员会", "市场监督管理局", "发展和改革委员会"]  # fmt: skip
SENTENCES = [
    "本年度严格落实《中华人民共和国政府信息公开条例》，主动公开政府信息{n}条。",
    "全年共收到政府信息公开申请{n}件，均在法定期限内予以答复。",
    "因政府信息公开工作被申请行政复议{m}件，提起行政诉讼{m}件。",
    "没有因政府信息公开申请提起行政复议、行政诉讼的情况。",
    "通过门户网站、政务新媒体等渠道公开各类信息，拓展公开内容，规范公开流程。",
    "加强政府信息公开平台建设，及时更新政策文件和解读材料。",
    "存在的主要问题是公开内容不够全面，信息更新不够及时。",
    "下一步将加强业务培训，健全工作机制，提高依申请公开办理质量。",
    "本机关未收取信息处理费，无其他需要报告的事项。",
    "强化监督保障，将政务公开纳入绩效考核，开展社会评议和责任追究。",
]
HEADINGS = [("一、总体情况", "overview"), ("二、主动公开政府信息情况", "active"),
            ("三、收到和处理政府信息公开申请情况", "requests"), ("四、政府信息公开行政复议、行政诉讼情况", "review_litigation"),
            ("五、存在的主要问题及改进情况", "problems"), ("六、其他需要报告的事项", "other")]  # fmt: skip
LEGACY_ROWS = [("主动公开政府信息数", "条"), ("其中：主动公开规范性文件数", "条"), ("制发规范性文件总数", "件"),
               ("通过政府公报公开政府信息数", "条"), ("通过政府网站公开政府信息数", "条"), ("政务微博公开政府信息数", "条"),
               ("政务微信公开政府信息数", "条"), ("回应解读情况", "次"), ("收到申请数", "件"), ("其中：当面申请数", "件"),
               ("传真申请数", "件"), ("网络申请数", "件"), ("信函申请数", "件"), ("申请办结数", "件"),
               ("同意公开答复数", "件"), ("同意部分公开答复数", "件"), ("不同意公开答复数", "件"),
               ("不属于本行政机关公开数", "件"), ("申请信息不存在数", "件"), ("告知作出更改补充数", "件"),
               ("告知通过其他途径办理数", "件"), ("因政府信息公开申请行政复议数", "件"), ("维持具体行政行为数", "件"),
               ("被依法纠错数", "件"), ("因政府信息公开申请提起行政诉讼数", "件"), ("举报投诉数", "件"),
               ("依申请公开信息收取的费用", "万元"), ("机构数", "个"), ("工作专门机构数", "个"),
               ("政府信息公开工作专职人员数", "人")]  # fmt: skip


def _agencies(rng: random.Random, count: int) -> list[str]:
    """Names of bodies at every level, e.g. 河南省安宁市平阳区东华街道办事处, 山东省清泉市教育局."""
    names: set[str] = set()
    while len(names) < count:
        province = rng.choice(PROVINCES)
        city = "".join(rng.sample(SYLLABLES, 2)) + "市"
        county = "".join(rng.sample(SYLLABLES, 2)) + rng.choice(["区", "县", "县"])
        town = "".join(rng.sample(SYLLABLES, 2)) + rng.choice(["镇", "乡", "街道办事处"])
        depth = rng.choices([1, 2, 3, 4], weights=[2, 10, 40, 48])[0]
        prefix = [province, city, county][: min(depth, 3)]
        if province.endswith("市") and depth >= 2:
            prefix = [province, county]
        body = town if depth == 4 else rng.choice(DEPARTMENTS)
        names.add("".join(prefix) + body)
    return sorted(names)


def _apply(rng: random.Random, fmt: str, broken: bool) -> dict[str, int]:
    """表三 whose own arithmetic holds (unless ``broken``): new + carried_over = total + carried_forward."""
    rows = [r for r, _, _ in keys.APPLY_ROWS]
    if fmt == "2019":
        rows = [r for r in rows if not r.startswith("other.")]
    outcome_rows = [r for r in rows if r not in ("new", "carried_over", "total", "carried_forward", "other")]
    if fmt == "2019":
        outcome_rows.append("other")
    facts: dict[str, int] = {}
    columns = [c for c, _, _ in keys.APPLY_COLUMNS if c != "total"]
    totals = dict.fromkeys(rows, 0)
    for col in columns:
        scale = 40 if col == "natural_person" else 3
        new = int(rng.expovariate(1 / scale)) if rng.random() < 0.8 else 0
        over = rng.randint(0, 2) if new else 0
        forward = rng.randint(0, min(2, new + over))
        answered = new + over - forward
        values = dict.fromkeys(rows, 0)
        values.update(new=new, carried_over=over, carried_forward=forward, total=answered)
        weights = [40, 8, 1, 1, 1, 2, 1, 2, 1, 1, 12, 2, 2, 2, 2, 1, 1, 1, 2, 1, 1, 1]
        for _ in range(answered):
            values[rng.choices(outcome_rows, weights=weights[: len(outcome_rows)])[0]] += 1
        if fmt == "2021":
            values["other"] = values["other.no_correction"] + values["other.no_fee"] + values["other.other"]
        for row in rows:
            facts[f"apply.{row}.{col}"] = values[row]
            totals[row] += values[row]
    for row in rows:
        facts[f"apply.{row}.total"] = totals[row]
    if broken:
        facts["apply.total.total"] += rng.randint(1, 5)
    return facts


def synthetic_report(rng: random.Random, agency: str, year: int, n: int) -> tuple[bytes, dict]:
    """One report in the contract's shape, and the bytes of its (synthetic) document.

    ``synthetic_report(random.Random(1), "山东省清泉市教育局", 2021, 7)`` → ``(b"山东省清泉市教育局2021年…",
    {"agency": "山东省清泉市教育局", "report_year": 2021, "format": "2021", "facts": {…}, …})``
    """
    if year <= 2018:
        fmt = "legacy" if rng.random() < 0.6 else "narrative"
    else:
        fmt = "2021" if year >= 2021 and rng.random() < 0.9 else "2019"
    facts: dict[str, object] = {}
    legacy: list[dict] = []
    checks: list[dict] = []
    if fmt in ("2019", "2021"):
        broken = rng.random() < 0.05
        facts.update(_apply(rng, fmt, broken))
        if broken:
            checks.append({"code": "apply.balance", "severity": "error", "keys": ["apply.total.total"],
                           "message": "total: new + carried_over ≠ total + carried_forward"})  # fmt: skip
        for key, _ in keys.review_keys():
            facts[key] = 0 if rng.random() < 0.9 else rng.randint(0, 3)
        for item, columns in keys.ACTIVE_ITEM_COLUMNS.items():
            for col in columns:
                if (fmt == "2021") == (col in ("issued", "repealed", "in_force", "decisions", "amount")):
                    if fmt == "2021" and item in ("other_admin_service", "procurement"):
                        continue
                    facts[f"active.{item}.{col}"] = (
                        round(rng.random() * 50, 2)
                        if col == "amount"
                        else rng.choice([0, 0, "NA", rng.randint(1, 900)])
                    )
        facts["series.requests_received"] = facts["apply.new.total"]
        facts["series.requests_granted"] = facts["apply.granted.total"]
        facts["series.reviews"] = facts["review.total"]
        facts["series.lawsuits"] = facts["litigation.direct.total"] + facts["litigation.after_review.total"]
    elif fmt == "legacy":
        received = int(rng.expovariate(1 / 30))
        for i, (label, unit) in enumerate(LEGACY_ROWS):
            value = received if label == "收到申请数" else rng.randint(0, 200)
            legacy.append({"label": label, "unit": unit, "value": value, "column": "统计数",
                           "where": {"table": 0, "row": i + 1, "col": 2, "raw": str(value)}})  # fmt: skip
        facts["series.requests_received"] = received
        facts["series.requests_granted"] = rng.randint(0, received)
        facts["series.reviews"] = rng.randint(0, 1)
        facts["series.lawsuits"] = rng.randint(0, 1)
        facts["series.active_published"] = legacy[0]["value"]
    if rng.random() < 0.2:
        checks.append({"code": "section.missing", "severity": "warning", "keys": [],
                       "message": "section 六 (other) is missing"})  # fmt: skip
    provenance = {
        k: {"table": 1, "row": i // 7, "col": i % 7 + 3, "raw": str(v)}
        for i, (k, v) in enumerate(facts.items())
    }
    sections = []
    for number, (heading, kind) in enumerate(HEADINGS, start=1):
        text = "".join(
            rng.choice(SENTENCES).format(n=rng.randint(0, 500), m=rng.randint(0, 3)) for _ in range(4)
        )
        sections.append({"number": number, "heading": heading, "kind": kind, "text": f"{heading}\n{text}"})
    title = f"{agency}{year}年政府信息公开工作年度报告"
    data = f"{title}\n{n}\n".encode() + "\n".join(s["text"] for s in sections).encode()
    url = f"http://127.0.0.1:9/xxgk/{n // 1000}/{n}.html"
    report = {
        "agency": agency, "region": None, "report_year": year, "title": title,
        "published": f"{year + 1}-01-{rng.randint(10, 31)}", "format": fmt, "sections": sections,
        "facts": facts, "provenance": provenance, "legacy": legacy, "checks": checks,
        "source": {"url": url, "sha256": None, "media_type": "text/html", "bytes": len(data)},
        "parser_version": "bench",
    }  # fmt: skip
    return data, report


def reports(n: int, seed: int = 2026) -> Iterator[tuple[bytes, dict]]:
    """``n`` synthetic reports: bodies × years, in a fixed pseudo-random order."""
    rng = random.Random(seed)
    agencies = _agencies(rng, max(1, n // len(YEARS) + 1))
    for i in range(n):
        yield synthetic_report(rng, agencies[i // len(YEARS)], YEARS[i % len(YEARS)], i)


FACT_COLUMNS = "report, key, value, mark, raw, table_index, row_index, col_index, label, unit, column_label"


def _floor(path: Path, stored: Path) -> tuple[int, float]:
    """The fact rows the store path wrote into ``stored``, inserted again by bare executemany into a fresh
    file ``path`` (100,000 rows a call, one transaction); returns (rows, seconds of the inserts and commit).

    ``_floor(Path("/tmp/floor.db"), Path("/tmp/reports.db"))`` → ``(10442820, 35.9)``. Reading them back
    gives the very rows, in the same order, without generating the reports again or holding 10 million
    tuples in memory while the store path is timed.
    """
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA cache_size = -65536")
    conn.execute("""create table facts (id integer primary key, report text not null, key text not null,
                    value numeric, mark text, raw text, table_index integer, row_index integer,
                    col_index integer, label text, unit text, column_label text)""")
    conn.execute("create index idx_facts_report_key_value on facts (report, key, value)")
    source = sqlite3.connect(f"file:{stored}?immutable=1", uri=True)
    cursor = source.execute(f"select {FACT_COLUMNS} from facts order by id")
    insert = f"insert into facts ({FACT_COLUMNS}) values ({', '.join('?' * 11)})"
    rows, seconds = 0, 0.0
    conn.execute("begin")
    while chunk := cursor.fetchmany(100_000):
        start = time.perf_counter()
        conn.executemany(insert, chunk)
        seconds += time.perf_counter() - start
        rows += len(chunk)
    start = time.perf_counter()
    conn.commit()
    seconds += time.perf_counter() - start
    source.close()
    conn.close()
    return rows, seconds


def _sample(db_path: Path) -> tuple[str, str]:
    """(id, agency) of a 2021-format report half-way through the table: the report the queries and pages ask for."""
    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    row = conn.execute(
        "select id, agency from reports where format = '2021' limit 1"
        " offset (select count(*) / 2 from reports where format = '2021')"
    ).fetchone()
    conn.close()
    return row


def _queries(
    db_path: Path, metadata: dict, rid: str, agency: str
) -> list[tuple[str, str, float, float, int]]:
    """(name, params, cold seconds, best-of-3 seconds, rows) for each canned query and page.

    ``_queries(Path("reports.db"), metadata, "3f2a…", "河南省安宁市教育局")``: ``rid`` and ``agency`` name
    the report and body that the one-report queries ask for.
    """
    queries = metadata["databases"]["reports"]["queries"]
    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    conn.execute("PRAGMA cache_size = -65536")
    fragment = agency[-8:]
    cases = [
        ("requests_per_year", queries["requests_per_year"]["sql"], {"agency": fragment}),
        ("tables_that_do_not_add_up", queries["tables_that_do_not_add_up"]["sql"], {}),
        ("search 复议", queries["search"]["sql"], {"q": "复议"}),
        ("search 诉讼", queries["search"]["sql"], {"q": "诉讼"}),
        ("search 公开", queries["search"]["sql"], {"q": "公开"}),
        ("search 政府信息公开", queries["search"]["sql"], {"q": "政府信息公开"}),
        ("search 信息处理费", queries["search"]["sql"], {"q": "信息处理费"}),
        ("most_requests (all years)", queries["most_requests"]["sql"], {"year": ""}),
        ("most_requests 2022", queries["most_requests"]["sql"], {"year": "2022"}),
        ("granted_share_by_year_and_level", queries["granted_share_by_year_and_level"]["sql"], {}),
        ("report_facts", queries["report_facts"]["sql"], {"report": rid}),
        (
            "page: one report's facts",
            "select * from facts where report = :r order by id limit 101",
            {"r": rid},
        ),
        (
            "page: table_3_requests, one report",
            "select * from table_3_requests where report = :r",
            {"r": rid},
        ),
        ("page: table_3_requests, first 101", "select * from table_3_requests limit 101", {}),
        (
            "page: table_4 of one body",
            "select * from table_4_review_litigation where agency = :a",
            {"a": agency},
        ),
        ("page: series, first 101 by year", "select * from series order by report_year desc limit 101", {}),
    ]
    out = []
    for name, sql, params in cases:
        times = []
        for _ in range(4):
            start = time.perf_counter()
            rows = conn.execute(sql, params).fetchmany(1001)
            times.append(time.perf_counter() - start)
        out.append(
            (name, ", ".join(f"{k}={v}" for k, v in params.items()), times[0], min(times[1:]), len(rows))
        )
    conn.close()
    return out


def _pages(db_path: Path, metadata: dict, rid: str) -> list[tuple[str, float, int]]:
    """(url, seconds, status) of Datasette pages, served as ``make serve`` does (immutable, inspected).

    ``_pages(Path("reports.db"), metadata, "3f2a…")``: ``rid`` is the report whose pages are asked for.
    """
    import asyncio

    from datasette.app import Datasette
    from datasette.inspect import inspect_hash, inspect_tables

    conn = sqlite3.connect(f"file:{db_path}?immutable=1", uri=True)
    conn.row_factory = sqlite3.Row
    inspect = {"reports": {"hash": inspect_hash(db_path), "size": db_path.stat().st_size,
                           "file": str(db_path), "tables": inspect_tables(conn, {})}}  # fmt: skip
    conn.close()
    urls = ["/", "/reports", "/reports/reports", f"/reports/reports/{rid}", f"/reports/facts?report={rid}",
            "/reports/facts?key=apply.new.total", "/reports/series", "/reports/series?level=county",
            "/reports/table_3_requests", "/reports/table_3_requests?_sort_desc=new_total",
            "/reports/table_4_review_litigation", "/reports/table_2_active", "/reports/sections",
            "/reports/search?q=复议", "/reports/most_requests?year=", "/reports/granted_share_by_year_and_level",
            "/-/dashboards/trends"]  # fmt: skip

    async def fetch() -> list[tuple[str, float, int]]:
        ds = Datasette(immutables=[str(db_path)], metadata=metadata, inspect_data=inspect,
                       settings={"suggest_facets": False})  # fmt: skip
        out = []
        for url in urls:
            start = time.perf_counter()
            response = await ds.client.get(url)
            out.append((url, time.perf_counter() - start, response.status_code))
        return out

    return asyncio.run(fetch())


def bench_reports() -> int:
    """How many reports to store: ``BENCH_REPORTS`` (``BENCH_REPORTS=2000`` → 2000), 100,000 by default."""
    return int(os.environ.get("BENCH_REPORTS", "100000"))


def run(n: int, keep: bool = False) -> dict:
    """Ingest ``n`` synthetic reports and measure; returns the figures.

    ``run(2000)["facts_per_second"]``
    """
    workdir = Path(tempfile.mkdtemp(prefix="storage-scale-"))
    try:
        db_path = workdir / "reports.db"
        db = storage.open_db(db_path)
        run_id = storage.start_run(db, "bench", None)
        ingest = 0.0
        group: list[dict] = []
        for i, (data, report) in enumerate(reports(n), 1):
            url = report["source"]["url"]
            group.append({"url": url, "body": data, "encoding": "utf-8", "published_hint": report["published"],
                          "agency_hint": None, "region_hint": None, "fetched_at": None, "portal": None,
                          "report": report, "error": None})  # fmt: skip
            if len(group) < GROUP and i < n:
                continue
            start = time.perf_counter()
            answers = storage.ingest_many(db, group, None, run_id)
            ingest += time.perf_counter() - start
            assert all(kind == "ok" and outcome["status"] == "new" for kind, outcome in answers), answers
            group = []
        storage.finish_run(db, run_id, "finished", n)
        counts = {t: db[t].count for t in ("reports", "facts", "sections", "checks")}
        start = time.perf_counter()
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.execute("ANALYZE")
        db.close()
        checkpoint = time.perf_counter() - start
        size = db_path.stat().st_size
        floor_rows, floor_seconds = _floor(workdir / "floor.db", db_path)
        floor_size = (workdir / "floor.db").stat().st_size
        metadata = json.loads((ROOT / "datasette-metadata.json").read_text())
        rid, agency = _sample(db_path)
        queries = _queries(db_path, metadata, rid, agency)
        pages = _pages(db_path, metadata, rid)
        if keep:
            print(f"database kept: {db_path}")
        return {
            "reports": n, **{f"{t}_rows": c for t, c in counts.items()},
            "ingest_seconds": ingest, "checkpoint_seconds": checkpoint,
            "facts_per_second": counts["facts"] / ingest,
            "reports_per_second": n / ingest,
            "floor_rows": floor_rows, "floor_seconds": floor_seconds, "floor_per_second": floor_rows / floor_seconds,
            "ratio": (counts["facts"] / ingest) / (floor_rows / floor_seconds),
            "db_bytes": size, "floor_db_bytes": floor_size, "queries": queries, "pages": pages,
        }  # fmt: skip
    finally:
        if not keep:
            shutil.rmtree(workdir, ignore_errors=True)


def report_lines(r: dict) -> list[str]:
    """The figures as printed by ``make bench``."""
    lines = [
        f"storage: {r['reports']} reports, {r['facts_rows']} facts, {r['sections_rows']} sections, "
        f"{r['checks_rows']} checks stored in {r['ingest_seconds']:.1f} s: {r['facts_per_second']:,.0f} facts/s "
        f"({r['reports_per_second']:,.0f} reports/s)",
        f"storage: bare executemany floor {r['floor_per_second']:,.0f} facts/s; store path / floor = {r['ratio']:.2f}",
        f"storage: database {r['db_bytes'] / 2**20:,.0f} MiB (facts alone, floor table: {r['floor_db_bytes'] / 2**20:,.0f} MiB)",
    ]
    for name, params, cold, best, rows in r["queries"]:
        flag = "" if best < 1 else "  SLOWER THAN 1 s"
        lines.append(
            f"  query {name} ({params}): {best * 1000:.1f} ms (cold {cold * 1000:.1f} ms), {rows} rows{flag}"
        )
    for url, seconds, status in r["pages"]:
        flag = "" if seconds < 1 and status == 200 else f"  SLOW OR FAILED ({status})"
        lines.append(f"  datasette {url}: {seconds * 1000:.0f} ms{flag}")
    return lines


if __name__ == "__main__":
    for line in report_lines(run(bench_reports(), keep=bool(os.environ.get("BENCH_KEEP")))):
        print(line)
