"""The pages as they behave at province scale (issue 13): pages without a total (one row
more read to know whether a next page exists), counts capped at a bound, the search by
name without diacritics and by the leading digits of an ID number or phone, the register
page by page, the full register as a background job with its progress and its file, and
the API list with a keyset cursor and a bounded offset. Behaviour only; the timings are in
bench/ (docs/performance.md)."""

from __future__ import annotations

import io
import re

import pytest
import time_machine

from motcua.core import paging
from motcua.dossiers import intake, search, selectors
from motcua.dossiers.models import Dossier, RegisterExport
from motcua.dossiers.tests.conftest import vn
from motcua.interchange.importer import import_records


def codes_in(html: str) -> list[str]:
    return re.findall(r'<tr data-code="([^"]+)"', html)


@pytest.fixture
def frozen_clock():
    with time_machine.travel(vn("2024-03-04 09:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def five(receive, frozen_clock):
    """Five dossiers received a minute apart, with distinct applicants."""
    people = [
        intake.Applicant("Nguyễn Văn An", id_number="079200000001", phone="0912000001"),
        intake.Applicant("Trần Thị Bích", id_number="079200000002", phone="0912000002"),
        intake.Applicant("Nguyễn Thị Ánh", id_number="001300000003", phone="0983000003"),
        intake.Applicant("Đặng Văn Đức", id_number="001300000004", phone="0983000004"),
        intake.Applicant("Lê Văn An", id_number="036400000005", phone="0354000005"),
    ]
    out = []
    for i, person in enumerate(people):
        frozen_clock.move_to(vn(f"2024-03-04 09:{i:02d}"))
        out.append(receive(applicant=person))
    return out


def test_the_folded_name_is_kept_by_save_and_by_the_import(five, marriage, commune):
    assert five[3].applicant_folded == "dang van duc"
    dossier = Dossier.objects.get(pk=five[0].pk)
    dossier.applicant_name = "Phạm Thị Hồng"
    dossier.save(update_fields=["applicant_name"])
    assert Dossier.objects.get(pk=dossier.pk).applicant_folded == "pham thi hong"
    record = {
        "MaHoSo": "IMP-0001",
        "MaTTHC": marriage.code,
        "DonViXuLy": commune.code,
        "KenhThucHien": 1,
        "NgayTiepNhan": "20240304080000",
        "NgayHenTra": "20240311170000",
        "TrangThaiHoSo": 4,
        "ChuHoSo": "Võ Thị Ngọc Hà",
    }
    import_records([record])
    assert Dossier.objects.get(code="IMP-0001").applicant_folded == "vo thi ngoc ha"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nguyen van an", [0]),
        ("NGUYEN", [2, 0]),
        ("Nguyễn Thị", [2]),
        ("van an", [4, 0]),
        ("dang van duc", [3]),
        ("Đặng văn đức", [3]),
        ("0013", [3, 2]),
        ("079 2000 000 02", [1]),
        ("0983000004", [3]),
        ("0912", [1, 0]),
        # A phone typed without its leading 0 (912…) is still a phone from its start…
        ("9120", [1, 0]),
        # … but digits from the inside of a number match nothing.
        ("2000001", []),
        ("an van LE", [4]),
        ("ngu", []),
    ],
)
def test_search_by_name_without_diacritics_and_by_leading_digits(
    as_user, clerk, five, text, expected
):
    html = as_user(clerk).get("/dossiers/search/", {"applicant": text}).content.decode()
    assert codes_in(html) == [five[i].code for i in expected]


def test_the_name_index_is_asked_for_pairs_of_words():
    # Every pair of the distinct words typed (a pair is in a name exactly when both its
    # words are), or the one word; past eight words the rest are asked alone.
    assert search.name_lexemes(["nguyen", "van", "an"]) == ["an nguyen", "an van", "nguyen van"]
    assert search.name_lexemes(["minh", "minh"]) == ["minh"]
    assert search.name_lexemes(["nguyen"]) == ["nguyen"]
    many = search.name_lexemes([f"w{i}" for i in range(10)])
    assert len(many) == 28 + 2 and many[-2:] == ["w8", "w9"]


def test_the_name_index_holds_the_words_and_their_pairs(receive, frozen_clock):
    """PostgreSQL's index expression: each distinct word and each pair of distinct words
    (in the order the query asks for them); a repeated word is found by the name's other
    words with it, and alone."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the name index is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT motcua_name_lexemes('ly minh minh ngoc')::text")
        assert cursor.fetchone()[0] == "'ly':1 'ly minh' 'ly ngoc' 'minh':2,3 'minh ngoc' 'ngoc':4"
    dossier = receive(applicant=intake.Applicant("Lý Minh Minh Ngọc"))
    for text, found in [
        ("minh ngoc", True),
        ("Minh", True),
        ("ngoc ly minh", True),
        ("ly an", False),
    ]:
        matches = Dossier.objects.filter(search.applicant_q(text))
        assert list(matches.values_list("pk", flat=True)) == ([dossier.pk] if found else []), text


def test_search_pages_have_a_next_link_and_a_capped_count(as_user, clerk, five, monkeypatch):
    from motcua.dossiers import views_workspace

    monkeypatch.setattr(views_workspace, "PAGE_SIZE", 2)
    client = as_user(clerk)
    first = client.get("/dossiers/search/").content.decode()
    assert codes_in(first) == [five[4].code, five[3].code]
    assert "Tìm thấy 5 hồ sơ" in first and "page=2" in first and "Trang 1" in first
    third = client.get("/dossiers/search/?page=3").content.decode()
    assert codes_in(third) == [five[0].code]
    assert "page=4" not in third and "page=2" in third
    # Past the cap the count stops and says so; the pages go on from the ordered index.
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    capped = client.get("/dossiers/search/?page=2").content.decode()
    assert "Tìm thấy hơn 3 hồ sơ" in capped
    assert codes_in(capped) == [five[2].code, five[1].code]


@pytest.mark.parametrize("bound", [10, 1], ids=["sorted from the matches", "walk"])
def test_many_matches_newest_first_either_way(as_user, clerk, five, monkeypatch, bound):
    """Past the cap, the page is the same whether the matches are sorted (fewer than the
    bound: a rarer full name) or the newest-first index is walked (a common one)."""
    from motcua.dossiers import views_workspace

    monkeypatch.setattr(views_workspace, "PAGE_SIZE", 2)
    monkeypatch.setattr(search, "COUNT_CAP", 1)
    monkeypatch.setattr(search, "_sort_bound", lambda needed: bound)
    client = as_user(clerk)
    first = client.get("/dossiers/search/?applicant=VAN").content.decode()
    # Nguyễn Văn An, Đặng Văn Đức, Lê Văn An: newest first, two a page.
    assert codes_in(first) == [five[4].code, five[3].code]
    assert "Tìm thấy hơn 1 hồ sơ" in first and "page=2" in first
    second = client.get("/dossiers/search/?applicant=VAN&page=2").content.decode()
    assert codes_in(second) == [five[0].code]
    assert "page=3" not in second


def test_a_page_of_few_matches_reads_only_its_own_rows_again(as_user, clerk, five, monkeypatch):
    """At most COUNT_CAP matches: their ids and instants once, the page sorted from them,
    and only this page's rows (one more for the next link) read again, not every match."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers import views_workspace

    monkeypatch.setattr(views_workspace, "PAGE_SIZE", 1)
    client = as_user(clerk)
    client.get("/dossiers/search/?applicant=nguyen")
    with CaptureQueriesContext(connection) as captured:
        html = client.get("/dossiers/search/?applicant=VAN").content.decode()
    assert codes_in(html) == [five[4].code]
    assert "Tìm thấy 3 hồ sơ" in html and "page=2" in html
    by_id = [
        q["sql"] for q in captured.captured_queries if '"dossiers_dossier"."id" IN (' in q["sql"]
    ]
    assert len(by_id) == 1
    ids = re.search(r'"dossiers_dossier"\."id" IN \(([^)]*)\)', by_id[0]).group(1)
    assert sorted(int(i) for i in ids.split(",")) == sorted(d.pk for d in (five[4], five[3]))


def test_sorted_matches_come_with_their_exact_count_in_the_same_read(
    as_user, clerk, five, monkeypatch
):
    """Up to the bound the matches are read once: the page's ids and how many there are,
    exact up to COUNT_CAP; a page past the last says how many there were."""
    from motcua.dossiers import views_workspace

    monkeypatch.setattr(views_workspace, "PAGE_SIZE", 2)
    client = as_user(clerk)
    first = client.get("/dossiers/search/?applicant=VAN").content.decode()
    assert codes_in(first) == [five[4].code, five[3].code]
    assert "Tìm thấy 3 hồ sơ" in first and "page=2" in first
    second = client.get("/dossiers/search/?applicant=VAN&page=2").content.decode()
    assert codes_in(second) == [five[0].code] and "page=3" not in second
    beyond = search.search_page(
        clerk, search.SearchFilters(applicant="VAN"), five[0].received_at, 4, 2
    )
    assert list(beyond) == [] and beyond.count == paging.Capped(3, False)
    # Past the cap but within the bound: sorted, and the count says "more than".
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    monkeypatch.setattr(search, "_sort_bound", lambda needed: 10)
    capped = client.get("/dossiers/search/?applicant=VAN").content.decode()
    assert codes_in(capped) == [five[4].code, five[3].code]
    assert "Tìm thấy hơn 2 hồ sơ" in capped


def test_a_common_name_is_looked_for_among_the_newest_first(as_user, clerk, five, monkeypatch):
    """A name PostgreSQL expects to match many times the bound: the newest rows of the
    other filters are walked for a page (the count says "more than" the cap); when they
    hold fewer than a page (the estimate was wrong), the matches are read as for any name,
    and the page and count are the same as without the shortcut."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from motcua.dossiers import views_workspace

    if connection.vendor != "postgresql":
        pytest.skip("the planner's estimate is PostgreSQL's")
    monkeypatch.setattr(views_workspace, "PAGE_SIZE", 2)
    client = as_user(clerk)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE dossiers_dossier")

    def walked(path: str) -> tuple[str, bool]:
        with CaptureQueriesContext(connection) as captured:
            html = client.get(path).content.decode()
        return html, any("r.applicant_folded" in q["sql"] for q in captured.captured_queries)

    # Not common: the walk is never tried.
    html, tried = walked("/dossiers/search/?applicant=VAN")
    assert not tried and codes_in(html) == [five[4].code, five[3].code]
    assert "Tìm thấy 3 hồ sơ" in html
    # Common (any estimate is "many times the bound"): the page from the newest rows.
    monkeypatch.setattr(search, "COMMON", 0)
    monkeypatch.setattr(search, "COMMON_OVER_CAP", 0)
    html, tried = walked("/dossiers/search/?applicant=VAN")
    assert tried and codes_in(html) == [five[4].code, five[3].code]
    assert "Tìm thấy hơn 1.000 hồ sơ" in html
    # The newest two dossiers hold one "Văn" only: fewer than a page, so the matches are read.
    monkeypatch.setattr(search, "COUNT_CAP", 2)  # the bound is never under the cap
    monkeypatch.setattr(search, "_sort_bound", lambda needed: 2)
    html, tried = walked("/dossiers/search/?applicant=VAN")
    assert tried and codes_in(html) == [five[4].code, five[3].code]
    assert "Tìm thấy hơn 2 hồ sơ" in html  # three matches, past the bound of two
    # Digits are never a name: no estimate, no walk.
    html, tried = walked("/dossiers/search/?applicant=0912")
    assert not tried and codes_in(html) == [five[1].code, five[0].code]


def test_the_bound_between_sorting_and_walking():
    # The walk reads needed × rows / matches rows, the sort reads the matches: they cross
    # at sqrt(needed × rows) matches — about 5,100 at a million dossiers, 16,100 at ten —
    # and never below the count's cap (exact up to it), which is also the bound while the
    # table's size is unknown.
    assert search.sort_bound(26, 1_000_000) == 5_099
    assert search.sort_bound(26, 10_000_000) == 16_124
    assert search.sort_bound(26, 10_000) == paging.COUNT_CAP
    assert search.sort_bound(26, -1) == paging.COUNT_CAP  # PostgreSQL never analysed it
    assert search.sort_bound(26, 0) == paging.COUNT_CAP  # SQLite


def test_capped_count_and_window(commune, other_commune):
    from motcua.org.models import Unit

    assert str(paging.Capped(1000, True)) == "1.000+"
    assert str(paging.Capped(7, False)) == "7"
    assert paging.page_number("x", 25) == 1
    assert paging.page_number("100000", 25) == paging.MAX_OFFSET // 25
    qs = Unit.objects.filter(pk__in=[commune.pk, other_commune.pk]).order_by("code")
    assert paging.capped_count(qs, cap=1) == paging.Capped(1, True, 1)
    shown = paging.window(qs, 1, 1)
    assert shown.has_next and not shown.has_previous and len(shown) == 1
    assert not paging.window(qs, 2, 1).has_next


def test_queue_pages_by_has_next_and_counts_each_tab_once(
    as_user, clerk, five, monkeypatch, django_assert_max_num_queries
):
    from motcua.dossiers import views_workspace

    monkeypatch.setattr(views_workspace, "PAGE_SIZE", 2)
    client = as_user(clerk)
    with time_machine.travel(vn("2024-03-04 10:00"), tick=False):
        html = client.get("/dossiers/?tab=my_step").content.decode()
        assert codes_in(html) and "page=2" in html
        assert 'data-count="my_step">5<' in html
        monkeypatch.setattr(selectors, "capped_count", lambda qs: paging.capped_count(qs, 3))
        html = client.get("/dossiers/?tab=my_step&page=3").content.decode()
        assert 'data-count="my_step">3+<' in html
        assert len(codes_in(html)) == 1 and "page=4" not in html


def test_register_page_by_page_with_totals_for_the_whole_period(as_user, clerk, five, commune):
    from motcua.dossiers import views_forms

    views_forms.REGISTER_PAGE_SIZE, old = 2, views_forms.REGISTER_PAGE_SIZE
    try:
        client = as_user(clerk)
        query = {"unit": commune.code, "from": "2024-03-01", "to": "2024-03-31"}
        with time_machine.travel(vn("2024-03-05 10:00"), tick=False):
            first = client.get("/dossiers/register/", query).content.decode()
            second = client.get("/dossiers/register/", {**query, "page": 2}).content.decode()
    finally:
        views_forms.REGISTER_PAGE_SIZE = old
    assert [five[0].code, five[1].code] == re.findall(r"<code>([^<]+)</code>", first)
    assert [five[2].code, five[3].code] == re.findall(r"<code>([^<]+)</code>", second)
    assert "<td>3</td>" in second  # numbering goes on across pages
    assert "Tổng số: 5 hồ sơ" in first and "đang giải quyết trong hạn: 5" in first


def test_register_counts_equal_the_rules_of_each_row(five, clerk, commune):
    from datetime import date

    from motcua.dossiers.documents.context import register_context

    with time_machine.travel(vn("2024-03-20 10:00"), tick=False):
        Dossier.objects.filter(pk=five[0].pk).update(is_late=True)
        paged = register_context(commune, date(2024, 3, 1), date(2024, 3, 31), clerk, size=2)
        full = register_context(commune, date(2024, 3, 1), date(2024, 3, 31), clerk)
    keys = ("total", "early", "on_time", "late", "open")
    assert {k: paged[k] for k in keys} == {k: full[k] for k in keys}
    assert full["late"] == 5  # one marked late, four past due on 20/03 with the clock running


def test_full_register_export_runs_in_the_background_with_progress_and_a_file(
    as_user, clerk, specialist, five, commune, django_capture_on_commit_callbacks
):
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult
    from openpyxl import load_workbook

    client = as_user(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/dossiers/register/export/",
            {"unit": commune.code, "from": "2024-03-01", "to": "2024-03-31"},
        )
    export = RegisterExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/register/exports/{export.pk}/"
    waiting = client.get(response["Location"]).content.decode()
    assert "Đang chờ xử lý" in waiting and 'hx-trigger="every 2s"' in waiting
    assert client.get(f"/dossiers/register/exports/{export.pk}/file/").status_code == 404
    queued = DBTaskResult.objects.ready().get()
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=1,
        worker_id="test",
        excluded_queue_names=[],
    )
    worker.run_task(queued)
    queued.refresh_from_db()
    assert queued.status == "SUCCESSFUL", queued.traceback
    export.refresh_from_db()
    assert (export.status, export.done, export.total, export.percent) == ("done", 5, 5, 100)
    done = client.get(f"/dossiers/register/exports/{export.pk}/").content.decode()
    assert "Đã xuất 5 hồ sơ" in done and "every 2s" not in done
    file = client.get(f"/dossiers/register/exports/{export.pk}/file/")
    assert file.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(file.streaming_content))).active
    codes = [
        row[1] for row in sheet.iter_rows(values_only=True) if row[1] in {d.code for d in five}
    ]
    assert codes == [d.code for d in five]
    # Someone else's job and file are not found.
    other = as_user(specialist)
    assert other.get(f"/dossiers/register/exports/{export.pk}/").status_code == 404
    assert other.get(f"/dossiers/register/exports/{export.pk}/file/").status_code == 404


def test_export_progress_moves_while_the_rows_are_read(five, clerk, commune, monkeypatch):
    from datetime import date

    from motcua.dossiers import exports

    export = RegisterExport.objects.create(
        user=clerk, unit=commune, start=date(2024, 3, 1), end=date(2024, 3, 31)
    )
    monkeypatch.setattr(exports, "CHUNK", 2)
    progress = []
    real = exports.RegisterExport.objects.filter

    class Recorder:
        def __init__(self, qs):
            self.qs = qs

        def update(self, **changes):
            progress.append((changes.get("status"), changes.get("done"), changes.get("total")))
            return self.qs.update(**changes)

    monkeypatch.setattr(
        exports.RegisterExport.objects, "filter", lambda *a, **k: Recorder(real(*a, **k))
    )
    assert exports.run_register_export(export.pk) == 5
    assert progress == [
        (RegisterExport.RUNNING, 0, 5),
        (None, 2, None),
        (None, 4, None),
        (RegisterExport.DONE, 5, 5),
    ]


def test_api_list_with_a_keyset_cursor_and_a_bounded_offset(as_user, clerk, five):
    client = as_user(clerk)
    first = client.get("/api/v1/dossiers", {"limit": 2})
    assert [d["code"] for d in first.json()] == [five[4].code, five[3].code]
    cursor = first["X-Next-Cursor"]
    second = client.get("/api/v1/dossiers", {"limit": 2, "cursor": cursor})
    assert [d["code"] for d in second.json()] == [five[2].code, five[1].code]
    last = client.get("/api/v1/dossiers", {"limit": 2, "cursor": second["X-Next-Cursor"]})
    assert [d["code"] for d in last.json()] == [five[0].code]
    assert "X-Next-Cursor" not in last
    by_name = client.get("/api/v1/dossiers", {"applicant": "nguyen thi anh"}).json()
    assert [d["code"] for d in by_name] == [five[2].code]
    deep = client.get("/api/v1/dossiers", {"offset": paging.MAX_OFFSET + 1})
    assert deep.status_code == 400 and deep.json()["code"] == "offset_too_large"
    bad = client.get("/api/v1/dossiers", {"cursor": "nope"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid_cursor"


@pytest.mark.parametrize("way", ["sorted", "walk", "common name"])
def test_api_list_by_name_pages_the_same_whichever_way_it_reads(
    as_user, clerk, five, monkeypatch, way
):
    """The API list by applicant reads its page as the officers' search does (the matches
    sorted up to the bound, the newest-first walk past it, a common name among the newest
    rows): the same pages, newest first, with the keyset cursor going on from each."""
    from django.db import connection

    if way == "common name":
        if connection.vendor != "postgresql":
            pytest.skip("the planner's estimate is PostgreSQL's")
        monkeypatch.setattr(search, "COMMON", 0)
        monkeypatch.setattr(search, "COMMON_OVER_CAP", 0)
    if way == "walk":
        monkeypatch.setattr(search, "COUNT_CAP", 1)
        monkeypatch.setattr(search, "_sort_bound", lambda needed: 1)
    client = as_user(clerk)
    first = client.get("/api/v1/dossiers", {"applicant": "VAN", "limit": 2})
    assert [d["code"] for d in first.json()] == [five[4].code, five[3].code]
    second = client.get(
        "/api/v1/dossiers", {"applicant": "VAN", "limit": 2, "cursor": first["X-Next-Cursor"]}
    )
    assert [d["code"] for d in second.json()] == [five[0].code]
    assert "X-Next-Cursor" not in second
    offset = client.get("/api/v1/dossiers", {"applicant": "van an", "limit": 1, "offset": 1})
    assert [d["code"] for d in offset.json()] == [five[0].code]


def estimate_read(path: str) -> int:
    """A search by name on PostgreSQL asks the planner first whether the name is common
    (one ``EXPLAIN``: ``search._common_name``); no other page does, nor SQLite."""
    from django.db import connection

    by_name = "/search/" in path and not path.rsplit("=", 1)[-1].isdigit()
    return int(connection.vendor == "postgresql" and by_name)


def _reads(client, path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    sql = [q["sql"] for q in captured.captured_queries]
    return len(sql), sum('FROM "org_membership"' in s for s in sql)


@pytest.mark.parametrize(
    "path, queries",
    [
        # session, user, memberships; the steps my units hold (the scope, once), the
        # desk's four tabs' capped counts, the steps I hold (the "my step" condition,
        # once for its tab and the page), the page; the unread notifications.
        ("/dossiers/?tab=my_step", 11),
        # session, user, memberships; the matches up to the bound, sorted, the page; the
        # unread notifications (and on PostgreSQL, for a name, the planner's estimate:
        # ``estimate_read``).
        ("/dossiers/search/?applicant=nguyen+van", 7),
        ("/dossiers/search/?applicant=079200000001", 7),
        ("/api/v1/dossiers?limit=50", 5),
    ],
)
def test_officer_pages_read_the_roles_once(as_user, clerk, five, path, queries):
    """Each page reads the user's memberships once (``PinMembershipsMiddleware``) and
    shares the scope and the queue conditions between the tabs and the page
    (``QueueReader``): an N+1 or a repeated read coming back fails here."""
    client = as_user(clerk)  # holds the first step of the five dossiers
    with time_machine.travel(vn("2024-03-04 10:00"), tick=False):
        client.get(path)
        assert _reads(client, path) == (queries + estimate_read(path), 1)


def test_steps_and_documents_are_read_without_their_parent_table(five, marriage):
    """The children's default order is by the parent's column: ordering by the foreign key
    itself meant the parent's own order, a join and a sort by it for every read."""
    for qs in (five[0].steps.all(), five[0].documents.all(), marriage.steps.all()):
        assert "JOIN" not in str(qs.query), str(qs.query)
    assert list(five[0].steps.values_list("order", flat=True)) == [1, 2, 3, 4]


def test_the_home_page_reads_the_roles_once(as_user, clerk, five):
    """The home page's sections (one per membership) come from the memberships the request
    pinned, not from a query of their own."""
    client = as_user(clerk)
    with time_machine.travel(vn("2024-03-04 10:00"), tick=False):
        client.get("/")
        _count, membership_reads = _reads(client, "/")
    assert membership_reads == 1


# -- what each page reads (issue 13: the time went into per-request work, not the queries) --

PAGE_READS = [
    # Every page: the session, the user, the memberships (once: the views pin them), and the
    # steps my units hold (the dossier scope, once); the menu's unread notifications.
    # The desk's queue: the steps I hold (once for the tab and the page), the four tabs'
    # capped counts, the page.
    ("clerk", "/dossiers/?tab=my_step", 11),
    # The monitor's late queue: one tab counted, the page.
    ("monitor", "/dossiers/?tab=late", 7),
    # The unit head's: the steps I hold, my units' steps in other units' dossiers (each
    # once for the tabs and the page), the late tab counted (the other tab has no step of
    # mine: no query), the page.
    ("leader", "/dossiers/?tab=unit_late", 9),
    # The search: the matches up to the bound, sorted by the database (this page's ids and
    # how many), then the page's rows by id (for a name on PostgreSQL, the planner's
    # estimate first: ``estimate_read``).
    ("monitor", "/dossiers/search/?applicant=nguyen+van", 7),
    ("monitor", "/dossiers/search/?applicant=079200000001", 7),
    ("monitor", "/dossiers/search/?applicant=0912000001", 7),
    # The register: the unit scope, the unit, the page, the period's totals, the unit head.
    ("clerk", "/dossiers/register/?unit={unit}&from=2024-03-01&to=2024-03-31", 9),
    ("clerk", "/dossiers/register/?unit={unit}&from=2024-03-01&to=2024-03-31&page=20", 9),
    # The API list: no menu, no count.
    ("monitor", "/api/v1/dossiers?limit=50", 5),
    ("clerk", "/api/v1/dossiers?limit=50&state=in_process", 5),
]


@pytest.mark.parametrize(("who", "path", "queries"), PAGE_READS)
def test_each_officer_page_reads_a_fixed_number_of_times(
    as_user, five, commune, clerk, monitor, leader, settings, who, path, queries
):
    """Exactly as many queries for five rows as for one: a read per row (an N+1: a
    calendar, a holder, a permission check per dossier) or a read repeated between the
    tabs and the page fails here. The working calendars come from the process's cache
    (the first request builds them), so the time-left column reads nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.CALENDAR_STAMP_SECONDS = 3600  # the stamp read once, by the first request
    path = path.format(unit=commune.code)
    # Six weeks on: the five are overdue, so the late queues have rows too.
    with time_machine.travel(vn("2024-04-15 10:00"), tick=False):
        client = as_user({"clerk": clerk, "monitor": monitor, "leader": leader}[who])
        assert client.get(path).status_code == 200  # builds the calendars
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert not [s for s in sql if "workcalendar_" in s]
    assert sum('FROM "org_membership"' in s for s in sql) == 1
    # The step ids of the scope and the queues are read in no order and without the dossier
    # table: ordered by their dossiers (the steps' old default order), each read joined and
    # sorted a dossier row per open step.
    step_ids = [s for s in sql if s.startswith('SELECT "dossiers_dossierstep"."id" AS "pk"')]
    assert step_ids and not [s for s in step_ids if "ORDER BY" in s], step_ids
    assert len(sql) == queries + estimate_read(path), "\n".join(sql)
    if "tab=" in path:
        assert len(codes_in(response.content.decode())) == 5
