"""Demo content of the PAR index and the directives, loaded from the data files in
``data/parindex/`` (see its README) through the same imports and actions administrators
use; the criteria trees are the examples the PAR index ships
(``motcua/parindex/data/trees/``). Idempotent: each part is skipped when it is already
there."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.directives import actions as directive_actions
from motcua.directives import actions_checks
from motcua.directives.models import Directive, Initiative, InspectionPlan
from motcua.indicators import receivers as indicator_receivers
from motcua.org.choices import UnitKind
from motcua.org.models import Unit, User
from motcua.parindex import actions, imports, plans, results, rules, treefile
from motcua.parindex.choices import RoundState
from motcua.parindex.models import CriteriaTree, Criterion, Round, UnitGroup

TREES = Path(treefile.__file__).parent / "data" / "trees"
DEMO = Path(__file__).parent / "data" / "parindex"
YEAR = 2025
ROUND_NAME = "Chỉ số CCHC năm 2025 của các sở, ban, ngành, xã, phường, đặc khu"
PROVINCE = "000.00.00.H56"


def _rows(name: str) -> list[dict[str, str]]:
    with (DEMO / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _matrix(name: str) -> list[list[str]]:
    with (DEMO / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _day(text: str) -> date:
    if text.startswith("+"):
        return timezone.localdate() + timedelta(days=int(text[1:]))
    return date.fromisoformat(text)


def load_units() -> None:
    province = _unit(PROVINCE)
    for row in _rows("units.csv"):
        Unit.objects.get_or_create(
            code=row["code"],
            defaults={"name": row["name"], "kind": UnitKind.OTHER, "parent": province},
        )


def load_groups_and_trees(actor: Any) -> list[UnitGroup]:
    groups = []
    for row in _rows("groups.csv"):
        group, _created = UnitGroup.objects.get_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "ranked": row["ranked"] == "1",
                "position": int(row["position"]),
            },
        )
        group.units.add(*Unit.objects.filter(code__in=row["units"].split()))
        if not CriteriaTree.objects.filter(year=YEAR, group=group).exists():
            criteria, bands = treefile.read_csv_pair(TREES / f"{row['tree']}.criteria.csv")
            treefile.do_import_tree(
                actor=actor,
                year=YEAR,
                group=group,
                name=row["tree_name"],
                criteria_rows=criteria,
                band_rows=bands,
                source_name=f"{row['tree']}.criteria.csv",
            )
        groups.append(group)
    return groups


def load_directives(office: User) -> None:
    if Directive.objects.filter(number="05/CT-UBND").exists():
        return
    directives = {}
    for row in _rows("directives.csv"):
        directives[row["number"]] = directive_actions.do_create_directive(
            actor=office,
            kind=row["kind"],
            number=row["number"],
            issued_on=date.fromisoformat(row["issued_on"]),
            signer=row["signer"],
            issuer=_unit(row["issuer"]),
            title=row["title"],
            summary=row["summary"],
        )
    for row in _rows("tasks.csv"):
        task = directive_actions.do_assign_task(
            directives[row["directive"]],
            actor=office,
            title=row["title"],
            lead_unit=_unit(row["lead_unit"]),
            co_units=[_unit(c) for c in row["co_units"].split()],
            deadline=_day(row["deadline"]),
            expected_result=row["expected_result"],
        )
        progress = int(row["progress"] or 0)
        if row["done_on"]:
            directive_actions.do_complete_task(
                task, actor=office, done_on=date.fromisoformat(row["done_on"])
            )
        elif progress:
            directive_actions.do_report_progress(
                task,
                actor=office,
                text=f"Đã thực hiện khoảng {progress}% khối lượng công việc.",
                progress=progress,
            )


def load_inspections(office: User) -> None:
    rows = _rows("inspections.csv")
    if InspectionPlan.objects.filter(name=rows[0]["plan"]).exists():
        return
    schedule = {}
    for row in rows:
        schedule.setdefault(row["unit"], date.fromisoformat(row["scheduled_on"]))
    plan = actions_checks.do_plan_inspections(
        actor=office,
        issuer=_unit(PROVINCE),
        year=int(rows[0]["year"]),
        name=rows[0]["plan"],
        schedule=[(_unit(code), day) for code, day in schedule.items()],
    )
    for code in schedule:
        unit_rows = [r for r in rows if r["unit"] == code]
        if not unit_rows[0]["done_on"]:
            continue
        inspection = plan.inspections.get(unit__code=code)
        actions_checks.do_record_inspection(
            inspection,
            actor=office,
            done_on=date.fromisoformat(unit_rows[0]["done_on"]),
            conclusion="Cơ bản thực hiện tốt công tác CCHC."
            if not unit_rows[0]["finding"]
            else "Còn một số tồn tại, hạn chế.",
            findings=[(r["finding"], date(YEAR, 9, 30)) for r in unit_rows if r["finding"]],
        )
        for finding, row in zip(
            inspection.findings.order_by("id"), [r for r in unit_rows if r["finding"]], strict=True
        ):
            if row["closed"] == "1":
                actions_checks.do_follow_up_finding(
                    finding, actor=office, text="Đơn vị đã khắc phục; kiểm tra lại đạt.", close=True
                )


def load_initiatives(office: User) -> None:
    if Initiative.objects.filter(year=YEAR).exists():
        return
    for row in _rows("initiatives.csv"):
        initiative = actions_checks.do_register_initiative(
            actor=None, unit=_unit(row["unit"]), year=int(row["year"]), title=row["title"]
        )
        actions_checks.do_evaluate_initiative(
            initiative,
            actor=office,
            outcome=row["state"],
            evaluation="Hội đồng sáng kiến tỉnh công nhận."
            if row["state"] == "recognised"
            else "Chưa có tính mới.",
        )


def _cells(name: str) -> list[tuple[str, str, str, dict[str, str]]]:
    """(number, reason, default, {unit code: cell}) of a matrix file."""
    table = _matrix(name)
    header = table[0]
    has_reason = header[1] == "Lý do"
    first = 3 if has_reason else 2
    out = []
    for row in table[1:]:
        out.append(
            (
                row[0],
                row[1] if has_reason else "",
                row[first - 1],
                dict(zip(header[first:], row[first:], strict=True)),
            )
        )
    return out


def load_round(office: User, groups: list[UnitGroup]) -> Round | None:
    if Round.objects.filter(year=YEAR, name=ROUND_NAME).exists():
        return None
    round_ = actions.do_open_round(
        actor=office, year=YEAR, name=ROUND_NAME, office=_unit(PROVINCE), groups=groups
    )
    round_ = actions.do_advance_round(round_, actor=office)
    evidence = (DEMO / "bao-cao-cchc-2025.pdf").read_bytes()
    codes = {g.code: list(g.units.values_list("code", flat=True)) for g in groups}
    manual = set(
        Criterion.objects.filter(
            tree__in=round_.groups.values("tree"), rule=rules.MANUAL
        ).values_list("tree_id", "number")
    )
    trees = {rg.group.code: rg.tree_id for rg in round_.groups.select_related("group")}
    rows: list[tuple[str, str, Decimal | None, str]] = []
    files = {}
    for group in groups:
        for number, _reason, default, cells in _cells(f"self-{YEAR}-{group.code}.csv"):
            for code in codes[group.code]:
                rows.append((code, number, Decimal(cells.get(code) or default), ""))
                if (trees[group.code], number) in manual:
                    files[(code, number)] = SimpleUploadedFile("bao-cao-cchc-2025.pdf", evidence)
    imports.do_import_self_assessment(round_, actor=None, rows=rows, evidence=files)
    actions.do_enter_survey(
        round_,
        actor=office,
        rows=[(r["unit"], r["key"], Decimal(r["value"])) for r in _rows(f"sipas-{YEAR}.csv")],
    )
    round_ = actions.do_advance_round(round_, actor=office)
    appraisal = []
    for group in groups:
        for number, reason, default, cells in _cells(f"appraisal-{YEAR}-{group.code}.csv"):
            for code in codes[group.code]:
                value = cells.get(code) or default
                if value != "-":
                    appraisal.append((code, number, Decimal(value), reason))
    imports.do_import_appraisal(round_, actor=office, rows=appraisal)
    return actions.do_advance_round(round_, actor=office, decision_number="125/QĐ-UBND")


def load_remediation(round_: Round) -> None:
    rows = _rows(f"remediation-{YEAR}.csv")
    participant = round_.participants.get(unit__code=rows[0]["unit"])
    if participant.plans.exists():
        return
    lost = {e["criterion"].number: e["score"] for e in results.lost_points(participant)}
    head = User.objects.filter(
        memberships__unit=participant.unit, memberships__role="unit_head"
    ).first()
    plans.do_make_remediation_plan(
        participant,
        actor=head,
        number=rows[0]["number"],
        issued_on=date.fromisoformat(rows[0]["issued_on"]),
        signer=rows[0]["signer"],
        items=[
            plans.PlanItem(
                score=lost[r["criterion"]],
                lead_unit=_unit(r["lead_unit"]),
                co_units=[_unit(c) for c in r["co_units"].split()],
                deadline=date.fromisoformat(r["deadline"]),
                expected_result=r["expected_result"],
            )
            for r in rows
            if r["criterion"] in lost
        ],
    )


def load() -> dict[str, int]:
    office = User.objects.get(username="cchc.sonoivu")
    load_units()
    groups = load_groups_and_trees(office)
    load_directives(office)
    load_inspections(office)
    load_initiatives(office)
    # The round is scored from the indicators of 2025: the aggregates of the history just
    # imported in this same transaction must be there first (they are otherwise refreshed
    # only after the commit, and every data-decided leaf would read N/A).
    indicator_receivers.flush_now()
    created = load_round(office, groups)
    round_ = Round.objects.filter(year=YEAR, name=ROUND_NAME, state=RoundState.PUBLISHED).first()
    if round_ is not None:
        load_remediation(round_)
    return {"created_par_rounds": int(created is not None)}
