"""``python -m parsers FILE [FILE …] [--json]``: parse reports and print them.

Exit status 0 when every file parsed, 2 when one could not be read (its
reason printed on one line to stderr).
"""

from __future__ import annotations

import argparse
import json
import sys

from . import ParseError, parse_file


def main(argv: list[str] | None = None) -> int:
    """``python -m parsers FILE [FILE …] [--json]``; returns the exit status (2 when a file could not be read)."""
    ap = argparse.ArgumentParser(prog="python -m parsers", description=__doc__.splitlines()[0])
    ap.add_argument(
        "files", nargs="+", metavar="FILE", help="report file: .html .txt .md .docx .doc .wps .pdf .xlsx .xls"
    )
    ap.add_argument("--json", action="store_true", help="print the contract's JSON object")
    args = ap.parse_args(argv)
    status = 0
    for path in args.files:
        try:
            report = parse_file(path)
        except ParseError as exc:
            print(f"error: {path}: {exc}", file=sys.stderr)
            status = 2
            continue
        if args.json:
            print(json.dumps(report, ensure_ascii=False, indent=1))
        else:
            print(summary(path, report))
    return status


def summary(path: str, report: dict) -> str:
    """One line per report: what a person checks first."""
    errors = sum(1 for c in report["checks"] if c["severity"] == "error")
    return (f"{path}: {report['agency']} {report['report_year']} format={report['format']} "
            f"facts={len(report['facts'])} legacy={len(report['legacy'])} "
            f"checks={len(report['checks'])} (errors {errors})")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
