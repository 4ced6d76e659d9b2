"""``python -m benchmarks``: run every benchmark and print its figures."""

from __future__ import annotations

from . import extract_speed, parse_speed, storage_scale


def main() -> None:
    """Run every benchmark and print its figures: ``main()`` (``make bench``; ``BENCH_REPORTS=0`` skips the database)."""
    r = parse_speed.run()
    print(
        f"parse: {r['reports']} reports, median {r['median_ms']:.2f} ms, p95 {r['p95_ms']:.2f} ms per report"
    )
    if r["html_files"]:
        print(f"html: {r['html_files']} pages, parse time / lxml bare parse: median {r['html_ratio_median']:.2f}×,"
              f" max {r['html_ratio_max']:.2f}×")  # fmt: skip
    from . import crawl_speed  # BENCHMARKS.md "Crawl speed"

    c = crawl_speed.run()
    print(f"crawl: {c['pages']} pages, full pipeline {c['full_pps']:.0f} pages/s, bare spider {c['bare_pps']:.0f} pages/s,"
          f" ratio of the medians {c['median_ratio']:.2f} (best against best {c['ratio']:.2f}), peak RSS {c['full_rss_mb']:.0f} MB"
          f" (bare {c['bare_rss_mb']:.0f} MB, storage worker {c['worker_rss_mb']:.0f} MB)")  # fmt: skip
    print(extract_speed.report(extract_speed.run()))
    # database scale (BENCHMARKS.md "Database scale"): BENCH_REPORTS=N for fewer reports, 0 to skip
    reports = storage_scale.bench_reports()
    if reports > 0:
        for line in storage_scale.report_lines(storage_scale.run(reports)):
            print(line)


if __name__ == "__main__":
    main()
