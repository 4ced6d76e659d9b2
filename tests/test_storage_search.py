"""Full-text search over sections finds two-character Chinese words (复议, 诉讼, 公开) and longer ones."""

from __future__ import annotations

import sqlite3

import pytest

import storage
from storage.search import MATCH_SQL, bigrams, match_query

from .conftest import METADATA, crawl_seeds


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    db = storage.open_db(tmp_path_factory.mktemp("search") / "reports.db")
    crawl_seeds(db)
    return db


def _with_text(db, word: str) -> set[int]:
    """Sections whose text holds ``word``, found the slow way."""
    return {sid for (sid,) in db.execute("select id from sections where instr(text, ?) > 0", [word])}


@pytest.mark.parametrize("word", ["复议", "诉讼", "公开", "行政复议", "政府信息公开", "依申请公开"])
def test_search_finds_every_section_holding_the_word(db, word):
    hits = storage.search(db, word, limit=1000)
    expected = _with_text(db, word)
    assert expected, f"the seeds hold {word}"
    assert {h["section"] for h in hits} == expected
    assert all(word in h["excerpt"] for h in hits if h["excerpt"])


def test_search_finds_nothing_for_a_word_not_there(db):
    assert storage.search(db, "火箭") == []
    assert storage.search(db, "复议火箭") == []
    assert storage.search(db, "   ") == []


def test_a_single_character_is_a_prefix_search(db):
    assert {h["section"] for h in storage.search(db, "诉", limit=1000)} == _with_text(db, "诉")


def test_several_words_must_all_occur(db):
    both = _with_text(db, "复议") & _with_text(db, "收费")
    assert both
    assert {h["section"] for h in storage.search(db, "复议 收费", limit=1000)} == both


def test_the_trigram_tokenizer_alone_would_miss_two_character_words():
    """Why the bigram index exists: FTS5's trigram tokenizer cannot match 复议."""
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table t using fts5(text, tokenize='trigram')")
    conn.execute("insert into t values ('本年度没有因政府信息公开被申请行政复议')")
    assert conn.execute("select count(*) from t where t match '行政复议'").fetchone()[0] == 1
    assert conn.execute("select count(*) from t where t match '复议'").fetchone()[0] == 0


def test_bigrams_and_match_queries():
    assert bigrams("行政复议、诉讼") == "行政 政复 复议 议 诉讼 讼"
    assert bigrams("收到申请12件") == "收到 到申 申请 请 12 件"
    assert bigrams("行政复议", tail=False) == "行政 政复 复议"
    assert bigrams("") == "" and bigrams(None) == ""
    assert match_query("复议") == '"复议"'
    assert match_query("行政复议") == '"行政 政复 复议"'
    assert match_query("诉") == "诉*"
    assert match_query("") is None and match_query("，。") is None


@pytest.mark.parametrize("word", ["复议", "诉讼", "公开", "行政复议", "政府信息公开", "诉", "FOIA", ""])
def test_the_sql_conversion_in_the_canned_query_matches_python(word):
    conn = sqlite3.connect(":memory:")
    expr = conn.execute(MATCH_SQL + " select expr from grams", {"q": word}).fetchone()[0]
    assert expr == (match_query(word) or '""')


def test_the_canned_search_query_uses_the_same_conversion():
    sql = METADATA["databases"]["reports"]["queries"]["search"]["sql"]
    assert sql.startswith(MATCH_SQL)


@pytest.mark.parametrize("word", ["复议", "诉讼", "公开", "政府信息公开"])
def test_the_canned_search_query_finds_what_python_finds(db, word):
    sql = METADATA["databases"]["reports"]["queries"]["search"]["sql"]
    rows = db.execute(sql, {"q": word}).fetchall()
    assert len(rows) == len(storage.search(db, word, limit=200)) > 0
