"""SQLite storage of crawls, documents and parsed reports (sqlite-utils)."""

from .ingest import failed, ingest, ingest_many, not_fetched, parse_fetched, parsed, with_hints
from .levels import level_of
from .reparse import reparse
from .runs import portal_status, previous_documents, record_portal_counts
from .schema import SCHEMA_VERSION, migrate
from .search import bigrams, match_query, search
from .store import (
    StoredDocument,
    count_run,
    document_id,
    finish_run,
    open_db,
    record_error,
    start_run,
    store_document,
    store_report,
    upsert_portals,
)
from .summary import run_summary

__all__ = [
    "SCHEMA_VERSION", "StoredDocument", "bigrams", "count_run", "document_id", "failed", "finish_run", "ingest", "ingest_many", "level_of", "match_query", "migrate", "not_fetched",
    "open_db", "parse_fetched", "parsed", "portal_status", "previous_documents", "record_error", "record_portal_counts", "reparse",
    "run_summary", "search", "start_run", "store_document", "store_report",
    "upsert_portals", "with_hints",
]  # fmt: skip
