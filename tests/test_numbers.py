from parsers.numbers import cell_kind, clean, parse_value


def test_numbers_are_normalised():
    assert parse_value("１２") == 12
    assert parse_value("1,234") == 1234
    assert parse_value("12件") == 12
    assert parse_value("3.5万元", money=True) == 3.5
    assert parse_value("20.3") == 20.3
    assert parse_value("+2") == 2
    assert parse_value("-1") == -1
    assert parse_value("减少1") == -1


def test_yuan_become_wan_yuan_for_money():
    assert parse_value("251000元", money=True) == 25.1
    assert parse_value("251000元") == 251000


def test_not_applicable_marks_and_empty_cells():
    for mark in ["/", "／", "—", "-", "--", "无", "不适用"]:
        assert parse_value(mark) == "NA", mark
    assert parse_value("") is None
    assert parse_value("  ") is None


def test_cell_kinds():
    assert [cell_kind(x) for x in ["", "—", "０", "规章", "2017年度"]] == [
        "empty",
        "na",
        "number",
        "label",
        "label",
    ]


def test_clean_drops_whitespace_and_width():
    assert clean("（三） 不予公开\n") == "(三)不予公开"
    assert clean("商业\n企业") == "商业企业"
