"""``python -m benchmarks``: run every benchmark and print its figures."""

from __future__ import annotations

from . import parse_speed


def main() -> None:
    r = parse_speed.run()
    print(
        f"parse: {r['reports']} reports, median {r['median_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms per report"
    )
    if r["html_files"]:
        print(f"html: {r['html_files']} pages, parse time / lxml bare parse: median {r['html_ratio_median']:.2f}×,"
              f" max {r['html_ratio_max']:.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
