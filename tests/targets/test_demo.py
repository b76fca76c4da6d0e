"""`manage.py load_demo`: the seed committees, their targets and users, and idempotence."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from districts.models import Committee, Membership, Term
from targets import demo
from targets.models import AnnualPlan, Measurement, Programme, QuarterlyReport, Target
from tests.conftest import _Discard

MODELS = [Committee, Term, Membership, Programme, Target, AnnualPlan, Measurement, QuarterlyReport]


def snapshot() -> dict:
    """Every row of every model, and the size of every history table. A term's data version is
    left out: load_demo moves it forward on purpose (no cached result may outlive a reload)."""
    data = {
        model.__name__: sorted(
            model.objects.values_list(
                *(f.attname for f in model._meta.concrete_fields if f.name != "data_version")
            )
        )
        for model in MODELS
    }
    for model in (Target, AnnualPlan, Measurement, QuarterlyReport):
        data[f"{model.__name__} history"] = model.history.count()
    data["users"] = sorted(get_user_model().objects.values_list("username", "password"))
    data["groups"] = sorted(get_user_model().objects.values_list("username", "groups__name"))
    return data


def test_running_it_twice_leaves_the_same_data(demo_module, db):
    before = snapshot()
    call_command("load_demo", stdout=_Discard())
    assert snapshot() == before


def test_it_builds_the_city_and_the_five_seed_committees(demo_module, db):
    codes = set(Committee.objects.filter(parent__code="HANOI").values_list("code", flat=True))
    assert codes == {"TAYHO", "HOANGMAI", "CAUGIAY", "NAMTULIEM", "THUONGTIN"}
    for code in codes:
        term = Term.objects.get(committee__code=code)
        assert term.label == "2020-2025"
        assert 10 <= term.targets.count() <= 25
    assert Term.objects.get(committee__code="TAYHO").congress_roman == "VI"
    assert Term.objects.get(committee__code="THUONGTIN").congress_roman == "XXIV"
    assert Programme.objects.filter(term__committee__code="TAYHO").count() == 6
    assert Programme.objects.filter(term__committee__code="THUONGTIN").count() == 9


def test_figures_run_through_2022_q4(demo_module, db):
    years = set(Measurement.objects.values_list("year", flat=True))
    assert years == {2020, 2021, 2022}
    assert Measurement.objects.filter(year=2022, quarter=4).exists()


def test_district_targets_contribute_to_the_city_s(demo_module, db):
    city_revenue = Target.objects.get(term__committee__code="HANOI", code="TP01")
    children = city_revenue.children.values_list("term__committee__code", flat=True)
    assert set(children) == {"TAYHO", "HOANGMAI", "CAUGIAY", "NAMTULIEM", "THUONGTIN"}


@pytest.mark.parametrize(
    ("username", "committee", "role"),
    [
        ("thanhuy", "HANOI", "viewer"),
        ("tonghop", "HANOI", "reviewer"),
        ("tayho", "TAYHO", "editor"),
        ("hoangmai", "HOANGMAI", "editor"),
    ],
)
def test_one_user_per_role(demo_module, db, username, committee, role):
    user = get_user_model().objects.get(username=username)
    assert user.check_password(demo.DEMO_PASSWORD)
    assert user.memberships.get().committee.code == committee
    assert user.memberships.get().role == role


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("tayho", "/admin/targets/measurement/add/", "/admin/targets/target/add/"),
        ("thanhuy", "/admin/targets/target/", "/admin/targets/measurement/add/"),
        ("tonghop", "/admin/targets/quarterlyreport/", "/admin/targets/target/add/"),
    ],
)
def test_demo_users_use_the_admin_within_their_role(
    demo_module, db, client, username, allowed, refused
):
    client.force_login(get_user_model().objects.get(username=username))
    assert client.get(allowed).status_code == 200
    assert client.get(refused).status_code == 403


def test_a_district_editor_sees_only_its_figures_in_the_admin(demo_module, db, client):
    client.force_login(get_user_model().objects.get(username="tayho"))
    page = client.get("/admin/targets/target/?all=").content.decode()
    assert "Thu ngân sách nhà nước trên địa bàn" in page
    hoangmai = Target.objects.get(term__committee__code="HOANGMAI", code="CT01")
    assert client.get(f"/admin/targets/target/{hoangmai.pk}/change/").status_code == 404
    figure = hoangmai.measurements.first()
    assert client.get(f"/admin/targets/measurement/{figure.pk}/change/").status_code == 404
    tayho = Target.objects.get(term__committee__code="TAYHO", code="CT02")
    assert client.get(f"/admin/targets/target/{tayho.pk}/change/").status_code == 200


def test_the_admin_is_a_superuser(demo_module, db):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(demo.DEMO_PASSWORD)


def test_it_prints_the_password(db, capsys):
    call_command("load_demo")
    assert demo.DEMO_PASSWORD in capsys.readouterr().out
