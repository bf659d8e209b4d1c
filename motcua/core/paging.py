"""Pages of a list without counting it: a page reads one row more than it shows to know
whether a next page exists, and the figures beside a list stop counting at a cap ("hơn
1.000"). An exact ``COUNT(*)`` over millions of dossiers reads them all; neither of these
reads more than the cap (docs/performance.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

# The figures beside a list stop counting here.
COUNT_CAP = 1000
# Offset pagination stops here: page n reads n × size rows, so the deepest page is bounded;
# the list is narrowed by its filters instead (and the API has a keyset cursor).
MAX_OFFSET = 10_000


@dataclass(frozen=True)
class Capped:
    """A count that stopped at ``cap``: ``value`` is exact when ``more`` is false."""

    value: int
    more: bool
    cap: int = COUNT_CAP

    def __str__(self) -> str:
        text = f"{min(self.value, self.cap):,}".replace(",", ".")
        return f"{text}+" if self.more else text

    @property
    def cap_text(self) -> str:
        return f"{self.cap:,}".replace(",", ".")

    def __bool__(self) -> bool:
        return self.value > 0


def capped_count(qs: QuerySet[Any], cap: int = COUNT_CAP) -> Capped:
    """``SELECT count(*) FROM (SELECT 1 … LIMIT cap + 1)``: at most ``cap + 1`` rows read."""
    n = qs.order_by().values("pk")[: cap + 1].count()
    return Capped(min(n, cap), n > cap, cap)


@dataclass
class Window:
    """One page of a list, with the attributes the templates read from Django's ``Page``
    (``number``, ``has_next``, ``has_previous``, ``next_page_number``…) but no total."""

    object_list: list[Any]
    number: int
    size: int
    has_next: bool
    count: Capped | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.size + 1 if self.object_list else 0

    def __iter__(self) -> Any:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def page_number(value: Any, size: int) -> int:
    """The page asked for (1 for anything unreadable), no deeper than ``MAX_OFFSET``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 1
    return max(1, min(number, MAX_OFFSET // size))


def window(qs: QuerySet[Any], page: Any, size: int) -> Window:
    """Page ``page`` of ``qs`` (already ordered): ``size + 1`` rows read."""
    number = page_number(page, size)
    offset = (number - 1) * size
    rows = list(qs[offset : offset + size + 1])
    return Window(rows[:size], number, size, len(rows) > size)
