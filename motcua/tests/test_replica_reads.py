"""With a read replica configured, the dashboards and exports read there and nowhere else:
the page's queries run on the ``replica`` alias (here a mirror of the test database, see
motcua/testing/settings.py), the session, the user and their roles on ``default``; the answer is the
same as without a replica; the rest of the application never reads the replica."""

from __future__ import annotations

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from motcua.indicators.tests.conftest import march, procedures  # noqa: F401
from motcua.parindex.tests.conftest import commune_data, groups, office  # noqa: F401
from motcua.parindex.tests.test_plans import published  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

Q1 = {"period": "quarter", "year": "2024", "n": "1"}
PERIOD = {"from": "2024-01-01", "to": "2024-03-31"}


class Queries:
    """The queries run on each alias during the block."""

    def __enter__(self):
        self._contexts = {a: CaptureQueriesContext(connections[a]) for a in ("default", "replica")}
        for context in self._contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self._contexts.values():
            context.__exit__(*exc)
        self.default = [q["sql"] for q in self._contexts["default"].captured_queries]
        self.replica = [q["sql"] for q in self._contexts["replica"].captured_queries]


# Authentication stays on the primary: the session, the user, the API's staff check.
AUTH_TABLES = ('"django_session"', '"org_user"', '"org_membership"')


def only_sessions_and_users(sqls: list[str]) -> bool:
    return all(any(table in sql for table in AUTH_TABLES) for sql in sqls)


@pytest.fixture
def replica_on(settings):
    settings.READ_REPLICA_ALIAS = "replica"


def test_dashboard_reads_go_to_the_replica(march, commune, monitor, as_user, settings):  # noqa: F811
    client = as_user(monitor)
    params = {"unit": commune.code, **Q1}
    without = client.get("/indicators/", params)
    assert without.status_code == 200

    settings.READ_REPLICA_ALIAS = "replica"
    with Queries() as queries:
        response = client.get("/indicators/", params)
    assert response.status_code == 200
    assert len(queries.replica) >= 10
    assert any('"indicators_dailycount"' in sql for sql in queries.replica)
    # On the primary: the session, the signed-in user and their roles (read once for the
    # request, as authentication: a role withdrawn counts at once, whatever the replica's
    # lag), nothing else.
    assert sum('"org_membership"' in sql for sql in queries.default) == 1
    assert queries.default and only_sessions_and_users(queries.default)
    # The same figures ("Tiếp nhận trong kỳ": 11 for the quarter).
    assert response.context["counts"] == without.context["counts"]
    assert response.context["counts"]["received"] == 11


def test_api_and_exports_read_from_the_replica(march, commune, monitor, as_user, replica_on):  # noqa: F811
    client = as_user(monitor)
    cases = [
        ("/api/v1/indicators", {"unit": commune.code, **PERIOD}),
        ("/api/v1/indicators/766", {"unit": commune.code, **PERIOD}),
        ("/indicators/export/figures.xlsx", {"unit": commune.code, **Q1}),
        ("/indicators/chairman/", {"unit": commune.code, **Q1}),
        ("/reports/report.docx", {"unit": commune.code, **PERIOD}),
    ]
    for path, params in cases:
        with Queries() as queries:
            response = client.get(path, params)
        assert response.status_code == 200, path
        assert queries.replica, path
        assert only_sessions_and_users(queries.default), (path, queries.default)
    assert (
        client.get("/api/v1/indicators", {"unit": commune.code, **PERIOD}).json()["received"] == 11
    )


def test_par_index_results_and_exports_read_from_the_replica(
    commune_data,  # noqa: F811
    published,  # noqa: F811
    office,  # noqa: F811
    as_user,
    replica_on,
):
    client = as_user(office)
    for path in (
        f"/par/rounds/{published.pk}/results/",
        f"/par/rounds/{published.pk}/results.xlsx",
        f"/par/rounds/{published.pk}/results.docx",
        f"/api/v1/par/rounds/{published.pk}/results",
    ):
        with Queries() as queries:
            response = client.get(path)
        assert response.status_code == 200, path
        assert any('"parindex_' in sql for sql in queries.replica), path
        assert only_sessions_and_users(queries.default), (path, queries.default)
    first = client.get(f"/api/v1/par/rounds/{published.pk}/results").json()[0]
    assert (first["unit"], first["score"], first["rank"]) == ("000.01.40.H99", 4.9, 1)


def test_the_rest_of_the_application_reads_default(march, commune, clerk, as_user, replica_on):  # noqa: F811
    client = as_user(clerk)
    with Queries() as queries:
        assert client.get("/dossiers/").status_code == 200
        assert client.get("/api/v1/dossiers").status_code == 200
    assert queries.default and not queries.replica


def test_export_command_reads_from_the_replica(march, commune, settings, tmp_path):  # noqa: F811
    from django.core.management import call_command

    before, out = tmp_path / "primary.json", tmp_path / "hoso.json"
    call_command("export_dossiers", "--unit", commune.code, *_period(), "--out", str(before))
    settings.READ_REPLICA_ALIAS = "replica"
    with Queries() as queries:
        call_command("export_dossiers", "--unit", commune.code, *_period(), "--out", str(out))
    text = out.read_text(encoding="utf-8")
    # Every dossier any figure of the quarter counts (the exporter's rule), as from default.
    assert text.count('"MaHoSo"') == 13
    assert text == before.read_text(encoding="utf-8")
    assert any('"dossiers_dossier"' in sql for sql in queries.replica)
    assert not any('"dossiers_dossier"' in sql for sql in queries.default)


def test_without_a_replica_nothing_reads_it(march, commune, monitor, as_user):  # noqa: F811
    with Queries() as queries:
        response = as_user(monitor).get("/indicators/", {"unit": commune.code, **Q1})
    assert response.status_code == 200
    assert queries.default and not queries.replica


def _period() -> list[str]:
    return ["--from", PERIOD["from"], "--to", PERIOD["to"]]
