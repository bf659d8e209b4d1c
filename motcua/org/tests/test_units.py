from datetime import date

import pytest
from django.core.exceptions import ValidationError

from motcua.core.models import AuditEntry
from motcua.org.actions import do_merge_units
from motcua.org.choices import Role, UnitKind
from motcua.org.models import Membership, Unit, User
from motcua.org.validators import validate_electronic_id
from motcua.testing.factories import ProcedureFactory, UnitFactory, staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("code", ["000.00.06.H56", "123.45.67.G12", "000.01.40.H99"])
def test_valid_electronic_id_codes_are_accepted(code):
    validate_electronic_id(code)


@pytest.mark.parametrize(
    "code",
    [
        "",
        "000.00.06",
        "00.00.06.H56",
        "000.00.06.h56",
        "000-00-06-H56",
        "000.00.06.H5",
        "000.00.06.56H",
    ],
)
def test_malformed_electronic_id_codes_are_rejected(code):
    with pytest.raises(ValidationError) as exc:
        validate_electronic_id(code)
    assert exc.value.error_list[0].code == "invalid_electronic_id"


def test_tree_paths_follow_moves(province, commune):
    hamlet = UnitFactory(parent=commune, kind=UnitKind.DIVISION)
    assert hamlet.path == f"/{province.pk}/{commune.pk}/{hamlet.pk}/"
    assert hamlet.depth == 2
    other = UnitFactory(parent=province)
    commune.parent = other
    commune.save()
    hamlet.refresh_from_db()
    assert hamlet.path == f"/{province.pk}/{other.pk}/{commune.pk}/{hamlet.pk}/"
    assert list(hamlet.ancestors()) == [province, other, commune]


def test_clerk_sees_only_own_unit(clerk, commune, other_commune):
    assert list(Unit.objects.restrict(clerk, "view")) == [commune]


def test_monitor_sees_whole_subtree_read_only(
    monitor, province, commune, other_commune, department
):
    visible = set(Unit.objects.restrict(monitor, "view"))
    assert visible == {province, commune, other_commune, department}
    assert not Unit.objects.restrict(monitor, "change").exists()


def test_commune_admin_changes_only_own_subtree(commune_admin, commune, other_commune):
    assert list(Unit.objects.restrict(commune_admin, "change")) == [commune]


def test_citizen_sees_no_units_but_the_public_directory(citizen, commune):
    assert not Unit.objects.restrict(citizen, "view").exists()
    assert commune in Unit.objects.restrict(citizen, "public")


def test_staff_list_is_scoped(clerk, specialist, other_commune, citizen):
    stranger = staff(other_commune, Role.CLERK, username="nguoila")
    visible = set(User.objects.restrict(clerk, "view"))
    assert {clerk, specialist} <= visible
    assert stranger not in visible
    assert citizen not in visible
    assert list(User.objects.restrict(citizen, "view")) == [citizen]


def test_merge_creates_successor_and_closes_predecessors(
    province, commune, other_commune, clerk, admin_user
):
    hamlet = UnitFactory(parent=commune, kind=UnitKind.DIVISION, name="Bộ phận một cửa")
    procedure = ProcedureFactory()
    procedure.units.set([commune, other_commune])

    result = do_merge_units(
        [commune, other_commune],
        name="UBND xã An Phú",
        code="000.03.40.H99",
        kind=UnitKind.COMMUNE,
        parent=province,
        effective=date(2025, 7, 1),
        actor=admin_user,
    )

    new = result.successor
    commune.refresh_from_db()
    other_commune.refresh_from_db()
    hamlet.refresh_from_db()
    assert commune.valid_to == date(2025, 6, 30)
    assert other_commune.valid_to == date(2025, 6, 30)
    assert new.valid_from == date(2025, 7, 1)
    assert set(new.predecessors.all()) == {commune, other_commune}
    assert hamlet.parent == new and hamlet.path.startswith(new.path)
    assert result.moved_children == 1
    # The clerk keeps her role, now in the new unit; the old role is closed, not deleted.
    assert Membership.objects.get(user=clerk, is_active=True).unit == new
    assert Membership.objects.filter(user=clerk, unit=commune, is_active=False).exists()
    # The catalogue follows: the new unit settles what its predecessors settled.
    assert new in procedure.units.all()
    # Statistics follow through the lineage.
    assert new.lineage_ids() == {new.pk, commune.pk, other_commune.pk}
    assert AuditEntry.objects.filter(verb="unit.merge", object_id=str(new.pk)).exists()


def test_merge_refuses_reused_code_and_writes_nothing(province, commune, other_commune):
    with pytest.raises(ValidationError) as exc:
        do_merge_units(
            [commune],
            name="X",
            code=other_commune.code,
            kind=UnitKind.COMMUNE,
            parent=province,
            effective=date(2025, 7, 1),
        )
    assert exc.value.code == "duplicate_code"
    commune.refresh_from_db()
    assert commune.valid_to is None
    assert Unit.objects.count() == 3


def test_merge_refuses_a_unit_already_closed(province, commune):
    commune.valid_to = date(2024, 12, 31)
    commune.save()
    with pytest.raises(ValidationError) as exc:
        do_merge_units(
            [commune],
            name="X",
            code="000.09.40.H99",
            kind=UnitKind.COMMUNE,
            parent=province,
            effective=date(2025, 7, 1),
        )
    assert exc.value.code == "inactive_predecessor"


def test_merge_page_for_admin(as_user, admin_user, province, commune, other_commune):
    client = as_user(admin_user)
    response = client.post(
        "/units/merge/",
        {
            "predecessors": [commune.pk, other_commune.pk],
            "name": "UBND xã An Phú",
            "code": "000.03.40.H99",
            "kind": "commune",
            "parent": province.pk,
            "effective": "2025-07-01",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/units/000.03.40.H99/"
    page = client.get("/units/000.03.40.H99/")
    assert "UBND xã An Bình" in page.content.decode()  # predecessor shown in history


def test_merge_page_reports_bad_code_in_vietnamese(as_user, admin_user, province, commune):
    response = as_user(admin_user).post(
        "/units/merge/",
        {
            "predecessors": [commune.pk],
            "name": "X",
            "code": "abc",
            "kind": "commune",
            "parent": province.pk,
            "effective": "2025-07-01",
        },
    )
    assert response.status_code == 400
    assert "không đúng dạng ABC.DE.FG.HIJ" in response.content.decode()
    commune.refresh_from_db()
    assert commune.valid_to is None


def test_merge_page_forbidden_to_clerk(as_user, clerk):
    assert as_user(clerk).get("/units/merge/").status_code == 403


def test_unit_page_outside_scope_is_not_found(as_user, clerk, other_commune):
    assert as_user(clerk).get(f"/units/{other_commune.code}/").status_code == 404


def test_units_api_requires_login_and_is_scoped(client, as_user, clerk, commune, other_commune):
    anonymous = client.get("/api/v1/units")
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthenticated"
    codes = [u["code"] for u in as_user(clerk).get("/api/v1/units").json()]
    assert codes == [commune.code]
    assert as_user(clerk).get(f"/api/v1/units/{other_commune.code}").status_code == 404
