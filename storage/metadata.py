"""The generated parts of ``datasette-metadata.json``: the wide views' column descriptions.

The views ``table_3_requests``, ``table_4_review_litigation`` and
``table_2_active`` have one column per fact key (189 for 表三); their
descriptions come from the key catalogue (``storage/keys.py``), so they are
written into the metadata file by ``python -m storage metadata`` rather than
by hand. Everything else in the file is written by hand.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import keys

REPORT_COLUMNS = {
    "report": "The report (reports.id): open it for its facts, sections and checks",
    "agency": "Issuing body as named in the title",
    "region": "Administrative area named at the start of the agency's name, when it names one",
    "level": "Level of the body, read from its name: national, province, city, county, township, or department "
    "(a body whose name gives no area)",
    "report_year": "The year reported on (not the year published)",
    "format": "Statistics template the document carries: 2021, 2019, legacy or narrative",
    "is_current": "1 for the current version of the document at its URL, 0 for an older version kept",
}


def view_columns() -> dict[str, dict[str, str]]:
    """Column descriptions of each wide view: ``{"table_3_requests": {"new_total": "…", …}, …}``."""
    out: dict[str, dict[str, str]] = {}
    for view, pairs in (
        ("table_3_requests", keys.apply_keys()),
        ("table_4_review_litigation", keys.review_keys()),
        ("table_2_active", keys.active_keys()),
    ):
        columns = dict(REPORT_COLUMNS)
        for key, column in pairs:
            entry = keys.describe(key)
            unit = {"件": "件", "项": "items, 项", "个": "projects, 个", "万元": "万元, ten-thousand yuan"}[
                entry["unit"]
            ]
            what = {"表三": "requests", "表四": "cases"}.get(entry["table_name"], "")
            unit_text = f"{what}, {unit}" if what else unit
            columns[column] = f"{entry['description']} ({unit_text}) — {entry['label']} [{key}]"
        out[view] = columns
    return out


def update_metadata(path: str | Path = "datasette-metadata.json") -> bool:
    """Write the generated column descriptions into the metadata file; True when it changed.

    ``update_metadata("datasette-metadata.json")``
    """
    path = Path(path)
    text = path.read_text(encoding="utf-8")
    metadata = json.loads(text)
    tables = metadata["databases"]["reports"]["tables"]
    for view, columns in view_columns().items():
        tables.setdefault(view, {})["columns"] = columns
    new = json.dumps(metadata, ensure_ascii=False, indent=2) + "\n"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False
