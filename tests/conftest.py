"""Shared test helpers: fixture paths and a local copy of the demo portal served on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers import parse_file

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = FIXTURES / "seeds"


def seed(number: str) -> Path:
    """The seed report file whose name starts with ``number`` (``"004"``)."""
    return next(SEEDS.glob(f"{number}_*.txt"))


@pytest.fixture(scope="session")
def parsed_seeds() -> dict[str, dict]:
    """The five seeds parsed once for the whole session."""
    return {n: parse_file(seed(n)) for n in ("000", "001", "002", "003", "004")}
