"""`make bench`, the SPC part: the engine and the chart on a 1,000-point series, with rebases
and a fixed baseline. Needs no database: `python -m tests.bench.spc` runs it alone."""

import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta

from projects.measures.charts import render_chart
from projects.measures.spc import analyse

POINTS = 1000
RUNS = 300
OPTIONS = {
    "improvement": "decrease",
    "target": 40.0,
    "fix_after": 20,
    "rebase_at": (250, 500, 750),
    "screen_outliers": True,
}


def measured_series() -> tuple[list[float], list[date]]:
    """Daily values with the signals a real measure has: steps down after each rebase, a slow
    drift, and an occasional spike."""
    rng = random.Random(2026)
    values = []
    for i in range(POINTS):
        level = 50 - 4 * (i // 250) - (i % 250) * 0.01
        spike = rng.choice([0] * 40 + [15])
        values.append(round(rng.gauss(level, 3) + spike, 1))
    start = date(2023, 6, 1)
    return values, [start + timedelta(days=i) for i in range(POINTS)]


def median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def results() -> list[tuple[str, float]]:
    values, dates = measured_series()
    result = analyse(values, **OPTIONS)
    return [
        (
            f"analyse a {POINTS:,}-point series, 3 rebases, fix_after 20 (median of {RUNS})",
            median_seconds(lambda: analyse(values, **OPTIONS)),
        ),
        (
            f"render its SVG chart (median of {RUNS})",
            median_seconds(lambda: render_chart(result, dates, title="Bench", unit="minutes")),
        ),
    ]


def main() -> int:
    rows = results()
    width = max(len(label) for label, _ in rows)
    print(f"{'SPC benchmark':<{width}}  milliseconds")
    for label, seconds in rows:
        print(f"{label:<{width}}  {seconds * 1000:12.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
