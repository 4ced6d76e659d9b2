"""``python -m storage COMMAND --db PATH``: look at and maintain the reports database.

- ``summary``: what the last crawl stored.
- ``reparse [--force]``: rebuild reports, facts and checks from the kept raw files (``make reparse``).
- ``search WORDS``: full-text search over report sections (two-character words too: 复议).
- ``migrate``: bring the schema up to date and fold the WAL into the file (``make serve`` runs it
  before serving the file read-only).
- ``metadata [--file datasette-metadata.json]``: write the wide views' generated column descriptions.
"""

from __future__ import annotations

import argparse
import sys

from . import open_db, reparse, run_summary, search
from .metadata import update_metadata


def main(argv: list[str] | None = None) -> int:
    """Run one command: ``main(["reparse", "--db", "data/reports.db"])``; returns the exit status."""
    ap = argparse.ArgumentParser(prog="python -m storage", description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="command", required=True)
    commands = {
        "summary": sub.add_parser("summary", help="the last crawl run and the database's totals"),
        "reparse": sub.add_parser("reparse", help="re-parse the kept raw documents with the current parser"),
        "search": sub.add_parser("search", help="search report sections (e.g. 复议)"),
        "migrate": sub.add_parser("migrate", help="apply migrations and checkpoint the WAL"),
    }
    for parser in commands.values():
        parser.add_argument("--db", default="data/reports.db", help="SQLite file")
    metadata = sub.add_parser("metadata", help="write the views' column descriptions into the metadata file")
    metadata.add_argument("--file", default="datasette-metadata.json")
    commands["reparse"].add_argument(
        "--force", action="store_true", help="also reports of this parser version"
    )
    commands["search"].add_argument("words", nargs="+", help="words to find, all of them")
    commands["search"].add_argument("--limit", type=int, default=20)
    args = ap.parse_args(argv)
    if args.command == "metadata":
        print(f"{args.file}: {'updated' if update_metadata(args.file) else 'up to date'}")
        return 0
    db = open_db(args.db)
    if args.command == "summary":
        print(run_summary(db))
    elif args.command == "reparse":
        counts = reparse(db, force=args.force)
        print(", ".join(f"{v} {k}" for k, v in counts.items()))
    elif args.command == "search":
        for hit in search(db, " ".join(args.words), limit=args.limit):
            print(f"{hit['agency']} {hit['report_year']} §{hit['heading']}: {hit['excerpt']!r}")
    elif args.command == "migrate":
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        print(f"{args.db}: schema up to date")
    db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
