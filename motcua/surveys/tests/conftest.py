import pytest

from motcua.dossiers import actions, intake
from motcua.dossiers.tests import conftest as dossier_fixtures

# The dossier fixtures (a procedure with four steps; a paper dossier received at the desk).
marriage = dossier_fixtures.marriage
receive = dossier_fixtures.receive


def walk_to_delivery(dossier, clerk, specialist, leader):
    actions.do_hand_on(dossier, actor=clerk)
    actions.do_hand_on(dossier, actor=specialist)
    actions.do_complete(dossier, actor=leader, result_summary="Giấy chứng nhận kết hôn")
    actions.do_return_result(dossier, actor=clerk)
    return dossier


@pytest.fixture
def delivered(receive, clerk, specialist, leader):
    """A factory: a dossier filed by ``user`` (with an account) and delivered."""

    def _delivered(user):
        dossier = receive(applicant=intake.Applicant("Trần Văn Bình", user=user))
        return walk_to_delivery(dossier, clerk, specialist, leader)

    return _delivered


@pytest.fixture
def four_delivered(receive, clerk, specialist, leader):
    from motcua.surveys.tests.sipas_sample import deliver

    return deliver(receive, clerk, specialist, leader, 4)
