"""SQLite storage of crawls, documents and parsed reports (sqlite-utils)."""

from .schema import SCHEMA_VERSION, migrate
from .store import (
    count_run,
    document_id,
    finish_run,
    open_db,
    record_error,
    start_run,
    store_document,
    store_report,
)
from .summary import run_summary

__all__ = [
    "SCHEMA_VERSION", "count_run", "run_summary", "document_id", "finish_run", "migrate", "open_db", "record_error",
    "start_run", "store_document", "store_report",
]  # fmt: skip
