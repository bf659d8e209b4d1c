"""PDF rendering is bounded whatever the data (issue 7): WeasyPrint broke an unbroken word
that did not fit its cell by laying out ever longer pieces of it, so a 100,000-character
name took minutes. Texts of a PDF are capped and long runs get break opportunities; the
screen page keeps the text as it is. The speed itself is measured by
bench/bench_register_pdf.py, not here."""

import re
from datetime import date

import pytest
from django.utils.safestring import mark_safe

from motcua.dossiers.documents import render
from motcua.dossiers.documents.context import REGISTER, register_context

pytestmark = pytest.mark.django_db

ZWSP = "\u200b"


def test_breakable_caps_and_splits_long_runs():
    assert render.breakable("Nguyễn Văn Bình") == "Nguyễn Văn Bình"
    code = "000.04.40.H56-250312-0001"  # codes stay whole
    assert render.breakable(code) == code
    text = render.breakable("Ư" * 100_000)
    assert len(text.replace(ZWSP, "")) == render.PDF_TEXT_MAX
    assert text.endswith("…")
    assert max(len(run) for run in text.split(ZWSP)) <= 40
    # Words keep their spaces; only the over-long word is split.
    assert render.breakable("Lê " + "A" * 90) == "Lê " + ZWSP.join(["A" * 40, "A" * 40, "A" * 10])


def test_bounded_leaves_html_and_urls_alone():
    context = {
        "lookup_url": "https://motcua.example.vn/lookup/" + "x" * 60,
        "qr": mark_safe("<svg>" + "y" * 60 + "</svg>"),
        "rows": [{"applicant_name": "B" * 50}],
    }
    out = render.bounded(context)
    assert out["lookup_url"] == context["lookup_url"]
    assert out["qr"] is context["qr"]
    assert out["rows"][0]["applicant_name"] == "B" * 40 + ZWSP + "B" * 10


def test_register_pdf_html_has_no_unbounded_run_but_the_screen_keeps_the_name(
    receive, clerk, commune
):
    dossier = receive()
    day = dossier.received_at.date()
    context = register_context(commune, date(day.year, day.month, 1), day, clerk)
    # Older data on SQLite (which does not enforce lengths) or a replaced template's
    # context may hold what the input limits now refuse.
    [row] = context["rows"]
    row["applicant_name"] = "Ư" * 100_000
    pdf_html = render._render_html(REGISTER, {**context, "toolbar": None}, pdf=True)
    longest = max(len(m) for m in re.findall(r"Ư+", pdf_html))
    assert longest <= 40
    assert pdf_html.count("Ư") < render.PDF_TEXT_MAX + 20  # the name, and the title's letters
    screen = render.render_html(REGISTER, context)
    assert "Ư" * 100_000 in screen
