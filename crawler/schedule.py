"""Install the scheduled registry crawl: a systemd timer where systemd runs, else a cron entry.

    python -m crawler.schedule install [--kind systemd|cron] [--when "*-*-* 03:00:00"] [--root /]
    python -m crawler.schedule uninstall [--root /]
    python -m crawler.schedule show [--kind systemd|cron] [--when "*-*-* 03:00:00"]

Each scheduled run is ``python -m crawler.run`` (one locked crawl; a run that
finds the previous one still going is skipped, not stacked).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from .run import ROOT

NAME = "gov-disclosure-reports"
CRON_FILE = Path("etc/cron.d") / NAME
SYSTEMD_DIR = Path("etc/systemd/system")


def command(db: str) -> str:
    """The shell command a scheduled run executes, e.g. ``cd /srv/app && .venv/bin/python -m crawler.run …``."""
    python = ROOT / ".venv" / "bin" / "python"
    return f"cd {ROOT} && {python} -m crawler.run --db {db} >> {ROOT}/data/crawl.log 2>&1"


def cron_entry(db: str, when: str = "*-*-* 03:00:00") -> str:
    """A /etc/cron.d file running the crawl once a day at the hour and minute of ``when`` (a systemd
    OnCalendar time): ``cron_entry("data/reports.db", "*-*-* 04:30:00")`` runs at ``30 4 * * *``.
    """
    hour, minute = _hour_minute(when)
    return f"# {NAME}: daily crawl of the portal registry\n{minute} {hour} * * * root {command(db)}\n"


def systemd_units(db: str, when: str = "*-*-* 03:00:00") -> dict[str, str]:
    """A oneshot service and the timer that starts it (``OnCalendar=when``, catch-up after downtime)."""
    service = (
        f"[Unit]\nDescription={NAME}: crawl the portal registry\n\n"
        f"[Service]\nType=oneshot\nWorkingDirectory={ROOT}\nExecStart=/bin/sh -c '{command(db)}'\n"
    )
    timer = (
        f"[Unit]\nDescription={NAME}: daily crawl\n\n"
        f"[Timer]\nOnCalendar={when}\nPersistent=true\nRandomizedDelaySec=600\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    return {f"{NAME}.service": service, f"{NAME}.timer": timer}


def systemd_running() -> bool:
    """True when this machine boots with systemd (so timers work)."""
    return Path("/run/systemd/system").is_dir() and shutil.which("systemctl") is not None


def install(kind: str, db: str, when: str, root: Path) -> list[Path]:
    """Write the schedule's files under ``root`` (``/`` for real); returns the files written."""
    written = []
    if kind == "systemd":
        for name, text in systemd_units(db, when).items():
            path = root / SYSTEMD_DIR / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            written.append(path)
        if root == Path("/"):
            subprocess.run(["systemctl", "daemon-reload"], check=False)
            subprocess.run(["systemctl", "enable", "--now", f"{NAME}.timer"], check=False)
    else:
        path = root / CRON_FILE
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(cron_entry(db, when))
        path.chmod(0o644)
        written.append(path)
    return written


def uninstall(root: Path) -> list[Path]:
    """Remove whichever schedule files exist under ``root``."""
    removed = []
    for path in [root / CRON_FILE, *(root / SYSTEMD_DIR / n for n in systemd_units("x"))]:
        if path.exists():
            if root == Path("/") and path.suffix == ".timer":
                subprocess.run(["systemctl", "disable", "--now", path.name], check=False)
            path.unlink()
            removed.append(path)
    return removed


def _hour_minute(when: str) -> tuple[int, int]:
    """``"*-*-* 03:30:00"`` → (3, 30)."""
    clock = when.split()[-1].split(":")
    return int(clock[0]), int(clock[1]) if len(clock) > 1 else 0


def main(argv: list[str] | None = None) -> int:
    """``python -m crawler.schedule install|uninstall|show``: see the module docstring."""
    ap = argparse.ArgumentParser(prog="python -m crawler.schedule", description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=["install", "uninstall", "show"])
    ap.add_argument("--kind", choices=["systemd", "cron"], help="default: systemd when it runs, else cron")
    ap.add_argument(
        "--when", default="*-*-* 03:00:00", help="systemd OnCalendar time (cron: its hour and minute)"
    )
    ap.add_argument("--db", default="data/reports.db", help="SQLite file the scheduled crawl stores into")
    ap.add_argument("--root", default="/", help="install under this root (for packaging and tests)")
    args = ap.parse_args(argv)
    kind = args.kind or ("systemd" if systemd_running() else "cron")
    root = Path(args.root)
    if args.action == "show":
        texts = (
            systemd_units(args.db, args.when)
            if kind == "systemd"
            else {"cron": cron_entry(args.db, args.when)}
        )
        for name, text in texts.items():
            print(f"# {name}\n{text}")
        return 0
    if args.action == "install":
        for path in install(kind, args.db, args.when, root):
            print(f"installed {path}")
        return 0
    for path in uninstall(root):
        print(f"removed {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
