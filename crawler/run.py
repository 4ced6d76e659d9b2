"""Run a scheduled crawl: one at a time (a lock), logged, restartable.

    python -m crawler.run [--db data/reports.db] [--lock data/crawl.lock] [-- extra scrapy args]

The lock is an ``fcntl`` lock on a file: a second run started while one is
going exits at once with status 75 (EX_TEMPFAIL) and a one-line message, and
the lock disappears with the process however it ends (even ``kill -9``), so a
crashed run never blocks the next.  A run killed at any point can simply be
started again: list pages are fetched anew, documents already stored with the
same content are recognised by URL and hash, and each report is written in
one transaction, so nothing is lost and nothing is stored twice.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EX_TEMPFAIL = 75


class Locked(Exception):
    """Another run holds the lock."""


@contextlib.contextmanager
def run_lock(path: str | Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path`` for the duration of the block; raise Locked if taken.

    >>> with run_lock("/tmp/example.lock"):
    ...     pass
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise Locked(f"another crawl holds {path}") from exc
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)


def crawl_command(db: str | Path, args: dict[str, str] | None = None, settings: dict[str, str] | None = None,
                  extra: list[str] | None = None) -> list[str]:  # fmt: skip
    """The ``scrapy crawl portal`` command storing into ``db``: each of ``args`` as ``-a K=V``, each of
    ``settings`` as ``-s K=V``, then ``extra`` as given (the whole registry unless told otherwise).

    >>> crawl_command("r.db", {"start_url": "http://h/l.html"}, {"LOG_LEVEL": "WARNING"})[3:]
    ['crawl', 'portal', '-s', 'REPORTS_DB=r.db', '-a', 'start_url=http://h/l.html', '-s', 'LOG_LEVEL=WARNING']
    """
    command = [sys.executable, "-m", "scrapy", "crawl", "portal", "-s", f"REPORTS_DB={db}"]
    for flag, pairs in (("-a", args), ("-s", settings)):
        for key, value in (pairs or {}).items():
            command += [flag, f"{key}={value}"]
    return command + list(extra or [])


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler.run [--db PATH] [--lock PATH] [-- scrapy args]``: one locked crawl."""
    ap = argparse.ArgumentParser(
        prog="python -m crawler.run", description="one locked crawl of the portal registry"
    )
    ap.add_argument("--db", default="data/reports.db", help="SQLite file to store into")
    ap.add_argument("--lock", default="data/crawl.lock", help="lock file shared by all scheduled runs")
    ap.add_argument("extra", nargs=argparse.REMAINDER, help="further scrapy arguments, after --")
    args = ap.parse_args(argv)
    extra = [a for a in args.extra if a != "--"]
    try:
        with run_lock(args.lock):
            return subprocess.run(crawl_command(args.db, extra=extra), cwd=ROOT, check=False).returncode
    except Locked as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return EX_TEMPFAIL


if __name__ == "__main__":
    sys.exit(main())
