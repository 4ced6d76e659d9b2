"""Real reports from government portals (tests/fixtures/reports, sources in SOURCES.md).

Each fixture's expected values were read off the document by hand.  Format
and year must always be right; table facts must be right at least 98% of the
time over all fixtures; and no report whose tables add up may raise an error.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parsers import parse_file
from parsers.numbers import parse_value

REPORTS = Path(__file__).parent / "fixtures" / "reports"
CASES = sorted(REPORTS.glob("*.expected.json"))
# fixtures whose agency (read off the document by hand) the parser does not find yet: for these only a
# missing agency passes; an agency it does give must still be the right one
AGENCY_NOT_READ = {
    "2019-wendeng-zjj-2019.expected.json",  # 文登区住建局
    "2021-hongqiao-zwfwb-2022.expected.json",  # 区政府政务服务办
    "narrative-huadian-xinhua-2012.expected.json",  # 桦甸市人民政府新华街道办事处
    "narrative-shangyu-xietang-2013.expected.json",  # 谢塘镇
    "narrative-wuyi-baiyang-2009.expected.json",  # 开发区(白洋街道)
    "narrative-ziyang-nanxun-2014.expected.json",  # 南薰乡
}


def _source(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.json")
    return next(p for p in REPORTS.iterdir() if p.stem == stem and not p.name.endswith(".json"))


def _norm(value):
    if isinstance(value, str):
        parsed = parse_value(value)
        return value if parsed is None else parsed
    return value


@pytest.fixture(scope="module")
def results() -> dict[str, tuple[dict, dict]]:
    return {p.name: (json.loads(p.read_text()), parse_file(_source(p))) for p in CASES}


def test_there_are_enough_real_fixtures():
    formats = [json.loads(p.read_text())["format"] for p in CASES]
    assert len(CASES) >= 25
    assert AGENCY_NOT_READ <= {p.name for p in CASES}
    assert formats.count("2021") >= 8 and formats.count("2019") >= 6 and formats.count("narrative") >= 4


@pytest.mark.parametrize("case", [p.name for p in CASES])
def test_format_year_and_agency(results, case):
    expected, got = results[case]
    assert got["format"] == expected["format"]
    assert got["report_year"] == expected["report_year"]
    if expected.get("agency") and (got["agency"] or case not in AGENCY_NOT_READ):
        assert got["agency"], f"{case}: no agency, expected {expected['agency']}"
        assert expected["agency"] in got["agency"] or got["agency"] in expected["agency"]


@pytest.mark.parametrize("case", [p.name for p in CASES])
def test_no_false_error(results, case):
    _, got = results[case]
    assert [c for c in got["checks"] if c["severity"] == "error"] == []


def test_table_facts_are_right_at_least_98_percent(results):
    right = total = 0
    wrong = []
    for case, (expected, got) in results.items():
        for key, value in expected["facts"].items():
            total += 1
            if _norm(got["facts"].get(key)) == _norm(value):
                right += 1
            else:
                wrong.append(f"{case} {key}: want {value!r} got {got['facts'].get(key)!r}")
        for row in expected.get("legacy") or []:
            total += 1
            if any((row["label"] in r["label"] or r["label"] in row["label"]) and _norm(r["value"]) == _norm(row["value"])
                   for r in got["legacy"]):  # fmt: skip
                right += 1
            else:
                wrong.append(f"{case} legacy {row['label']}={row['value']}")
    assert total > 500
    assert right / total >= 0.98, "\n".join(wrong)


def test_no_value_is_made_up(results):
    """Where the document's cell is empty, the parser gives null, never a number."""
    for case, (expected, got) in results.items():
        for key, value in expected["facts"].items():
            if value is None and key in got["facts"]:
                assert got["facts"][key] is None, f"{case} {key}"
