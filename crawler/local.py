"""Run a crawl of a portal kept on disk: a static HTTP server on 127.0.0.1 plus ``scrapy crawl``.

Used by ``make demo`` (the bundled ``demo/portal``) and by the end-to-end tests.
"""

from __future__ import annotations

import contextlib
import functools
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

from .replay import LoopbackServer, running
from .run import ROOT, crawl_command

DEMO_PORTAL = ROOT / "demo" / "portal"
DEMO_LIST_PAGE = "/xxgk/xxgknb/index.html"


class _QuietHandler(SimpleHTTPRequestHandler):
    delay = 0.0  # seconds before each answer (a slow portal)
    answered: list | None = None  # when a list: (path, status, conditional?) of every answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        if self.answered is not None:
            conditional = "If-Modified-Since" in self.headers or "If-None-Match" in self.headers
            self.answered.append((self.path, int(code) if str(code).isdigit() else code, conditional))

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.delay:
            time.sleep(self.delay)
        super().do_GET()


@contextlib.contextmanager
def serve_directory(directory: str | Path, port: int = 0, delay: float = 0.0,
                    answered: list | None = None) -> Iterator[str]:  # fmt: skip
    """Serve ``directory`` on 127.0.0.1 (port 0: any free port); yields the base URL.

    ``delay`` makes every answer wait that many seconds, like a slow portal;
    ``answered``, a list, receives (path, status, conditional request?) per answer.

    >>> with serve_directory("demo/portal") as base:  # doctest: +SKIP
    ...     base
    'http://127.0.0.1:40123'
    """
    handler_class = type("Handler", (_QuietHandler,), {"delay": delay, "answered": answered})
    handler = functools.partial(handler_class, directory=str(directory))
    with running(LoopbackServer(("127.0.0.1", port), handler)) as server:
        yield f"http://127.0.0.1:{server.server_address[1]}"


def crawl(start_url: str, db_path: str | Path, settings: dict[str, str] | None = None,
          quiet: bool = True) -> subprocess.CompletedProcess:  # fmt: skip
    """Run ``scrapy crawl portal`` on ``start_url`` into the SQLite file ``db_path``.

    The local server answers at once, so the polite delays are set to zero.
    With ``quiet`` the crawl's output is captured instead of printed.
    ``crawl("http://127.0.0.1:8002/xxgk/xxgknb/index.html", "data/reports.db")``
    """
    options = {"REPORTS_DB": str(db_path), "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_START_DELAY": "0",
               "LOG_LEVEL": "WARNING", **(settings or {})}  # fmt: skip
    db = options.pop("REPORTS_DB")
    command = crawl_command(db, {"start_url": start_url}, options)
    return subprocess.run(command, cwd=ROOT, capture_output=quiet, text=True, check=False)


def main() -> int:
    """``python -m crawler.local [--db PATH]``: crawl the bundled demo portal, print what happened."""
    import argparse

    import storage

    ap = argparse.ArgumentParser(prog="python -m crawler.local", description=main.__doc__)
    ap.add_argument("--db", default="data/reports.db", help="SQLite file to store into")
    ap.add_argument("--port", type=int, default=8002, help="port of the demo portal on 127.0.0.1")
    args = ap.parse_args()
    with serve_directory(DEMO_PORTAL, args.port) as base:
        print(f"demo portal served at {base}{DEMO_LIST_PAGE}")
        result = crawl(base + DEMO_LIST_PAGE, args.db, quiet=False)
    if result.returncode != 0:
        print(f"error: the crawl failed (exit {result.returncode})", file=sys.stderr)
        return result.returncode
    print(storage.run_summary(storage.open_db(args.db)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
