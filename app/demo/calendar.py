"""The demo's calendar: Beijing working days and hours in the period before `as_of`."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from itertools import accumulate

from app.core.clock import beijing_midnight
from app.core.ids import uuid7_at

DEFAULT_DAYS = 365  # the demo covers the year before `as_of`
RECENT_DAYS = 21  # drafts (work in progress) were started within the last three weeks
# Working hours in Beijing: visits start 08:30–17:15, so the last one ends by about 18:00.
FIRST_START_MIN, LAST_START_MIN = 8 * 60 + 30, 17 * 60 + 15
WEEKDAY_WEIGHT = (1.0, 1.0, 1.0, 1.0, 1.0, 0.12, 0.06)  # Monday … Sunday: a few weekend visits


class DemoCalendar:
    """The demo's working days: `days` Beijing dates before `as_of`, weekdays weighted up."""

    def __init__(self, as_of: date, days: int) -> None:
        self.as_of = as_of
        self.days = [as_of - timedelta(days=days - i) for i in range(days)]  # oldest first
        self.midnights = [beijing_midnight(d) for d in self.days]
        weights = [WEEKDAY_WEIGHT[d.weekday()] for d in self.days]
        self._cum = list(accumulate(weights))
        recent = range(max(0, days - RECENT_DAYS), days)
        self._recent = list(recent)
        # Work in progress thins out with age: most drafts are from the last week or two.
        self._recent_cum = list(accumulate(weights[i] * 0.88 ** (days - 1 - i) for i in recent))

    def any_day(self, rng: random.Random) -> int:
        """Index of a day anywhere in the period (completed work)."""
        return rng.choices(range(len(self.days)), cum_weights=self._cum)[0]

    def recent_day(self, rng: random.Random) -> int:
        """Index of a day in the last weeks (drafts: work still in progress)."""
        return rng.choices(self._recent, cum_weights=self._recent_cum)[0]

    def is_recent(self, index: int) -> bool:
        return index >= len(self.days) - RECENT_DAYS

    def at_work(self, rng: random.Random, index: int) -> datetime:
        """A moment in working hours (Beijing) on day `index`, as aware UTC."""
        minute = rng.randint(FIRST_START_MIN, LAST_START_MIN)
        return self.midnights[index] + timedelta(minutes=minute, seconds=rng.randint(0, 59))

    def before(self, rng: random.Random, max_days: int) -> datetime:
        """A working-hours moment up to `max_days` before the period (a site's creation)."""
        day = self.days[0] - timedelta(days=rng.randint(1, max_days))
        minute = rng.randint(FIRST_START_MIN, LAST_START_MIN)
        return beijing_midnight(day) + timedelta(minutes=minute)


def demo_id(moment: datetime, rng: random.Random) -> str:
    """A UUIDv7 for a demo moment: time-ordered like a real one, deterministic for a seed."""
    return uuid7_at(int(moment.timestamp() * 1000), rng.getrandbits(74))
