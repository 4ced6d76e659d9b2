"""Benchmarks run by ``make bench``; figures and how to rerun them are in BENCHMARKS.md."""
