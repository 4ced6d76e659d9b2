"""``python -m storage summary --db PATH``: what the last crawl stored."""

from __future__ import annotations

import argparse
import sys

from . import open_db, run_summary


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m storage")
    sub = ap.add_subparsers(dest="command", required=True)
    summary = sub.add_parser("summary", help="the last crawl run and the database's totals")
    summary.add_argument("--db", default="data/reports.db", help="SQLite file")
    args = ap.parse_args(argv)
    if args.command == "summary":
        print(run_summary(open_db(args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
