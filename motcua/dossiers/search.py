"""The search of the officer workspace (and the API list's applicant filter): every filter
in the shape its index serves, and a page without an exact count (docs/performance.md,
"Search")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
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


def applicant_q(text: str) -> Q:
    """By ID number or phone (leading digits) when ``text`` is digits, else by name: every
    word typed is a word of the folded name, in any order, diacritics-free ("nguyen van"
    and "Văn NGUYỄN" both find "Nguyễn Văn An"; "ngu" finds nobody). On PostgreSQL one
    full-text condition over the folded name's words (GIN index ``dossier_applicant_words``:
    the index skips along the rarest word's list instead of reading the millions of
    "Nguyễn"); elsewhere the same rule with ``LIKE``."""
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
        query = " & ".join(words)
        return Q(
            RawSQL(
                'to_tsvector(\'simple\', "dossiers_dossier"."applicant_folded") '
                "@@ to_tsquery('simple', %s)",
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
    applicant's name diacritics-free inside the folded name (a trigram index on
    PostgreSQL: "nguyen van", "Nguyễn Văn" and "NGUYEN VAN" find the same), an ID number
    or phone by its leading digits (prefix indexes), the period as a range of instants."""
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

    Reads whose plans do not depend on how common the words are. Two ways give a page of
    many matches, and their costs cross: walking the newest-first index finds a page of
    *dense* matches ("nguyen van": one row in forty) after a few hundred rows, but must
    read ``rows / matches`` rows per match of a rarer full name ("nguyen thanh minh": one
    in seven hundred, 18,000 rows for a page at a million dossiers); sorting the matches
    the filters' indexes return costs one row per match. On PostgreSQL the planner's
    estimate of the matches picks the cheaper first (``_sort_the_matches``), so a page
    reads at most about ``sqrt(rows × page)`` rows either way:

    - *sort*: one read of the matches through the filters' indexes, their count and the
      ids of this page's newest (``_newest_matches``);
    - otherwise at most ``COUNT_CAP + 1`` matching ids with their instants, in any order
      (the filters' own indexes): when that is all of them, the page is sorted here from
      those and only its own rows are read again; when there are more, the *walk*.

    Each match is read once; the rows of a page are then read by primary key."""
    qs = search_dossiers(user, filters, now)
    number = page_number(page, size)
    offset = (number - 1) * size
    if _sort_the_matches(qs, offset + size + 1):
        ids, matches = _newest_matches(qs, offset, size + 1)
        count = Capped(min(matches, COUNT_CAP), matches > COUNT_CAP, COUNT_CAP)
        return _window_of(ids, number, size, count)
    found = list(qs.order_by().values_list("pk", "submitted_at")[: COUNT_CAP + 1])
    if len(found) <= COUNT_CAP:
        # The order of the page's query (submitted_at, id: both never null), here.
        found.sort(key=lambda row: (row[1], row[0]), reverse=True)
        ids = [pk for pk, _at in found[offset : offset + size + 1]]
        return _window_of(ids, number, size, Capped(len(found), False, COUNT_CAP))
    rows = list(qs[offset : offset + size + 1])
    return Window(rows[:size], number, size, len(rows) > size, Capped(COUNT_CAP, True, COUNT_CAP))


def _window_of(ids: list[int], number: int, size: int, count: Capped) -> Window:
    """The page of ``ids`` (this page's, newest first, one more than ``size`` when a next
    page exists), read by primary key with what the rows show."""
    rows = list(
        Dossier.objects.filter(pk__in=ids)
        .select_related(*QUEUE_RELATED)
        .order_by("-submitted_at", "-id")
    )
    return Window(rows[:size], number, size, len(rows) > size, count)


def _sort_the_matches(qs: QuerySet[Dossier], needed: int) -> bool:
    """Whether sorting every match is cheaper than walking the newest-first index for
    ``needed`` of them: the walk reads about ``needed × rows / matches`` rows, the sort
    ``matches``; equal when ``matches² = needed × rows``. PostgreSQL only (the planner's
    estimates, no count); elsewhere the walk."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return False
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    matches = float((plan if isinstance(plan, list) else json.loads(plan))[0]["Plan"]["Plan Rows"])
    return cheaper_to_sort(matches, needed, _dossier_rows(connection))


# The table's size as the planner last saw it (pg_class.reltuples), per database alias,
# read again after TABLE_ROWS_SECONDS: it moves by a few percent a day, and the choice
# above only needs its order of magnitude; a search then reads one estimate, not two.
TABLE_ROWS_SECONDS = 600.0
_table_rows: dict[str, tuple[float, float]] = {}


def _dossier_rows(connection: Any) -> float:
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


def cheaper_to_sort(matches: float, needed: int, rows: float) -> bool:
    """Sorting ``matches`` rows costs less than walking ``needed × rows / matches``
    (``rows`` unknown, ≤ 0, for a table never analysed: walk, as before there were
    estimates)."""
    return rows > 0 and matches * matches <= needed * rows


def _newest_matches(qs: QuerySet[Dossier], offset: int, limit: int) -> tuple[list[int], int]:
    """The ids of the newest matches from ``offset``, sorted from the matches themselves,
    and how many matches there are: the filters' query behind ``OFFSET 0`` (a fence the
    planner does not flatten), so that it is read through the filters' own indexes and
    not by walking the newest-first one; the count comes with the same read (this way is
    taken for at most some thousands of matches: ``cheaper_to_sort``)."""
    from django.db import connection

    inner, params = qs.order_by().values("pk", "submitted_at").query.sql_with_params()
    sql = (
        f"SELECT m.pk, count(*) OVER () FROM ({inner} OFFSET 0) m "
        "ORDER BY m.submitted_at DESC, m.pk DESC LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, limit, offset])
        rows = cursor.fetchall()
    if rows:
        return [row[0] for row in rows], int(rows[0][1])
    if offset == 0:
        return [], 0
    # A page past the last: the count of the matches alone (the window has no row).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM ({inner} OFFSET 0) m", params)
        return [], int(cursor.fetchone()[0])
