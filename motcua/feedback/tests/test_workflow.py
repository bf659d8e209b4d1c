"""The handling table walked edge by edge: every allowed (action, state) through the real
actions, and every forbidden pair and actor refused by the one check."""

from __future__ import annotations

import pytest

from motcua.feedback import actions
from motcua.feedback import workflow as wf
from motcua.feedback.choices import FeedbackAction as A
from motcua.feedback.choices import FeedbackActor as R
from motcua.feedback.choices import FeedbackState as S
from motcua.feedback.workflow import TRANSITIONS, TransitionRefused, check

ALL_STATES = [None, *S.values()]
EDGES = [(t.action, source) for t in TRANSITIONS for source in t.sources]


def test_the_table_is_what_the_decree_describes():
    assert {t.action: t.target for t in TRANSITIONS} == {
        A.RECEIVE: S.RECEIVED,
        A.ASSIGN: None,
        A.NOT_ACCEPT: S.NOT_ACCEPTED,
        A.ROUTE: S.ROUTED,
        A.FORWARD: S.FORWARDED,
        A.ACCEPT: S.ACCEPTED,
        A.ASK_MORE: S.WAITING_SENDER,
        A.PROVIDE_MORE: S.ACCEPTED,
        A.ANSWER: S.ANSWERED,
        A.PUBLISH: S.PUBLISHED,
        A.CLOSE: S.CLOSED,
        A.REOPEN: S.ACCEPTED,
        A.RATE: None,
    }
    assert len(EDGES) == 20


@pytest.mark.parametrize("action", [t.action for t in TRANSITIONS])
@pytest.mark.parametrize("state", ALL_STATES)
def test_every_forbidden_state_is_refused(action, state):
    row = wf.BY_ACTION[action]
    if state in row.sources:
        assert check(action, state, set(row.actors)) is row
    else:
        with pytest.raises(TransitionRefused) as refused:
            check(action, state, set(R.values()))
        assert refused.value.code == "invalid_transition"


@pytest.mark.parametrize(("action", "state"), EDGES)
def test_every_edge_refuses_the_other_actors(action, state):
    row = wf.BY_ACTION[action]
    for actor in set(R.values()) - row.actors:
        with pytest.raises(TransitionRefused) as refused:
            check(action, state, {actor})
        assert refused.value.code == "forbidden"


def bring_to(state, receive, specialist):
    """An item in ``state``, through the real actions."""
    item, _secret = receive()
    if state == S.RECEIVED:
        return item
    if state in (S.NOT_ACCEPTED, S.ROUTED, S.FORWARDED):
        do = {
            S.NOT_ACCEPTED: lambda: actions.do_not_accept(item, actor=specialist, reason="x"),
            S.ROUTED: lambda: actions.do_route(item, actor=specialist, reason="x"),
            S.FORWARDED: lambda: actions.do_forward(item, actor=specialist, forwarded_to="y"),
        }
        return do[state]()
    actions.do_accept(item, actor=specialist)
    if state == S.ACCEPTED:
        return item
    if state == S.WAITING_SENDER:
        return actions.do_ask_more(item, actor=specialist, question="?")
    actions.do_answer(item, actor=specialist, answer="Trả lời")
    if state == S.ANSWERED:
        return item
    if state == S.PUBLISHED:
        return actions.do_publish(item, actor=specialist)
    assert state == S.CLOSED
    return actions.do_close(item, actor=specialist)


@pytest.mark.parametrize(("action", "state"), [e for e in EDGES if e[0] != A.RECEIVE])
def test_every_edge_through_the_actions(action, state, receive, specialist, leader, commune):
    item = bring_to(state, receive, specialist)
    assert item.state == state
    calls = {
        A.ASSIGN: lambda: actions.do_assign(item, actor=leader, handler=specialist),
        A.NOT_ACCEPT: lambda: actions.do_not_accept(item, actor=specialist, reason="x"),
        A.ROUTE: lambda: actions.do_route(item, actor=specialist, reason="Khiếu nại"),
        A.FORWARD: lambda: actions.do_forward(item, actor=specialist, forwarded_to="Sở"),
        A.ACCEPT: lambda: actions.do_accept(item, actor=specialist),
        A.ASK_MORE: lambda: actions.do_ask_more(item, actor=specialist, question="?"),
        A.PROVIDE_MORE: lambda: actions.do_provide_more(item, actor=actions.SENDER, content="!"),
        A.ANSWER: lambda: actions.do_answer(item, actor=specialist, answer="a"),
        A.PUBLISH: lambda: actions.do_publish(item, actor=specialist),
        A.CLOSE: lambda: actions.do_close(item, actor=specialist),
        A.REOPEN: lambda: actions.do_reopen(item, actor=actions.SENDER, reason="chưa"),
        A.RATE: lambda: actions.do_rate(item, actor=actions.SENDER, satisfied=False),
    }
    calls[action]()
    expected = wf.target_state(wf.BY_ACTION[action], state)
    item.refresh_from_db()
    assert item.state == expected
    assert item.events.last().action == action


def test_the_receive_edge_from_the_portal_the_desk_and_the_hotline(receive, clerk, citizen):
    assert receive(actor=None)[0].state == S.RECEIVED
    assert receive(actor=citizen)[0].sender_account == citizen
    desk = receive(actor=clerk, channel="desk")[0]
    assert (desk.channel, desk.received_by, desk.sender_account) == ("desk", clerk, None)
    assert receive(actor=clerk, channel="hotline")[0].channel == "hotline"
    with pytest.raises(TransitionRefused):
        receive(actor=citizen, channel="hotline")  # only a clerk types for the hotline


def test_a_stale_version_writes_nothing(receive, specialist):
    item, _ = receive()
    stale = type(item).objects.get(pk=item.pk)
    actions.do_accept(item, actor=specialist)
    with pytest.raises(actions.FeedbackConflict):
        actions.do_not_accept(stale, actor=specialist, reason="x")
    item.refresh_from_db()
    assert item.state == S.ACCEPTED and item.events.count() == 2


def test_asking_for_more_is_allowed_once_per_round(receive, specialist):
    item, _ = receive()
    actions.do_accept(item, actor=specialist)
    actions.do_ask_more(item, actor=specialist, question="?")
    actions.do_provide_more(item, actor=actions.SENDER, content="!")
    with pytest.raises(TransitionRefused) as refused:
        actions.do_ask_more(item, actor=specialist, question="??")
    assert refused.value.code == "already_asked"


def test_publishing_needs_the_senders_consent(receive, specialist):
    item, _ = receive(publish_consent=False)
    actions.do_accept(item, actor=specialist)
    actions.do_answer(item, actor=specialist, answer="a")
    assert not item.steps.filter(kind="publish").exists()
    with pytest.raises(Exception) as refused:
        actions.do_publish(item, actor=specialist)
    assert getattr(refused.value, "code", "") == "no_consent"
