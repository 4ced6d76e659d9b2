"""Scheduling: the run lock and the installed timer or cron entry."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from crawler.run import Locked, run_lock
from crawler.schedule import install, main, uninstall


def test_second_run_is_skipped_while_the_first_holds_the_lock(tmp_path):
    lock = tmp_path / "crawl.lock"
    with run_lock(lock):
        with pytest.raises(Locked):
            with run_lock(lock):
                pass
        result = subprocess.run([sys.executable, "-m", "crawler.run", "--lock", str(lock), "--db", str(tmp_path / "x.db")],
                                capture_output=True, text=True, timeout=60)  # fmt: skip
        assert result.returncode == 75
        assert result.stderr.strip().startswith("skipped: another crawl holds")
    with run_lock(lock):  # released when the block ends
        pass


def test_lock_is_released_when_its_holder_is_killed(tmp_path):
    lock = tmp_path / "crawl.lock"
    holder = subprocess.Popen([sys.executable, "-c", f"from crawler.run import run_lock\nimport time\n"
                               f"with run_lock({str(lock)!r}):\n    print('held', flush=True); time.sleep(60)"],
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(Locked):
            with run_lock(lock):
                pass
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait(timeout=10)
        deadline = time.monotonic() + 5
        while True:
            try:
                with run_lock(lock):
                    break
            except Locked:
                assert time.monotonic() < deadline
                time.sleep(0.05)
    finally:
        holder.kill()


def test_cron_entry_and_systemd_timer_are_written_and_removed(tmp_path):
    cron = install("cron", "data/reports.db", "*-*-* 04:30:00", tmp_path)
    assert [p.name for p in cron] == ["gov-disclosure-reports"]
    line = cron[0].read_text().splitlines()[-1]
    assert line.startswith("30 4 * * * root cd ") and "-m crawler.run --db data/reports.db" in line
    units = install("systemd", "data/reports.db", "*-*-* 03:00:00", tmp_path)
    timer = next(p for p in units if p.suffix == ".timer").read_text()
    assert "OnCalendar=*-*-* 03:00:00" in timer and "Persistent=true" in timer
    service = next(p for p in units if p.suffix == ".service").read_text()
    assert "Type=oneshot" in service and "crawler.run" in service
    assert len(uninstall(tmp_path)) == 3
    assert not any(p.exists() for p in cron + units)


def test_show_prints_without_installing(capsys, tmp_path):
    assert main(["show", "--kind", "cron", "--root", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "crawler.run" in out and "\n0 3 * * * root cd " in out
    assert not any(tmp_path.iterdir())


def test_show_honours_when_like_install(capsys, tmp_path):
    when = "*-*-* 05:15:00"
    assert main(["show", "--kind", "cron", "--when", when, "--root", str(tmp_path)]) == 0
    shown = capsys.readouterr().out
    assert "\n15 5 * * * root cd " in shown
    assert main(["install", "--kind", "cron", "--when", when, "--root", str(tmp_path)]) == 0
    installed = (tmp_path / "etc/cron.d/gov-disclosure-reports").read_text()
    assert installed in shown
    assert main(["show", "--kind", "systemd", "--when", when, "--root", str(tmp_path)]) == 0
    assert f"OnCalendar={when}\n" in capsys.readouterr().out
