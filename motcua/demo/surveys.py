"""Demo content of the SIPAS surveys: the shipped templates, and a 2025 survey of the
province's units drawn from the dossiers delivered in 2025 (the indicators' history),
answered partly through the links and partly by an interviewer — all through the real
actions, from the data files in ``data/surveys/``. Idempotent; nothing is created when
there is no delivered dossier of 2025 to sample (the demo tests switch the history off)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua.org.models import Unit, User
from motcua.surveys import actions, templatefile
from motcua.surveys.models import Survey

DATA = Path(__file__).parent / "data" / "surveys"
OFFICER = "cchc.sonoivu"


def _answers() -> list[dict[str, str]]:
    with (DATA / "answers-2025.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load() -> dict[str, int]:
    templatefile.load_shipped()
    spec = json.loads((DATA / "survey-2025.json").read_text(encoding="utf-8"))
    if Survey.objects.filter(name=spec["name"]).exists():
        return {"created_sipas_answers": 0}
    officer = User.objects.get(username=OFFICER)
    try:
        with transaction.atomic():
            survey = actions.do_create_survey(
                actor=officer,
                unit=Unit.objects.get(code=spec["unit"]),
                year=spec["year"],
                sample_size=spec["sample_size"],
                seed=spec["seed"],
                name=spec["name"],
            )
            actions.do_draw_sample(survey, actor=officer)
    except ValidationError as exc:
        if getattr(exc, "code", "") == "empty_frame":
            return {"created_sipas_answers": 0}
        raise
    actions.do_issue_links(survey, actor=officer)
    patterns = _answers()
    respondents = list(survey.respondents.order_by("id"))
    answering = respondents[: int(len(respondents) * float(spec["answered_share"]))]
    for i, respondent in enumerate(answering):
        row = dict(patterns[i % len(patterns)])
        channel = row.pop("channel")
        if channel == "web":
            actions.do_answer_by_link(str(respondent.token), raw=row)
        else:
            actions.do_enter_interview(respondent, actor=officer, raw=row)
    return {"created_sipas_answers": len(answering)}
