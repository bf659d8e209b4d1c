"""The search of the officer workspace (and the API list's applicant filter): every filter
in the shape its index serves, and a page without an exact count (docs/performance.md,
"Search")."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from itertools import combinations
from math import isqrt
from time import monotonic
from typing import Any

from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from motcua.core.paging import COUNT_CAP, Capped, Window, page_number
from motcua.core.text import fold, nfc
from motcua.dossiers.models import Dossier
from motcua.dossiers.selectors import QUEUE_RELATED, late_q

ON_TIME = "on_time"
LATE_FILTER = "late"


@dataclass
class SearchFilters:
    code: str = ""
    applicant: str = ""
    procedure: str = ""
    state: str = ""
    date_from: date | None = None
    date_to: date | None = None
    timeliness: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(
            (
                self.code,
                self.applicant,
                self.procedure,
                self.state,
                self.date_from,
                self.date_to,
                self.timeliness,
            )
        )


def _digits(text: str) -> str:
    """The digits of an ID number or phone typed with spaces, dots or dashes ("" when the
    text has anything else: it is a name)."""
    compact = "".join(ch for ch in text if ch not in " .-+")
    return compact if compact.isdigit() else ""


def name_words(text: str) -> list[str]:
    """The words of a name as the search matches them: folded, letters and digits only."""
    words = ("".join(ch for ch in word if ch.isalnum()) for word in fold(text).split())
    return [w for w in words if w]


def typed_name_words(text: str) -> list[str]:
    """The words of the applicant box when it holds a name; none when it holds the digits
    of an ID number or phone (``applicant_q``'s two cases)."""
    text = nfc(text).strip()
    return [] if _digits(text) else name_words(text)


# Every word of the query is a word of the folded name, tested on a row already read (no
# index, no statistics: only where the plan is fenced, ``_newest_among_the_newest``); a
# fifth of the cost of ``motcua_name_lexemes`` a row.
WORDS_MATCH = "to_tsvector('simple', %s) @@ to_tsquery('simple', %%s)"

# Distinct words of a name whose pairs are matched (28 pairs); any further word is matched
# alone (a name of more than eight words is not a name anyone types).
PAIRED_WORDS = 8


def name_lexemes(words: list[str]) -> list[str]:
    """What the name index is asked for the words typed: each pair of distinct words ("an
    nguyen", "an van", "nguyen van": the index ``dossier_applicant_lexemes`` holds every
    pair of a name's distinct words, ``motcua_name_lexemes``, whose lists are far shorter
    than a common word's), or the word alone when there is one. A pair is in a name
    exactly when both its words are, so asking the pairs is asking every word."""
    distinct = sorted(set(words))
    paired, alone = distinct[:PAIRED_WORDS], distinct[PAIRED_WORDS:]
    if len(paired) < 2:
        return distinct
    return [f"{a} {b}" for a, b in combinations(paired, 2)] + alone


def applicant_q(text: str) -> Q:
    """By ID number or phone (leading digits) when ``text`` is digits, else by name: every
    word typed is a word of the folded name, in any order, diacritics-free ("nguyen van"
    and "Văn NGUYỄN" both find "Nguyễn Văn An"; "ngu" finds nobody). On PostgreSQL one
    full-text condition over the folded name's words and pairs of words (GIN index
    ``dossier_applicant_lexemes``: the index walks the rarest pair's list instead of
    intersecting the millions of "Nguyễn" with the hundreds of thousands of "Văn");
    elsewhere the same rule with ``LIKE``."""
    text = nfc(text).strip()
    digits = _digits(text)
    if digits:
        query = Q(applicant_id_number__startswith=digits) | Q(applicant_phone__startswith=digits)
        # Phones are stored in the +84 form (core.inputs): 0905…, 84905… and 905… find them.
        if digits.startswith("84"):
            query |= Q(applicant_phone__startswith="+" + digits)
        else:
            query |= Q(applicant_phone__startswith="+84" + digits.removeprefix("0"))
        return query
    words = name_words(text)
    if not words:
        return Q()
    from django.db import connection

    if connection.vendor == "postgresql":
        # The words are folded letters and digits only (``name_words``): quoted as they are.
        query = " & ".join(f"'{lexeme}'" for lexeme in name_lexemes(words))
        return Q(
            RawSQL(
                'motcua_name_lexemes("dossiers_dossier"."applicant_folded") @@ %s::tsquery',
                [query],
                output_field=BooleanField(),
            )
        )
    condition = Q()
    for word in words:
        condition &= (
            Q(applicant_folded=word)
            | Q(applicant_folded__startswith=f"{word} ")
            | Q(applicant_folded__endswith=f" {word}")
            | Q(applicant_folded__contains=f" {word} ")
        )
    return condition


def local_midnight(day: date) -> datetime:
    from django.utils import timezone

    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def search_dossiers(user: Any, filters: SearchFilters, now: datetime) -> QuerySet[Dossier]:
    """Dossiers the user may see matching every filter given, newest first. The period is
    the local date of submission (for a paper dossier: of reception).

    Each filter is written in the shape its index serves (docs/performance.md): the
    applicant's name by the words of the folded name, diacritics-free (the words-and-pairs
    index on PostgreSQL: "nguyen van", "Nguyễn Văn" and "NGUYEN VAN" find the same), an ID
    number or phone by its leading digits (prefix indexes), the period as a range of
    instants."""
    qs = Dossier.objects.restrict(user, "view").select_related(*QUEUE_RELATED)
    if filters.code.strip():
        qs = qs.filter(code__icontains=filters.code.strip())
    if filters.applicant.strip():
        qs = qs.filter(applicant_q(filters.applicant.strip()))
    if filters.procedure.strip():
        text = filters.procedure.strip()
        qs = qs.filter(Q(procedure__code__icontains=text) | Q(procedure__name__icontains=text))
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.date_from:
        qs = qs.filter(submitted_at__gte=local_midnight(filters.date_from))
    if filters.date_to:
        qs = qs.filter(submitted_at__lt=local_midnight(filters.date_to + timedelta(days=1)))
    if filters.timeliness == LATE_FILTER:
        qs = qs.filter(late_q(now))
    elif filters.timeliness == ON_TIME:
        qs = qs.exclude(late_q(now))
    return qs.order_by("-submitted_at", "-id")


def search_page(user: Any, filters: SearchFilters, now: datetime, page: Any, size: int) -> Window:
    """One page of the search, newest first, with the count capped at ``COUNT_CAP``.

    Reads whose cost does not depend on how common the words are. Two ways give a page, and
    their costs cross: sorting the matches the filters' indexes return costs one row per
    match, cheap for a rarer full name; walking the newest-first index finds a page of
    *dense* matches ("nguyen van": one row in forty) after a few hundred rows, but must
    read ``rows / matches`` rows per match of a rarer name ("nguyen thanh minh": one in
    seven hundred, 18,000 rows for a page at a million dossiers). They cost the same at
    ``sqrt(needed × rows)`` matches (``sort_bound``), so:

    0. a name PostgreSQL expects to match more often than that, and more than four times
       the count's cap (``_common_name``: a single "nguyen" matches millions, whose
       reading alone is slow), is looked for among the newest ``bound`` rows first, which
       then hold a page of it;
    1. otherwise, or when they do not, the matches, at most that many plus one, in any
       order through the filters' own indexes, sorted by the database, which returns this
       page's ids and how many it sorted (``_newest_matches``): when that is all of them,
       that is the page, and the count is exact up to ``COUNT_CAP``;
    2. when there are more, they are dense enough for the walk to find the page within
       about as many rows.

    None reads more than about ``sqrt(needed × rows)`` rows, whatever the planner thinks
    of the words; its estimate never decides the page, only, for a common name, the count
    "more than ``COUNT_CAP``". The page's own rows are then read by primary key."""
    qs = search_dossiers(user, filters, now)
    number = page_number(page, size)
    offset = (number - 1) * size
    found = newest_ids(
        qs,
        lambda: search_dossiers(user, replace(filters, applicant=""), now),
        filters.applicant,
        offset,
        size + 1,
    )
    if found is None:
        rows = list(qs[offset : offset + size + 1])
        count = Capped(COUNT_CAP, True, COUNT_CAP)
        return Window(rows[:size], number, size, len(rows) > size, count)
    ids, matches = found
    if matches is None:
        count = Capped(COUNT_CAP, True, COUNT_CAP)
    else:
        count = Capped(min(matches, COUNT_CAP), matches > COUNT_CAP, COUNT_CAP)
    return _window_of(ids, number, size, count)


def newest_ids(
    matching: QuerySet[Dossier],
    others: Callable[[], QuerySet[Dossier]],
    name: str,
    offset: int,
    limit: int,
) -> tuple[list[int], int | None] | None:
    """The ids of the newest ``limit`` dossiers of ``matching`` from ``offset``, and how
    many match (None: more than ``COUNT_CAP``, not counted); None when the matches are too
    many to sort: the caller walks ``matching`` newest first (``search_page``'s steps).
    ``name`` is the applicant typed ("" for none) and ``others()`` the same filters
    without it. The search page and the API list read their pages this way."""
    bound = _sort_bound(offset + limit)
    if _common_name(matching, name, bound):
        ids = _newest_among_the_newest(others(), name, offset, limit, bound)
        if len(ids) == limit:
            return ids, None
    ids, matches = _newest_matches(matching, offset, limit, bound)
    if matches <= bound:
        return ids, matches
    return None


# A name is common when PostgreSQL expects at least COMMON times the bound of matches:
# past the bound the walk is the cheaper read, and the newest ``bound`` rows hold a page of
# them (reading the matches of a single "nguyen", millions, takes 550 ms at ten million
# dossiers, its index list alone 250 ms). And at least COMMON_OVER_CAP times the count's
# cap, since the page then says "more than 1,000" on the strength of the estimate: on a
# small database, where the bound is the cap, an estimate near it may be a little high.
COMMON = 1
COMMON_OVER_CAP = 4


def _common_name(qs: QuerySet[Dossier], name: str, bound: int) -> bool:
    """Whether ``name`` (the applicant typed) is so common that the page is best looked for
    among the newest rows first. The planner's estimate (``EXPLAIN``; the statistics of
    each word and pair of words, migration dossiers/0011): PostgreSQL only, and only for a
    name (the other filters have no word lists to read)."""
    from django.db import connection

    if connection.vendor != "postgresql" or not typed_name_words(name):
        return False
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    expected = float((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"])
    return expected >= max(COMMON * bound, COMMON_OVER_CAP * COUNT_CAP)


def _newest_among_the_newest(
    others: QuerySet[Dossier], name: str, offset: int, limit: int, bound: int
) -> list[int]:
    """The ids of the newest matches of ``name`` from ``offset`` (at most ``limit``) among
    the newest ``bound`` dossiers of ``others`` (the other filters): the newest-first index
    walked for at most that many rows, the name tested on each with the cheap word
    condition. Fewer than ``limit`` when the estimate was wrong; the caller then reads the
    matches."""
    from django.db import connection

    inner, params = (
        others.order_by("-submitted_at", "-id")
        .values("pk", "submitted_at", "applicant_folded")[:bound]
        .query.sql_with_params()
    )
    words = " & ".join(typed_name_words(name))
    sql = (
        f"SELECT r.pk FROM ({inner}) r WHERE {WORDS_MATCH % 'r.applicant_folded'} "
        "ORDER BY r.submitted_at DESC, r.pk DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, words, limit, offset])
        return [row[0] for row in cursor.fetchall()]


def _window_of(ids: list[int], number: int, size: int, count: Capped) -> Window:
    """The page of ``ids`` (this page's, newest first, one more than ``size`` when a next
    page exists), read by primary key with what the rows show."""
    rows = list(
        Dossier.objects.filter(pk__in=ids)
        .select_related(*QUEUE_RELATED)
        .order_by("-submitted_at", "-id")
    )
    return Window(rows[:size], number, size, len(rows) > size, count)


def sort_bound(needed: int, rows: float) -> int:
    """How many matches are sorted before walking instead: sorting ``m`` matches reads
    ``m`` rows, walking reads about ``needed × rows / m``; equal at ``sqrt(needed ×
    rows)``. Never below ``COUNT_CAP`` (so a count up to it is exact), which is also the
    bound while the table's size is unknown (SQLite; a table PostgreSQL never analysed)."""
    crossing = isqrt(int(needed * rows)) if rows > 0 else 0
    return max(COUNT_CAP, crossing)


def _sort_bound(needed: int) -> int:
    from django.db import connection

    return sort_bound(needed, _dossier_rows(connection))


# The table's size as PostgreSQL's planner last saw it (pg_class.reltuples), per database
# alias, read again after TABLE_ROWS_SECONDS: it moves by a few percent a day, and the bound
# only needs its order of magnitude.
TABLE_ROWS_SECONDS = 600.0
_table_rows: dict[str, tuple[float, float]] = {}


def _dossier_rows(connection: Any) -> float:
    if connection.vendor != "postgresql":
        return 0.0
    now = monotonic()
    known = _table_rows.get(connection.alias)
    if known is not None and now - known[1] < TABLE_ROWS_SECONDS:
        return known[0]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [Dossier._meta.db_table]
        )
        found = cursor.fetchone()
    rows = float(found[0]) if found else 0.0
    _table_rows[connection.alias] = (rows, now)
    return rows


def _newest_matches(
    qs: QuerySet[Dossier], offset: int, limit: int, bound: int
) -> tuple[list[int], int]:
    """The ids of the newest matches from ``offset`` (at most ``limit``) among the first
    ``bound + 1`` matches found, and how many were found (``bound + 1``: there are more).
    The matches are read in any order, through the filters' own indexes (the inner
    ``LIMIT`` is a fence the planner does not flatten into the newest-first index), then
    sorted; the count comes with the same read."""
    from django.db import connection

    inner, params = qs.order_by().values("pk", "submitted_at")[: bound + 1].query.sql_with_params()
    sql = (
        f"SELECT m.pk, count(*) OVER () FROM ({inner}) m "
        "ORDER BY m.submitted_at DESC, m.pk DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
        if rows:
            return [row[0] for row in rows], int(rows[0][1])
        if offset == 0:
            return [], 0
        # A page past the last: the window has no row to carry the count.
        cursor.execute(f"SELECT count(*) FROM ({inner}) m", params)
        return [], int(cursor.fetchone()[0])
