"""The SIPAS pages as users drive them: the office creates a survey, draws the sample,
issues links, enters an interview; a respondent answers through the link without logging
in, a second use is refused in Vietnamese; the results page and its XLSX export."""

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.test import Client
from openpyxl import load_workbook

from motcua.core.models import AuditEntry
from motcua.surveys import templatefile
from motcua.surveys.models import Respondent, Survey
from motcua.surveys.tests.sipas_sample import hand_built_sample, raw_answers

pytestmark = pytest.mark.django_db


def test_the_office_runs_a_survey_through_its_pages(
    four_delivered, commune, reform_officer, as_user
):
    templatefile.load_shipped()
    office = as_user(reform_officer)
    page = office.get("/surveys/")
    assert page.status_code == 200 and "Tạo đợt khảo sát" in page.content.decode()
    created = office.post(
        "/surveys/",
        {"unit": commune.pk, "year": 2025, "sample_size": 3, "seed": 42, "name": ""},
    )
    survey = Survey.objects.get()
    assert created.status_code == 302 and created["Location"] == f"/surveys/{survey.pk}/"
    assert survey.name == "Khảo sát SIPAS năm 2025 — UBND xã An Bình"
    office.post(f"/surveys/{survey.pk}/draw/")
    assert survey.respondents.count() == 3
    office.post(f"/surveys/{survey.pk}/issue/")
    detail = office.get(f"/surveys/{survey.pk}/").content.decode()
    assert "Đang thu phiếu" in detail
    first = survey.respondents.order_by("id").first()
    assert f"http://testserver/survey/{first.token}/" in detail

    # The interviewer's entry.
    form = office.get(f"/surveys/{survey.pk}/respondents/{first.pk}/")
    assert "Tiếp cận dịch vụ" in form.content.decode()
    incomplete = office.post(
        f"/surveys/{survey.pk}/respondents/{first.pk}/", {"access.perception": "4"}
    )
    assert (
        incomplete.status_code == 200 and "Chọn một mức cho câu hỏi" in incomplete.content.decode()
    )
    saved = office.post(f"/surveys/{survey.pk}/respondents/{first.pk}/", raw_answers(0))
    assert saved.status_code == 302
    first.refresh_from_db()
    assert first.channel == "interviewer" and first.interviewer == reform_officer
    assert AuditEntry.objects.filter(verb="survey.interview").count() == 1


def test_a_respondent_answers_by_link_once_without_logging_in(
    four_delivered, commune, reform_officer, as_user
):
    templatefile.load_shipped()
    office = as_user(reform_officer)
    office.post("/surveys/", {"unit": commune.pk, "year": 2025, "sample_size": 4, "seed": 1})
    survey = Survey.objects.get()
    office.post(f"/surveys/{survey.pk}/draw/")
    office.post(f"/surveys/{survey.pk}/issue/")
    token = survey.respondents.order_by("id").first().token
    anonymous = Client()
    page = anonymous.get(f"/survey/{token}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Ông/Bà hài lòng thế nào về thủ tục hành chính đã thực hiện?" in text
    assert text.count('type="radio"') == 5 * 3 * 5
    answered = anonymous.post(f"/survey/{token}/", {**raw_answers(3), "comment": "Tốt"})
    assert answered.status_code == 200 and "Cảm ơn Ông/Bà" in answered.content.decode()
    respondent = Respondent.objects.get(token=token)
    assert (respondent.channel, respondent.comment, respondent.answers.count()) == (
        "web",
        "Tốt",
        15,
    )
    again = anonymous.get(f"/survey/{token}/")
    assert again.status_code == 410
    assert "Phiếu khảo sát này đã được trả lời" in again.content.decode()
    twice = anonymous.post(f"/survey/{token}/", raw_answers(0))
    assert twice.status_code == 410 and respondent.answers.count() == 15
    assert anonymous.get("/survey/khong-co-ma-nay/").status_code == 404


def test_only_the_reform_office_opens_the_survey_pages(commune, leader, citizen, as_user):
    assert as_user(leader).get("/surveys/").status_code == 403
    assert as_user(citizen).get("/surveys/templates/").status_code == 403
    assert Client().get("/surveys/").status_code == 302  # to the login page


def test_the_results_page_and_its_export(
    four_delivered, commune, province, reform_officer, as_user
):
    hand_built_sample(commune, reform_officer, four_delivered)
    office = as_user(reform_officer)
    page = office.get(f"/surveys/results/?unit={province.code}&year=2025").content.decode()
    assert '<div class="h1 mb-0" id="sipas-overall">80,00 %</div>' in page
    assert "16 / 20" in page and "UBND xã An Bình" in page
    # The method behind the number is not verified yet, and the page says so.
    assert '<span id="template-status" class="text-danger">Chưa xác nhận</span>' in page
    empty = office.get(f"/surveys/results/?unit={province.code}&year=2024").content.decode()
    assert "Chưa có phiếu khảo sát nào" in empty
    export = office.get(f"/surveys/results.xlsx?unit={province.code}&year=2025")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][:5] == ["Mã đơn vị", "Đơn vị", "Năm", "Số người trả lời", "SIPAS (%)"]
    assert rows[1] == [province.code, province.name, 2025, 4, 80.0, 75.0, 50.0, 100.0, 100.0, 75.0]
    assert rows[2] == [commune.code, commune.name, 2025, 4, 80.0, 75.0, 50.0, 100.0, 100.0, 75.0]
    # The layout the PAR index's round imports, read by its own reader.
    from motcua.parindex.views import survey_rows_from_workbook

    par = office.get(f"/surveys/results.xlsx?unit={province.code}&year=2025&layout=par")
    imported = survey_rows_from_workbook(par.content)
    assert imported[:3] == [
        (province.code, "sipas", D("80.0")),
        (province.code, "sipas.access", D("75.0")),
        (province.code, "sipas.procedure", D("50.0")),
    ]
    assert (commune.code, "sipas", D("80.0")) in imported and len(imported) == 12


def test_the_templates_page_lists_and_imports(reform_officer, as_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    office = as_user(reform_officer)
    content = (templatefile.SHIPPED / "sipas-2023-2026.json").read_bytes()
    office.post("/surveys/templates/", {"file": SimpleUploadedFile("sipas.json", content)})
    page = office.get("/surveys/templates/").content.decode()
    assert page.count("Chưa xác nhận") == 4
    bad = office.post("/surveys/templates/", {"file": SimpleUploadedFile("x.json", b"{oops")})
    assert "Tệp không phải JSON hợp lệ." in bad.content.decode()


def test_the_sipas_figure_shows_on_the_indicators_dashboard(
    four_delivered, commune, province, reform_officer, monitor, as_user
):
    hand_built_sample(commune, reform_officer, four_delivered)
    page = as_user(monitor).get(f"/indicators/?unit={province.code}&period=year&year=2025")
    text = page.content.decode()
    assert page.status_code == 200
    link = f'<a href="/surveys/results/?unit={province.code}&amp;year=2025">'
    assert link + "Chỉ số hài lòng SIPAS (khảo sát năm)</a>" in text
    row = text.split("Chỉ số hài lòng SIPAS (khảo sát năm)</a>")[1].split("</tr>")[0]
    assert "16 / 20" in row
    # The monitor follows the link to the results.
    assert (
        as_user(monitor).get(f"/surveys/results/?unit={province.code}&year=2025").status_code == 200
    )
