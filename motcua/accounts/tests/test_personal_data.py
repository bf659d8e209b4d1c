"""Personal data stays with its owner: a citizen sees only their own dossiers."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.dossiers import intake
from motcua.dossiers.models import Dossier
from motcua.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbour(db):
    return UserFactory(username="hangxom", full_name="Lê Văn Cường")


@pytest.fixture
def dossiers(marriage, commune, citizen, neighbour):
    def submit(name, user):
        return intake.do_submit_online(
            procedure=marriage,
            unit=commune,
            applicant=intake.Applicant(name, phone="0905123456", user=user),
        )

    return {
        "own": [submit("Nguyễn Văn An", citizen), submit("Nguyễn Văn An", citizen)],
        "neighbour": submit("Lê Văn Cường", neighbour),
        # Filed at the desk for someone without an account, under the same name.
        "no_account": submit("Nguyễn Văn An", None),
    }


def test_citizen_sees_exactly_their_own_dossiers(citizen, dossiers):
    visible = set(Dossier.objects.restrict(citizen, "view"))

    assert visible == set(dossiers["own"])


def test_citizen_may_change_no_dossier_not_even_their_own(citizen, dossiers):
    assert not Dossier.objects.restrict(citizen, "change").exists()


def test_citizen_without_dossiers_sees_none(db, dossiers):
    newcomer = UserFactory(username="moi")

    assert not Dossier.objects.restrict(newcomer, "view").exists()


def test_anonymous_visitor_sees_no_dossier(dossiers):
    from django.contrib.auth.models import AnonymousUser

    assert not Dossier.objects.restrict(AnonymousUser(), "view").exists()


def test_staff_pages_are_closed_to_citizens(citizen, as_user, dossiers):
    client = as_user(citizen)
    own, other = dossiers["own"][0].code, dossiers["neighbour"].code
    pages = [
        "/dossiers/",
        "/dossiers/search/?q=Nguy%E1%BB%85n",
        "/dossiers/receive/",
        "/dossiers/register/",
        "/dossiers/register.xlsx",
        f"/dossiers/{own}/",
        f"/dossiers/{other}/",
        f"/dossiers/{other}/control-sheet/",
        f"/dossiers/{other}/control-sheet.docx",
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (403, 404), page
        assert "Lê Văn Cường" not in response.content.decode(errors="replace"), page


def test_api_lists_only_the_citizens_own_dossiers(citizen, as_user, dossiers):
    response = as_user(citizen).get("/api/v1/dossiers")

    if response.status_code == 200:
        codes = {row["code"] for row in response.json()}
        assert codes <= {d.code for d in dossiers["own"]}
    else:
        assert response.status_code in (401, 403)


def test_api_does_not_open_another_persons_dossier(citizen, as_user, dossiers):
    client = as_user(citizen)
    other = dossiers["neighbour"].code

    for url in (
        f"/api/v1/dossiers/{other}",
        f"/api/v1/dossiers/{other}/history",
        f"/api/v1/dossiers/{other}/forms",
        "/api/v1/dossiers?applicant=C%C6%B0%E1%BB%9Dng",
    ):
        response = client.get(url)
        if response.status_code == 200:
            assert response.json() == [], url
        else:
            assert response.status_code in (401, 403, 404), url
            assert "Lê Văn Cường" not in response.content.decode(), url


def test_api_needs_a_signed_in_user(dossiers):
    assert Client().get("/api/v1/dossiers").status_code == 401
