"""How `make bench` reports: each benchmark module returns a list of `Figure`s, and
`print_section` prints them as one table, each figure beside its goal and whether it met it.

A figure with no goal is information (a count, a size); a figure with a goal that it misses
makes `make bench` exit with status 1 after printing everything.
"""

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    label: str
    value: str  # as printed: "17 ms", "412 a second", "0.08"
    goal: str = ""  # as printed: "at most 5 times the floor", "at least 400 a second"
    met: bool | None = None  # None: no goal


def print_section(title: str, figures: Sequence[Figure]) -> None:
    print(f"\n## {title}\n")
    if not figures:
        return
    label_width = max(len("what"), *(len(figure.label) for figure in figures))
    value_width = max(len("figure"), *(len(figure.value) for figure in figures))
    print(f"{'what':<{label_width}}  {'figure':>{value_width}}  goal")
    for figure in figures:
        verdict = {True: "met", False: "MISSED", None: ""}[figure.met]
        goal = f"{figure.goal} ({verdict})" if figure.goal else ""
        print(f"{figure.label:<{label_width}}  {figure.value:>{value_width}}  {goal}".rstrip())


def missed(figures: Sequence[Figure]) -> list[Figure]:
    return [figure for figure in figures if figure.met is False]
