"""Fees shown before submission, and what a dossier still owes."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.payments.fees import amount_due, fees_for

from .conftest import TOTAL


def test_fee_lines_follow_the_catalogue(fees):
    lines = fees_for(fees)
    assert [(f.kind_label, f.amount, f.amount_text) for f in lines] == [
        ("Phí", 1_200_000, "1.200.000 đ"),
        ("Lệ phí", 50_000, "50.000 đ"),
    ]
    assert lines[1].exemption == "Miễn lệ phí cho người thuộc hộ nghèo"


def test_fee_snippet_renders_the_table_for_a_procedure(fees):
    html = render_to_string("payments/_fees.html", {"procedure": fees})
    assert "Phí thẩm định hồ sơ" in html and "1.200.000 đ" in html
    assert "Miễn lệ phí cho người thuộc hộ nghèo" in html
    assert 'data-total="1250000"' in html and "1.250.000 đ" in html


def test_fee_snippet_says_when_there_is_nothing_to_pay(marriage):
    html = render_to_string("payments/_fees.html", {"procedure": marriage})
    assert "không thu phí, lệ phí" in html


def test_amount_due_is_the_dossier_fee_until_paid(dossier):
    assert dossier.fee_amount == TOTAL
    assert amount_due(dossier) == TOTAL
    Dossier.objects.filter(pk=dossier.pk).update(paid_at=timezone.now())
    dossier.refresh_from_db()
    assert amount_due(dossier) == 0
