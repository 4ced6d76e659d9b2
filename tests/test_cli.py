"""`python -m parsers FILE --json`: the contract's object, or one line naming the file and the reason."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import seed


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parsers", *args], capture_output=True, text=True, timeout=60
    )


def test_json_output_follows_the_contract():
    result = _run(str(seed("004")), "--json")
    assert result.returncode == 0
    report = json.loads(result.stdout)
    assert set(report) >= {"agency", "region", "report_year", "title", "published", "format", "sections", "facts",
                           "legacy", "checks", "source", "parser_version"}  # fmt: skip
    assert report["source"]["sha256"] and report["source"]["bytes"] == seed("004").stat().st_size
    assert all(set(c) == {"code", "severity", "message", "keys"} for c in report["checks"])
    assert all(set(s) == {"number", "heading", "kind", "text"} for s in report["sections"])


def test_bad_input_is_one_line_and_exit_2(tmp_path):
    cases = {
        "empty.txt": b"",
        "garbage.bin": bytes(range(256)) * 4,
        "fake.docx": b"PK\x03\x04not really a zip",
    }
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
    for name in [*cases, "missing.html"]:
        result = _run(str(tmp_path / name), "--json")
        assert result.returncode == 2, name
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in result.stderr, result.stderr
        assert result.stdout == ""
