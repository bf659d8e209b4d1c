"""SIPAS template files (JSON, layout in docs/surveys.md): read, check, import.

A file names the years it applies to; importing it creates, for each year, a new version
of that year's template (the highest version is the one new surveys use). All or nothing:
one error and nothing is imported. The shipped files are under ``data/templates/``."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from motcua.core.models import record_audit
from motcua.surveys import sipas
from motcua.surveys.choices import OverallRule, SourceStatus
from motcua.surveys.models import SurveyTemplate, TemplateElement

SHIPPED = Path(__file__).parent / "data" / "templates"
KEY = re.compile(r"^[a-z][a-z_]{0,39}$")


class TemplateFileError(ValueError):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ParsedTemplate:
    name: str
    years: list[int]
    source: str
    source_status: str
    source_note: str
    satisfied_levels: list[int]
    overall_rule: str
    scales: dict[str, list[str]]
    elements: list[dict[str, str]]


def _text(data: dict[str, Any], key: str, errors: list[str], where: str = "") -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        errors.append(_("%(where)sthiếu “%(key)s”.") % {"where": where, "key": key})
        return ""
    return value.strip()


def parse(content: bytes | str) -> ParsedTemplate:
    """Check a template file; every problem is listed (in Vietnamese) at once."""
    try:
        data = json.loads(content)
    except (ValueError, UnicodeDecodeError):
        raise TemplateFileError([_("Tệp không phải JSON hợp lệ.")]) from None
    if not isinstance(data, dict):
        raise TemplateFileError([_("Tệp phải là một đối tượng JSON.")])
    errors: list[str] = []
    name = _text(data, "name", errors)
    years = data.get("years")
    if (
        not isinstance(years, list)
        or not years
        or not all(isinstance(y, int) and 2000 <= y <= 2100 for y in years)
    ):
        errors.append(_("“years” phải là danh sách năm (2000–2100)."))
        years = []
    status = data.get("source_status")
    if status not in SourceStatus.values():
        errors.append(_("“source_status” phải là verified, secondary hoặc open."))
    levels = data.get("satisfied_levels")
    if (
        not isinstance(levels, list)
        or not levels
        or not all(isinstance(v, int) and v in sipas.SCALE for v in levels)
    ):
        errors.append(_("“satisfied_levels” phải là danh sách mức trong 1–5."))
        levels = []
    rule = data.get("overall_rule")
    if rule not in OverallRule.values():
        errors.append(
            _("“overall_rule” phải là một trong: %(rules)s.")
            % {"rules": ", ".join(OverallRule.values())}
        )
    scales = data.get("scales") or {}
    if not isinstance(scales, dict):
        scales = {}
    for aspect in sipas.ASPECTS:
        labels = scales.get(aspect)
        if not (
            isinstance(labels, list)
            and len(labels) == len(sipas.SCALE)
            and all(isinstance(x, str) and x.strip() for x in labels)
        ):
            errors.append(_("Thang đo “%(aspect)s” phải có đúng 5 nhãn.") % {"aspect": aspect})
    elements = data.get("elements")
    clean: list[dict[str, str]] = []
    if not isinstance(elements, list) or not elements:
        errors.append(_("Mẫu phiếu phải có ít nhất một yếu tố."))
        elements = []
    seen: set[str] = set()
    for i, element in enumerate(elements, 1):
        where = _("Yếu tố %(n)d: ") % {"n": i}
        if not isinstance(element, dict):
            errors.append(where + _("phải là một đối tượng."))
            continue
        key = element.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            errors.append(where + _("mã yếu tố chỉ gồm chữ thường không dấu và “_”."))
        elif key in seen:
            errors.append(where + _("mã “%(key)s” bị trùng.") % {"key": key})
        else:
            seen.add(key)
        row = {"key": str(key)}
        for field in ("label", *sipas.ASPECTS):
            row[field] = _text(element, field, errors, where)
        clean.append(row)
    if errors:
        raise TemplateFileError(errors)
    return ParsedTemplate(
        name=name,
        years=sorted(set(years)),
        source=str(data.get("source") or "").strip(),
        source_status=str(status),
        source_note=str(data.get("source_note") or "").strip(),
        satisfied_levels=sorted(set(levels)),
        overall_rule=str(rule),
        scales={a: [str(x).strip() for x in scales[a]] for a in sipas.ASPECTS},
        elements=clean,
    )


@transaction.atomic
def do_import_template(
    *, actor: Any, content: bytes | str, file_name: str = ""
) -> list[SurveyTemplate]:
    """Import a template file: a new version for each of its years."""
    parsed = parse(content)
    created: list[SurveyTemplate] = []
    for year in parsed.years:
        latest = SurveyTemplate.objects.filter(year=year).aggregate(v=Max("version"))["v"] or 0
        template = SurveyTemplate.objects.create(
            year=year,
            version=latest + 1,
            name=parsed.name,
            source=parsed.source,
            source_status=parsed.source_status,
            source_note=parsed.source_note,
            satisfied_levels=parsed.satisfied_levels,
            overall_rule=parsed.overall_rule,
            scales=parsed.scales,
            file_name=file_name[:255],
        )
        TemplateElement.objects.bulk_create(
            TemplateElement(template=template, position=i, **row)
            for i, row in enumerate(parsed.elements, 1)
        )
        record_audit(
            actor,
            "survey.template_import",
            template,
            f"Mẫu phiếu SIPAS {year} phiên bản {template.version} ({file_name})",
            {"year": year, "version": template.version, "file": file_name},
        )
        created.append(template)
    return created


def load_shipped(actor: Any = None) -> int:
    """Import each shipped file whose years have no template from it yet (idempotent)."""
    count = 0
    for path in sorted(SHIPPED.glob("*.json")):
        content = path.read_text(encoding="utf-8")
        years = parse(content).years
        if SurveyTemplate.objects.filter(year__in=years, file_name=path.name).exists():
            continue
        count += len(do_import_template(actor=actor, content=content, file_name=path.name))
    return count


def template_for(year: int) -> SurveyTemplate | None:
    """The template new surveys of ``year`` use: that year's highest version."""
    return SurveyTemplate.objects.filter(year=year).order_by("-version").first()
