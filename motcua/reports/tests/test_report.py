"""The periodic report: its figures are the API's, in the seeds' sentences and in the
appendix table; the sections that need a human are left for the author."""

from __future__ import annotations

from docx import Document

from motcua.indicators.tests.conftest import march, procedures  # noqa: F401
from motcua.reports.builder import number, rate

PERIOD = {"from": "2024-01-01", "to": "2024-03-31"}


def test_report_figures_equal_the_api(march, commune, monitor, as_user, tmp_path):  # noqa: F811
    from django.core.management import call_command

    out = tmp_path / "bao-cao.docx"
    call_command(
        "report",
        "--unit",
        commune.code,
        "--from",
        PERIOD["from"],
        "--to",
        PERIOD["to"],
        "--out",
        str(out),
    )
    document = Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    api = as_user(monitor).get("/api/v1/indicators", {"unit": commune.code, **PERIOD}).json()
    index = as_user(monitor).get("/api/v1/indicators/766", {"unit": commune.code, **PERIOD}).json()
    assert api["received"] == 11  # March's nine, and F and G in February
    assert (
        f"Trong quý I năm 2024 đã tiếp nhận {number(api['received'])} hồ sơ (trong đó "
        f"{number(api['received_online'])} hồ sơ trực tuyến, đạt "
        f"{rate(api['figures']['online']['rate'])}); đã giải quyết {number(api['settled'])} hồ sơ, "
        f"trong đó {number(api['settled_early'])} hồ sơ trước hạn, "
        f"{number(api['settled_on_time'])} hồ sơ đúng hạn, {number(api['settled_late'])} hồ sơ "
        f"trễ hạn; tỷ lệ giải quyết đúng và trước hạn đạt {rate(api['on_time_rate'])}."
    ) in text
    assert "Đến hết kỳ còn 3 hồ sơ đang giải quyết, trong đó 1 hồ sơ đã quá hạn." in text
    assert f"đạt {index['total_points']:.2f}".replace(".", ",") + "/100,00 điểm" in text
    assert text.count("[Nội dung do người soạn báo cáo bổ sung.]") == 7
    # The appendix: the counts row and the 2.1 row of the 766 table.
    counts_table, figures_table, index_table = document.tables[2:5]
    assert [c.text for c in counts_table.rows[1].cells] == [
        number(api[k])
        for k in (
            "received",
            "received_online",
            "settled_early",
            "settled_on_time",
            "settled_late",
            "open_on_time",
            "open_late",
        )
    ]
    two_one = next(r for r in index_table.rows if r.cells[0].text == "2.1")
    assert [c.text for c in two_one.cells[2:5]] == ["7/11", "63,64%", "12,73"]


def test_report_download_from_the_dashboard(march, commune, monitor, clerk, other_commune, as_user):  # noqa: F811
    response = as_user(monitor).get("/reports/report.docx", {"unit": commune.code, **PERIOD})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    from motcua.testing.factories import staff

    stranger = staff(other_commune, "clerk", username="ngoai")
    assert (
        as_user(stranger).get("/reports/report.docx", {"unit": commune.code, **PERIOD}).status_code
        == 403
    )
