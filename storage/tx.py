"""Transactions that hold: sqlite-utils commits a lone write statement at once, so group them explicitly."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import sqlite_utils


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """One explicit transaction: every write inside lands together or not at all.

    ``with transaction(db): store_document(…); store_report(…)``. Inside an open
    transaction it joins that one. ``with db.conn:`` alone is not enough:
    sqlite-utils commits each write statement it runs outside an open
    transaction at once, so a crawl killed half-way through a report would
    leave the report without its sections.

    What is cached on the connection about the tables' contents (the fact keys
    known, see ``storage.store``) is dropped on a rollback: it may name rows the
    rollback removed.
    """
    if db.conn.in_transaction:  # already inside one: join it
        yield
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        forget_cached(db)
        raise
    db.conn.commit()


@contextlib.contextmanager
def savepoint(db: sqlite_utils.Database, name: str = "unit") -> Iterator[None]:
    """A part of the open transaction that rolls back alone: ``with transaction(db): with savepoint(db): …``.

    When the block raises, what it wrote is undone (and the cache dropped, as
    :func:`transaction` does) while the rest of the transaction stays to be
    committed; the exception goes on.
    """
    db.conn.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        db.conn.execute(f"ROLLBACK TO {name}")
        db.conn.execute(f"RELEASE {name}")
        forget_cached(db)
        raise
    db.conn.execute(f"RELEASE {name}")


def forget_cached(db: sqlite_utils.Database) -> None:
    """Drop what is cached on ``db`` about its rows (``forget_cached(db)``); it is read again when needed."""
    db.__dict__.pop("_known_fact_keys", None)
