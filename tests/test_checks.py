"""Each check twice on real tables: as published (no false alarm) and mutated (it must fire).

The complete 2019-format report of 上海市人民政府办公厅 (fixtures/reports/2019-shanghai-szfbgt-2019.html)
adds up as published; one changed cell must make the right check fire, naming the cells it compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_bytes

from .conftest import FIXTURES, seed

SHANGHAI = FIXTURES / "reports" / "2019-shanghai-szfbgt-2019.html"


def _parse(text: str, name: str) -> dict:
    return parse_bytes(text.encode("utf-8"), name=name)


def _mutated(path: Path, old: str, new: str) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must be unique in {path.name}"
    return _parse(text.replace(old, new), path.name)


def _codes(report: dict, severity: str | None = None) -> set[str]:
    return {c["code"] for c in report["checks"] if severity is None or c["severity"] == severity}


def _check(report: dict, code: str) -> dict:
    return next(c for c in report["checks"] if c["code"] == code)


def cell(value: int) -> str:
    return f'<p align="center">{value}</p>'


def test_published_tables_raise_no_error():
    report = _parse(SHANGHAI.read_text(encoding="utf-8"), SHANGHAI.name)
    assert report["facts"]["apply.new.total"] == 859
    assert _codes(report, "error") == set()
    assert "text.table_mismatch" not in _codes(report)  # the text's 受理…申请859件 agrees


def test_balance_row_total_and_text_fire_when_new_total_changes():
    report = _mutated(SHANGHAI, cell(859), cell(860))
    assert {"apply.balance", "apply.row_total", "text.table_mismatch"} <= _codes(report)
    balance = _check(report, "apply.balance")
    assert balance["severity"] == "error"
    assert balance["keys"] == ["apply.new.total", "apply.carried_over.total", "apply.total.total",
                               "apply.carried_forward.total"]  # fmt: skip
    row_total = _check(report, "apply.row_total")
    assert row_total["keys"][0] == "apply.new.total" and "apply.new.natural_person" in row_total["keys"]


def test_result_total_fires_when_a_result_cell_changes():
    report = _mutated(SHANGHAI, cell(44), cell(45))  # 无法提供 2.没有现成信息需要另行制作, 自然人
    result = [c for c in report["checks"] if c["code"] == "apply.result_total"]
    assert result and result[0]["keys"][0] == "apply.total.natural_person"
    assert "apply.unavailable.needs_creation.natural_person" in result[0]["keys"]


def test_review_total_fires():
    report = _mutated(SHANGHAI, '<td style="width:43px;"><p>7</p>', '<td style="width:43px;"><p>8</p>')
    assert report["facts"]["review.total"] == 8
    assert _check(report, "review.total")["keys"] == ["review.total", "review.upheld", "review.corrected",
                                                      "review.other", "review.pending"]  # fmt: skip


def test_litigation_total_fires():
    report = _mutated(SHANGHAI, "<p>9</p>", "<p>10</p>")
    assert report["facts"]["litigation.direct.total"] == 10
    assert _check(report, "litigation.total")["keys"][0] == "litigation.direct.total"


SEED_001 = seed("001")


def test_legacy_sum_quiet_as_published_and_fires_when_mutated():
    text = SEED_001.read_text(encoding="utf-8")
    assert "legacy.sum" not in _codes(_parse(text, SEED_001.name))
    old = "受理政府信息公开申请总数\n\n    0"
    assert text.count(old) == 1
    report = _parse(text.replace(old, "受理政府信息公开申请总数\n\n    5"), SEED_001.name)
    check = _check(report, "legacy.sum")
    assert check["severity"] == "warning"
    assert check["keys"][0] == "受理政府信息公开申请总数" and "当面申请数" in check["keys"]


SEED_004 = seed("004")


def test_section_checks_on_seed_004():
    text = SEED_004.read_text(encoding="utf-8")
    published = _parse(text, SEED_004.name)
    assert "section.duplicate_content" in _codes(published)
    assert "section.missing" not in _codes(published)
    # drop section 六: section.missing fires for it
    report = _parse(text.replace("六、其他需要报告的事项", "其他需要报告的事项"), SEED_004.name)
    assert any(c["code"] == "section.missing" and "'other'" in c["message"] for c in report["checks"])


def test_duplicate_content_quiet_when_sections_differ():
    text = SEED_004.read_text(encoding="utf-8")
    head, tail = text.split("五、存在的主要问题及改进情况", 1)
    tail = "五、存在的主要问题及改进情况\n\n本年度信息公开栏更新不够及时，下一步将明确专人负责。\n\n六、其他需要报告的事项\n\n无\n"
    report = _parse(head + tail, SEED_004.name)
    assert "section.duplicate_content" not in _codes(report)


def test_agency_mismatch_quiet_without_another_body():
    text = SEED_004.read_text(encoding="utf-8").replace("珠街街道办事处", "前进街道办事处")
    assert "agency.mismatch" not in _codes(_parse(text, SEED_004.name))


def test_year_mismatch():
    text = SEED_004.read_text(encoding="utf-8")
    assert "year.mismatch" not in _codes(_parse(text, SEED_004.name))
    copied = text.replace("2020年", "2018年").replace(
        "梁园区前进街道办事处2018年", "梁园区前进街道办事处2020年"
    )
    report = _parse(copied, SEED_004.name)
    assert report["report_year"] == 2020
    assert "year.mismatch" in _codes(report)


def test_cell_missing_quiet_when_every_cell_is_there():
    text = SEED_004.read_text(encoding="utf-8")
    fixed = text.replace(
        "1.本机关不掌握相关政府信息\t\t0\t0\t0\t0\t0\t0\t\n",
        "1.本机关不掌握相关政府信息\t\t0\t0\t0\t0\t0\t0\t0\n",
    )
    assert fixed != text
    report = _parse(fixed, SEED_004.name)
    assert "cell.missing" not in _codes(report)
    assert report["facts"]["apply.unavailable.not_held.total"] == 0


def test_table_unparsed_fires_for_an_unknown_table():
    text = (
        "某某局2021年政府信息公开工作年度报告\n一、总体情况\n| 项目 | 数量 |\n| --- | --- |\n| 会议 | 3 |\n"
    )
    report = _parse(text, "x.md")
    assert "table.unparsed" in _codes(report)
    assert "table.unparsed" not in _codes(_parse(SHANGHAI.read_text(encoding="utf-8"), SHANGHAI.name))


@pytest.mark.parametrize("code", ["apply.balance", "apply.row_total", "apply.result_total", "review.total",
                                  "litigation.total"])  # fmt: skip
def test_arithmetic_checks_quiet_on_every_seed(parsed_seeds, code):
    for report in parsed_seeds.values():
        assert code not in _codes(report)


def test_agency_mismatch_for_a_department_copied_from_a_peer_area():
    head = "耿马县司法局2021年政府信息公开工作年度报告\n一、总体情况\n"
    own = head + "2021年，耿马县司法局在临沧市司法局的指导下，认真贯彻条例。\n"
    assert "agency.mismatch" not in _codes(_parse(own, "x.txt"))  # its own and its superior's name
    copied = head + "2021年，沧源县司法局认真贯彻条例，沧源县司法局主动公开政府信息12条。\n"
    check = _check(_parse(copied, "x.txt"), "agency.mismatch")
    assert "沧源县司法局" in check["message"]


def test_text_table_mismatch_for_reviews_and_lawsuits():
    text = SHANGHAI.read_text(encoding="utf-8")
    assert "信息公开类行政复议7件，诉讼9件" in text
    report = _parse(text.replace("行政复议7件，诉讼9件", "行政复议8件，诉讼10件"), SHANGHAI.name)
    fired = [c for c in report["checks"] if c["code"] == "text.table_mismatch"]
    assert [c["keys"] for c in fired] == [
        ["review.total"],
        ["litigation.direct.total", "litigation.after_review.total"],
    ]
