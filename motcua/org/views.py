from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.core.querysets import get_restricted_or_404
from motcua.org.actions import do_merge_units
from motcua.org.forms import MergeUnitsForm
from motcua.org.models import Membership, Unit


@login_required
def unit_list(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.restrict(request.user, "view").select_related("parent")
    show_closed = request.GET.get("closed") == "1"
    if not show_closed:
        units = units.active_on()
    can_merge = Unit.objects.restrict(request.user, "change").exists()
    return render(
        request,
        "org/unit_list.html",
        {"units": units, "show_closed": show_closed, "can_merge": can_merge},
    )


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_restricted_or_404(Unit.objects.all(), request.user, "view", code=code)
    staff = (
        Membership.objects.restrict(request.user, "view")
        .active()
        .filter(unit=unit)
        .select_related("user")
        .order_by("role")
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "staff": staff,
            "children": unit.children.order_by("name"),
            "predecessors": unit.predecessors.all(),
            "successors": unit.successors.all(),
            "ancestors": unit.ancestors(),
        },
    )


@login_required
def merge_units(request: HttpRequest) -> HttpResponse:
    units = Unit.objects.restrict(request.user, "change")
    if not units.exists():
        raise PermissionDenied(_("Chỉ quản trị hệ thống được sáp nhập đơn vị."))
    form = MergeUnitsForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = do_merge_units(
                list(data["predecessors"]),
                name=data["name"],
                code=data["code"],
                kind=data["kind"],
                parent=data["parent"],
                effective=data["effective"],
                actor=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _(
                    "Đã sáp nhập thành %(name)s: %(children)d đơn vị trực thuộc và %(staff)d "
                    "phân công cán bộ được chuyển sang."
                )
                % {
                    "name": result.successor.name,
                    "children": result.moved_children,
                    "staff": result.moved_memberships,
                },
            )
            return redirect("org:unit_detail", code=result.successor.code)
    return render(request, "org/merge.html", {"form": form}, status=400 if form.errors else 200)
