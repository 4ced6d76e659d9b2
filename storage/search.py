"""Full-text search over report sections that finds two-character Chinese words.

SQLite's FTS5 has no Chinese word splitter, and its ``trigram`` tokenizer
cannot match a query shorter than three characters — yet 复议, 诉讼 and 公开
are exactly what people search for. So each section's text is also indexed
as *overlapping bigrams*: every run of CJK characters 行政复议 becomes the
tokens ``行政 政复 复议 议`` (the last character alone ends the run; a run of
one character is that one token), while Latin words and numbers stay whole. The ``sections_search`` table (FTS5,
``unicode61`` tokenizer, contentless, rowid = ``sections.id``) holds these
tokens. A query is converted the same way and searched as a phrase, so
复议 matches the token 复议 and 行政复议 matches the three tokens in a row; a
single character 诉 becomes the prefix query ``诉*``.

No dependency is needed, nothing is downloaded, and recall is complete (every
occurrence of the characters in a row is found, whatever a word splitter
would have made of it). The price is an index about twice the size of the
text, and a phrase may match across a word boundary (公开 inside 不公开).

The same conversion is written in SQL for Datasette's canned query
``search`` (see :data:`MATCH_SQL`), so Datasette needs no plugin.

The index is contentless: a section's tokens are removed by giving them
again (``storage.store``), so :func:`bigrams` must not change without a
migration that rebuilds ``sections_search`` from ``sections``.
"""

from __future__ import annotations

import re

import sqlite_utils

# CJK ideographs (basic + extension A + compatibility) as one class
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_IS_CJK = re.compile(rf"[{_CJK}]")
# one pass in C: a CJK pair starting here (zero-width, so pairs overlap); a CJK character with no
# CJK after it (the tail of a run, or a run of one); a word of letters or digits
_TOKENS = re.compile(rf"(?=([{_CJK}]{{2}}))|([{_CJK}])(?![{_CJK}])|([^\W_{_CJK}]+)")
_TOKENS_NO_TAIL = re.compile(rf"(?=([{_CJK}]{{2}}))|(?<![{_CJK}])([{_CJK}])(?![{_CJK}])|([^\W_{_CJK}]+)")


def bigrams(text: str | None, tail: bool = True) -> str:
    """The text as the space-separated tokens that ``sections_search`` indexes.

    Each CJK run gives its overlapping pairs, then (``tail``) its last
    character alone, so that a one-character prefix query finds a character
    at the end of a run too; Latin words and numbers stay whole.

    >>> bigrams("收到行政复议申请12件，公开")
    '收到 到行 行政 政复 复议 议申 申请 请 12 件 公开 开'
    >>> bigrams("行政复议", tail=False)
    '行政 政复 复议'
    """
    if not text:
        return ""
    pattern = _TOKENS if tail else _TOKENS_NO_TAIL
    return " ".join(a or b or c for a, b, c in pattern.findall(text))


def match_query(query: str) -> str | None:
    """An FTS5 MATCH expression for what a person typed; ``None`` when nothing is searchable.

    Words separated by spaces must all occur (AND); each word is a phrase of
    its bigrams.

    >>> match_query("复议"), match_query("行政复议"), match_query("诉"), match_query("复议 FOIA")
    ('"复议"', '"行政 政复 复议"', '诉*', '"复议" AND "FOIA"')
    """
    parts = []
    for word in query.split():
        tokens = bigrams(word, tail=False).split()
        if not tokens:
            continue
        if len(tokens) == 1 and len(tokens[0]) == 1 and _IS_CJK.match(tokens[0]):
            parts.append(f"{tokens[0]}*")
        else:
            parts.append('"' + " ".join(t.replace('"', '""') for t in tokens) + '"')
    return " AND ".join(parts) or None


def search(db: sqlite_utils.Database, query: str, limit: int = 50) -> list[dict]:
    """Sections matching ``query`` (``"复议"``), with their report's agency and year.

    The ``limit`` sections stored most recently are taken (FTS5 walks its
    index in rowid order and stops there: a word found in every report costs
    no more than a rare one, where ranking all matches would cost 0.5 s on
    100,000 reports), then shown latest report year first.

    >>> search(db, "复议")[0]["agency"]  # doctest: +SKIP
    '梁园区前进街道办事处'
    """
    expression = match_query(query)
    if expression is None:
        return []
    sql = (
        "select s.id as section, s.report, r.agency, r.report_year, s.heading, s.kind,"
        " replace(substr(s.text, max(1, instr(s.text, :word) - 30), 100), char(10), ' ') as excerpt"
        " from (select rowid as id from sections_search where sections_search match :match"
        " order by rowid desc limit :limit) hits"
        " join sections s on s.id = hits.id join reports r on r.id = s.report"
        " order by r.report_year desc, r.agency, s.number"
    )
    first = query.split()[0] if query.split() else ""
    cursor = db.execute(sql, {"match": expression, "word": first, "limit": limit})
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


# The conversion of :q into a MATCH expression in plain SQL, for a Datasette
# canned query: one word, CJK → phrase of bigrams, one CJK char → prefix, other
# text → the word quoted, nothing → the empty phrase (which matches nothing).
# (group_concat keeps the order of the ordered subquery.)
MATCH_SQL = """with recursive
  q(word) as (select replace(replace(trim(:q), ' ', ''), '"', '')),
  pos(i) as (select 1 union all select i + 1 from pos, q where i < length(word) - 1),
  grams(expr) as (
    select case
      when length(word) = 0 then '""'
      when unicode(word) < 13312 then '"' || word || '"'
      when length(word) = 1 then word || '*'
      else '"' || (select group_concat(g, ' ') from (select substr(word, i, 2) as g from pos order by i)) || '"'
    end from q
  )"""
