"""Concurrent intake and concurrent transitions, with real parallel transactions.

PostgreSQL is the production database and the one with real row locks; CI runs the whole
suite there (.ci/run). SQLite serialises writers with IMMEDIATE transactions, which these
tests also exercise when they run on it."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine
from django.db import connection, connections

from motcua.dossiers import actions, transitions
from motcua.dossiers.choices import DossierState
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import vn

pytestmark = pytest.mark.django_db(transaction=True)

on_sqlite = connection.vendor == "sqlite"


def _in_thread(fn):
    def run(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        finally:
            connections.close_all()

    return run


@pytest.mark.skipif(
    on_sqlite,
    reason="in-memory SQLite test database is per connection; runs on PostgreSQL in .ci/run",
)
def test_parallel_intake_gives_gapless_unique_codes(receive):
    workers, per_worker = 8, 5
    start = threading.Barrier(workers)

    @_in_thread
    def intake(_):
        start.wait()
        return [receive().code for _ in range(per_worker)]

    with time_machine.travel(vn("2024-03-05 09:00"), tick=True):
        with ThreadPoolExecutor(workers) as pool:
            codes = [code for batch in pool.map(intake, range(workers)) for code in batch]
    expected = [f"000.01.40.H99-240305-{n:04d}" for n in range(1, workers * per_worker + 1)]
    assert sorted(codes) == expected
    assert Dossier.objects.count() == workers * per_worker


@pytest.mark.skipif(
    on_sqlite,
    reason="in-memory SQLite test database is per connection; runs on PostgreSQL in .ci/run",
)
def test_two_officers_acting_at_once_one_wins(receive, clerk, leader):
    with time_machine.travel(vn("2024-03-05 09:00"), tick=True):
        dossier = receive()
        actions.do_hand_on(dossier, actor=clerk)
        rounds = 10
        outcomes = []
        for _ in range(rounds):
            fresh = Dossier.objects.get(pk=dossier.pk)
            events_before = fresh.events.count()
            forms_before = fresh.forms.count()
            copies = [Dossier.objects.get(pk=dossier.pk) for _ in range(2)]
            barrier = threading.Barrier(2)

            @_in_thread
            def act(args, barrier=barrier):
                copy, verb = args
                barrier.wait()
                try:
                    if verb == "stop":
                        actions.do_stop(copy, actor=clerk, reason="Xin dừng")
                    else:
                        actions.do_refuse(copy, actor=leader, reason="Không đủ điều kiện")
                    return "won"
                except transitions.DossierConflict:
                    return "conflict"

            with ThreadPoolExecutor(2) as pool:
                results = list(pool.map(act, zip(copies, ["stop", "refuse"], strict=True)))
            outcomes.append(sorted(results))
            final = Dossier.objects.get(pk=dossier.pk)
            assert final.version == fresh.version + 1
            assert final.state in (DossierState.STOPPED, DossierState.REFUSED)
            # The loser wrote nothing: one history row and one form more, not two.
            assert final.events.count() == events_before + 1
            assert final.forms.count() == forms_before + 1
            # Put it back for the next round (test set-up only).
            Dossier.objects.filter(pk=dossier.pk).update(state=DossierState.IN_PROCESS)
            dossier = Dossier.objects.get(pk=dossier.pk)
        assert outcomes == [["conflict", "won"]] * rounds
