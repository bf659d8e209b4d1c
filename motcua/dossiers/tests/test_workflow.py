"""Every edge of the transition table is walked through the actions, and every forbidden
edge (wrong state, wrong actor) is refused with nothing written."""

from datetime import timedelta

import pytest
import time_machine

from motcua.dossiers import actions, intake
from motcua.dossiers.choices import Action, Actor, DossierState, FormKind
from motcua.dossiers.models import Dossier, DossierEvent
from motcua.dossiers.tests.conftest import vn
from motcua.dossiers.workflow import BY_ACTION, TRANSITIONS, TransitionRefused, check

pytestmark = pytest.mark.django_db

ALL_STATES = DossierState.values()


@pytest.fixture(autouse=True)
def frozen_clock():
    # A Tuesday morning far from holidays: every deadline rule has room.
    with time_machine.travel(vn("2024-03-05 08:00"), tick=False) as traveller:
        yield traveller


@pytest.fixture
def people(clerk, specialist, leader):
    return {Actor.CLERK: clerk, Actor.SPECIALIST: specialist, Actor.UNIT_HEAD: leader}


@pytest.fixture
def make(receive, marriage, commune, clerk, citizen):
    """A dossier in any state, reached through the real actions where a path exists."""

    def _make(state):
        if state == DossierState.NEW:
            return intake.do_submit_online(
                procedure=marriage,
                unit=commune,
                applicant=intake.Applicant("Lê Thị Cúc", user=citizen),
            )
        dossier = receive()
        if state == DossierState.RECEIVED:
            return dossier
        actions.do_hand_on(dossier, actor=clerk)  # now at the specialist's step
        if state != DossierState.IN_PROCESS:
            Dossier.objects.filter(pk=dossier.pk).update(state=state)
            dossier.refresh_from_db()
        return dossier

    return _make


def perform(action, dossier, actor):
    calls = {
        Action.ACCEPT: lambda: intake.do_accept_online(dossier, actor=actor),
        Action.NOT_ACCEPT: lambda: intake.do_not_accept(dossier, actor=actor, reason="Sai thủ tục"),
        Action.WITHDRAW: lambda: intake.do_withdraw(dossier, actor=actor),
        Action.HAND_ON: lambda: actions.do_hand_on(dossier, actor=actor),
        Action.REQUEST_SUPPLEMENT: lambda: actions.do_request_supplement(
            dossier, actor=actor, reason="Thiếu bản sao CCCD"
        ),
        Action.ANSWER_SUPPLEMENT: lambda: actions.do_answer_supplement(
            dossier, actor=actor, documents=[actions.SupplementItem("Bản sao CCCD")]
        ),
        Action.REQUIRE_PAYMENT: lambda: actions.do_require_payment(
            dossier, actor=actor, amount=50000
        ),
        Action.RECORD_PAYMENT: lambda: actions.do_record_payment(dossier, actor=actor),
        Action.APOLOGISE: lambda: actions.do_apologise(
            dossier,
            actor=actor,
            reason="Cần xác minh thêm",
            new_due_at=(dossier.due_at or vn("2024-03-12 17:00")) + timedelta(days=3),
        ),
        Action.REFUSE: lambda: actions.do_refuse(dossier, actor=actor, reason="Không đủ điều kiện"),
        Action.STOP: lambda: actions.do_stop(dossier, actor=actor, reason="Người nộp xin dừng"),
        Action.COMPLETE: lambda: actions.do_complete(
            dossier, actor=actor, result_summary="Giấy chứng nhận kết hôn"
        ),
        Action.RETURN_RESULT: lambda: actions.do_return_result(dossier, actor=actor),
    }
    return calls[action]()


def allowed_actor(row, people, citizen):
    staff = [people[a] for a in (Actor.CLERK, Actor.SPECIALIST, Actor.UNIT_HEAD) if a in row.actors]
    return staff[0] if staff else citizen


EDGES = [
    (row.action, source)
    for row in TRANSITIONS
    for source in sorted(row.sources, key=str)
    if source is not None
]
FORBIDDEN = [
    (row.action, state) for row in TRANSITIONS for state in ALL_STATES if state not in row.sources
]


@pytest.mark.parametrize(("action", "source"), EDGES)
def test_every_allowed_edge_leads_to_its_target(action, source, make, people, citizen):
    row = BY_ACTION[action]
    dossier = make(source)
    if action == Action.HAND_ON and source == DossierState.IN_PROCESS:
        actor = people[Actor.SPECIALIST]  # the specialist holds the current step
    elif action == Action.ANSWER_SUPPLEMENT:
        actor = people[Actor.CLERK]
    elif action == Action.COMPLETE:
        # Signing happens at the final approval step only: the specialist hands it on.
        actions.do_hand_on(dossier, actor=people[Actor.SPECIALIST])
        actor = people[Actor.UNIT_HEAD]
    else:
        actor = allowed_actor(row, people, citizen)
    before = DossierEvent.objects.filter(dossier=dossier).count()
    perform(action, dossier, actor)
    dossier.refresh_from_db()
    assert dossier.state == (row.target or source)
    assert DossierEvent.objects.filter(dossier=dossier).count() == before + 1
    event = DossierEvent.objects.filter(dossier=dossier).last()
    assert (event.action, event.from_state, event.to_state) == (action, source, dossier.state)
    if row.form == FormKind.CONTROL_SHEET:
        # The control sheet is one living form: a hand-over adds its row.
        assert event.from_step is not None and event.to_step is not None
        assert event.on_time is True and event.step_due_at is not None
    elif row.form:
        assert dossier.forms.filter(kind=row.form).exists()


@pytest.mark.parametrize(("action", "state"), FORBIDDEN)
def test_every_forbidden_edge_is_refused_and_writes_nothing(action, state, make, people, citizen):
    if action == Action.RECEIVE:
        with pytest.raises(TransitionRefused) as exc:
            check(action, state, {Actor.CLERK})
        assert exc.value.code == "invalid_transition"
        return
    dossier = make(state)
    version = dossier.version
    events = DossierEvent.objects.filter(dossier=dossier).count()
    with pytest.raises(TransitionRefused) as exc:
        perform(action, dossier, allowed_actor(BY_ACTION[action], people, citizen))
    assert exc.value.code == "invalid_transition"
    dossier.refresh_from_db()
    assert (dossier.state, dossier.version) == (state, version)
    assert DossierEvent.objects.filter(dossier=dossier).count() == events


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: r.action)
def test_actors_outside_the_row_are_refused(row):
    source = next(iter(row.sources))
    for actor in set(Actor.values()) - set(row.actors):
        with pytest.raises(TransitionRefused) as exc:
            check(row.action, source, {actor})
        assert exc.value.code == "forbidden"


def test_every_state_maps_to_the_national_vocabulary():
    assert sorted(set(DossierState.NATIONAL_CODE.values())) == list(range(1, 11))
    assert set(DossierState.NATIONAL_CODE) == set(ALL_STATES)


def test_a_stranger_to_the_unit_cannot_act(make, other_commune):
    from motcua.org.choices import Role
    from motcua.testing.factories import staff

    dossier = make(DossierState.RECEIVED)
    outsider = staff(other_commune, Role.CLERK, username="ngoaidonvi")
    with pytest.raises(TransitionRefused) as exc:
        actions.do_hand_on(dossier, actor=outsider)
    assert exc.value.code == "forbidden"
