"""The demo's history through the import: every unit with procedures gets dossiers, the
former wards until the merge only, and loading twice changes nothing. (A small profile: the
real one loads some 24,000 dossiers; see bench/RESULTS.md for its time.)"""

from __future__ import annotations

import json
from datetime import date

import time_machine

from motcua.demo import catalogue, org
from motcua.demo.indicators import PROFILE, load_history
from motcua.indicators import selectors
from motcua.indicators.models import DossierFact, Target
from motcua.org.models import Unit


def test_demo_history_is_loaded_once_for_every_unit(
    db, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.DEMO_HISTORY_DOSSIERS = None  # the profile's number
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    profile.update(total=400, start="2025-05-01")
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    with time_machine.travel(date(2025, 9, 1), tick=False):
        org.load()
        catalogue.load()
        with django_capture_on_commit_callbacks(execute=True):
            created = load_history(path)
        assert 350 <= created <= 450
        assert load_history(path) == 0
    assert DossierFact.objects.count() == created
    assert Target.objects.filter(year=2024, level="commune", key="on_time").get().value == 97
    former = Unit.objects.get(code="000.04.22.H56")  # merged into Cam Ranh ward on 01/07/2025
    assert not DossierFact.objects.filter(unit=former, received_day__gte=date(2025, 7, 1)).exists()
    assert DossierFact.objects.filter(unit=former).exists()
    successor = Unit.objects.get(code="000.01.40.H56")
    june = selectors.counts(successor, date(2025, 6, 1), date(2025, 6, 30))
    assert june["received"] > 0  # its predecessors' figures are its own


def test_demo_sipas_survey_of_2025_is_answered_through_the_real_actions(db, tmp_path, settings):
    from motcua.demo import surveys
    from motcua.surveys import selectors
    from motcua.surveys.models import Survey

    settings.DEMO_HISTORY_DOSSIERS = None
    profile = json.loads(PROFILE.read_text(encoding="utf-8"))
    profile.update(total=400, start="2025-05-01")
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    with time_machine.travel(date(2025, 12, 20), tick=False):
        org.load()
        catalogue.load()
        load_history(path)
    created = surveys.load()
    survey = Survey.objects.get()
    sampled = survey.respondents.count()
    assert 100 <= sampled <= 150 and created == {"created_sipas_answers": int(sampled * 0.85)}
    assert survey.respondents.filter(channel="web").exists()
    assert survey.respondents.filter(channel="interviewer").exists()
    assert surveys.load() == {"created_sipas_answers": 0}
    province = Unit.objects.get(code="000.00.00.H56")
    result = selectors.sipas(province, 2025)
    assert result["respondents"] == created["created_sipas_answers"]
    assert 60 < result["overall"] < 95
