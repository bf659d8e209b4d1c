"""Issue 7: submitting a draft is idempotent — a second click, or twenty at once, gives
exactly one dossier, never a 500, and files never mixed between dossiers."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client

from motcua.dossiers.models import Dossier, DossierDocument
from motcua.portal.models import DraftFile, OnlineDraft

# The birth-registration procedure and the media folder of the filing tests.
from motcua.portal.tests.test_filing import VALUES, birth, docs, media, pdf  # noqa: F401
from motcua.testing.factories import PASSWORD

on_sqlite = connection.vendor == "sqlite"


def the_form(client, procedure):
    page = client.get(f"/portal/file/{procedure.code}/").content.decode()
    return re.search(r'name="submission_key" value="([0-9a-f]{32})"', page).group(1)


def body(procedure, key):
    form_doc, certificate, _proxy = docs(procedure)
    return {
        **VALUES,
        "action": "submit",
        "submission_key": key,
        f"doc_{form_doc.pk}": [pdf("to-khai.pdf")],
        f"doc_{certificate.pk}": [pdf("giay-chung-sinh.pdf")],
    }


@pytest.mark.django_db
def test_a_second_click_finds_the_first_dossier(as_user, citizen, birth):  # noqa: F811
    client = as_user(citizen)
    key = the_form(client, birth)
    first = client.post(f"/portal/file/{birth.code}/", body(birth, key))
    assert first.status_code == 302
    dossier = Dossier.objects.get()
    assert first["Location"] == f"/portal/submitted/{dossier.code}/"
    # The browser sends the same form, files included, a second time.
    second = client.post(f"/portal/file/{birth.code}/", body(birth, key))
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Dossier.objects.count() == 1
    assert DossierDocument.objects.filter(dossier=dossier).count() == 2
    assert not OnlineDraft.objects.exists() and not DraftFile.objects.exists()
    assert dossier.submission_key == key
    # A new filing of the same procedure later is a new form with a new key.
    assert the_form(client, birth) != key


@pytest.mark.django_db
def test_an_autosave_arriving_after_the_submission_does_not_bring_the_draft_back(
    as_user,
    citizen,
    birth,  # noqa: F811
):
    client = as_user(citizen)
    key = the_form(client, birth)
    assert client.post(f"/portal/file/{birth.code}/", body(birth, key)).status_code == 302
    dossier = Dossier.objects.get()
    # The browser's delayed save of the last typed field reaches the server afterwards.
    late = client.post(
        f"/portal/file/{birth.code}/save/",
        {**VALUES, "submission_key": key},
        HTTP_HX_REQUEST="true",
    )
    assert late.status_code == 200
    assert f"Hồ sơ đã được nộp, mã hồ sơ {dossier.code}." in late.content.decode()
    assert not OnlineDraft.objects.exists()


@pytest.mark.skipif(
    on_sqlite,
    reason="in-memory SQLite test database is per connection; runs on PostgreSQL in .ci/run",
)
@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_submissions_make_one_dossier(citizen, birth):  # noqa: F811
    workers = 20
    opener = Client()
    assert opener.login(username=citizen.username, password=PASSWORD)
    key = the_form(opener, birth)
    start = threading.Barrier(workers)

    def submit(_):
        try:
            client = Client()
            client.cookies = opener.cookies
            data = body(birth, key)
            start.wait()
            response = client.post(f"/portal/file/{birth.code}/", data)
            return response.status_code, response.get("Location", "")
        finally:
            connections.close_all()

    with ThreadPoolExecutor(workers) as pool:
        answers = list(pool.map(submit, range(workers)))
    dossier = Dossier.objects.get()
    assert answers == [(302, f"/portal/submitted/{dossier.code}/")] * workers
    assert DossierDocument.objects.filter(dossier=dossier).count() == 2
    assert not OnlineDraft.objects.exists() and not DraftFile.objects.exists()


@pytest.mark.skipif(
    on_sqlite,
    reason="in-memory SQLite test database is per connection; runs on PostgreSQL in .ci/run",
)
@pytest.mark.django_db(transaction=True)
def test_autosaves_racing_the_submission_never_bring_the_draft_back(citizen, birth):  # noqa: F811
    # The browser's delayed saves of the last typed fields reach the server while the
    # submission is turning the draft into a dossier (seen under load in the browser test).
    opener = Client()
    assert opener.login(username=citizen.username, password=PASSWORD)
    key = the_form(opener, birth)
    # The draft exists, as it does in the browser once the first field or file was saved.
    first = {**VALUES, "submission_key": key}
    assert opener.post(f"/portal/file/{birth.code}/save/", first).status_code == 302
    assert OnlineDraft.objects.count() == 1
    saves = 8
    start = threading.Barrier(saves + 1)

    def send(i):
        try:
            client = Client()
            client.cookies = opener.cookies
            start.wait()
            if i == 0:
                return client.post(f"/portal/file/{birth.code}/", body(birth, key)).status_code
            return client.post(
                f"/portal/file/{birth.code}/save/",
                {**VALUES, "submission_key": key},
                HTTP_HX_REQUEST="true",
            ).status_code
        finally:
            connections.close_all()

    with ThreadPoolExecutor(saves + 1) as pool:
        answers = list(pool.map(send, range(saves + 1)))
    assert answers == [302] + [200] * saves
    assert Dossier.objects.count() == 1
    assert not OnlineDraft.objects.exists()


@pytest.mark.django_db
def test_the_draft_made_by_a_first_save_carries_the_forms_key(as_user, citizen, birth):  # noqa: F811
    client = as_user(citizen)
    key = the_form(client, birth)
    client.post(f"/portal/file/{birth.code}/save/", {**VALUES, "submission_key": key})
    assert OnlineDraft.objects.get().key == key
    assert client.post(f"/portal/file/{birth.code}/", body(birth, key)).status_code == 302
    assert Dossier.objects.get().submission_key == key
