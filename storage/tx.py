"""Transactions that hold: sqlite-utils commits a lone write statement at once, so group them explicitly."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit transaction: every write inside lands together or not at all.

    ``with db.conn:`` alone is not enough: sqlite-utils commits each write
    statement it runs outside an open transaction at once, so a crawl killed
    half-way through a report would leave the report without its sections.
    """
    if db.conn.in_transaction:  # already inside one: join it
        yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
