"""Which digest is due for a member on a given run, and what it covers.

Beat runs the digest job on DIGEST_WEEKDAY, at DIGEST_HOUR and hourly for the rest of that
day (Europe/London); each run sends only to members who have not had this period's digest.
Weekly members get one every run; fortnightly members on every other run (even weeks
counted from a fixed Monday, so a missed run never shifts everyone's rhythm); monthly
members on the first run of each calendar month. Each digest has a period key, unique per
member, so however often the job runs for that week nobody gets a period twice.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

# A Monday: fortnights are counted from here.
FORTNIGHT_EPOCH = date(2024, 1, 1)


@dataclass(frozen=True)
class Period:
    frequency: str
    key: str
    covers_days: int

    def since(self, run_at: datetime) -> datetime:
        """The start of what this digest covers: everything new since then."""
        return run_at - timedelta(days=self.covers_days)


def period_for(frequency: str, run_date: date) -> Period | None:
    """The period a digest sent on `run_date` belongs to, or None when none is due."""
    year, week, _ = run_date.isocalendar()
    if frequency == "weekly":
        return Period("weekly", f"{year}-W{week:02d}", 7)
    if frequency == "fortnightly":
        weeks = (run_date - FORTNIGHT_EPOCH).days // 7
        if weeks % 2:
            return None
        return Period("fortnightly", f"F{weeks // 2:04d}", 14)
    if frequency == "monthly":
        if run_date.day > 7:  # not the first run of the month
            return None
        return Period("monthly", f"{run_date:%Y-%m}", (run_date - _previous_monthly(run_date)).days)
    return None


def _previous_monthly(run_date: date) -> date:
    """The same weekday's first occurrence in the month before: the last monthly run, so
    a monthly digest covers everything since it (28 or 35 days, never a gap or an overlap)."""
    first = (run_date.replace(day=1) - timedelta(days=1)).replace(day=1)
    return first + timedelta(days=(run_date.weekday() - first.weekday()) % 7)
