"""`manage.py load_demo`: the seed committees, their targets and users, and idempotence."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from districts.models import Committee, Membership, Term
from targets import demo
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Revision, Target
from tests.conftest import _Discard

MODELS = [
    Committee,
    Term,
    Membership,
    Programme,
    Target,
    AnnualPlan,
    Figure,
    QuarterlyReport,
    Revision,
]
HISTORY = "2020-2025"


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
    for model in (Target, AnnualPlan, Figure, QuarterlyReport, Revision):
        data[f"{model.__name__} history"] = model.history.count()
    data["users"] = sorted(get_user_model().objects.values_list("username", "password"))
    data["groups"] = sorted(get_user_model().objects.values_list("username", "groups__name"))
    return data


def test_running_it_twice_leaves_the_same_data(demo_module, db):
    before = snapshot()
    call_command("load_demo", stdout=_Discard())
    assert snapshot() == before


def test_it_builds_the_city_and_the_five_seed_committees(demo_module, db):
    codes = set(
        Term.objects.filter(committee__parent__code="HANOI", start_year=2020).values_list(
            "committee__code", flat=True
        )
    )
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
    history = Figure.objects.filter(target__term__start_year=2020)
    assert set(history.values_list("year", flat=True)) == {2020, 2021, 2022}
    assert history.filter(year=2022, quarter=4).exists()


def test_district_targets_contribute_to_the_city_s(demo_module, db):
    city_revenue = Target.objects.get(
        term__committee__code="HANOI", term__start_year=2020, code="TP01"
    )
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
    membership = user.memberships.get(committee__code=committee)
    assert membership.role == role


@pytest.mark.parametrize(
    ("username", "allowed", "refused"),
    [
        ("tayho", "/admin/targets/figure/add/", "/admin/targets/target/add/"),
        ("thanhuy", "/admin/targets/target/", "/admin/targets/figure/add/"),
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
    figure = hoangmai.figures.first()
    assert client.get(f"/admin/targets/figure/{figure.pk}/change/").status_code == 404
    tayho = Target.objects.get(term__committee__code="TAYHO", code="CT02")
    assert client.get(f"/admin/targets/target/{tayho.pk}/change/").status_code == 200


def test_the_admin_is_a_superuser(demo_module, db):
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(demo.DEMO_PASSWORD)


def test_it_prints_the_password(db, capsys):
    call_command("load_demo")
    assert demo.DEMO_PASSWORD in capsys.readouterr().out


PRESENT = {"PTAYHO", "PPHUTHUONG", "PHOANGMAI", "PCAUGIAY", "XTHUONGTIN"}


def test_the_present_is_the_city_s_term_2025_2030_with_wards_and_communes(demo_module, db):
    city = Term.objects.get(committee__code="HANOI", start_year=2025)
    assert (city.label, city.congress_roman) == ("2025-2030", "XVIII")
    below = set(
        Term.objects.filter(committee__parent__code="HANOI", start_year=2025).values_list(
            "committee__code", flat=True
        )
    )
    assert below == PRESENT
    levels = set(Committee.objects.filter(code__in=PRESENT).values_list("level", flat=True))
    assert levels == {"ward", "commune"}
    # The old districts take no part in the present term.
    for code in ("TAYHO", "HOANGMAI", "CAUGIAY", "NAMTULIEM", "THUONGTIN"):
        assert list(
            Term.objects.filter(committee__code=code).values_list("start_year", flat=True)
        ) == [2020]


def test_the_present_has_every_kind_of_target(demo_module, db):
    present = Target.objects.filter(term__start_year=2025)
    assert set(present.values_list("frequency", flat=True)) == {"quarter", "half_year", "year"}
    assert set(present.values_list("aggregation", flat=True)) >= {"sum", "latest", "ratio"}
    assert present.filter(direction="down").exists()
    assert present.filter(parent__term__committee__code="HANOI").count() >= 20
    revision = Revision.objects.get(basis__contains="12-NQ/ĐU")
    assert revision.target.term.committee.code == "PTAYHO"
    assert revision.basis.startswith("Nghị quyết số 12-NQ/ĐU")
    assert revision.target.plans.get(year=2026).value != revision.value  # the original stays
    figures = Figure.objects.filter(target__term__start_year=2025)
    assert figures.filter(numerator__isnull=False).exists()
    assert max(figures.values_list("year", "quarter")) == (2026, 3)
    # A yearly target has no figure in 2026 yet: it is not due before Q4.
    assert not figures.filter(target__frequency="year", year=2026).exists()


def test_the_latest_quarter_is_partly_handed_in(demo_module, db):
    statuses = dict(
        QuarterlyReport.objects.filter(term__start_year=2025, year=2026, quarter=3).values_list(
            "committee__code", "status"
        )
    )
    assert statuses["PTAYHO"] == "submitted"
    assert statuses["PPHUTHUONG"] == "approved"
    assert statuses["PHOANGMAI"] == "draft"
    assert "XTHUONGTIN" not in statuses
    earlier = QuarterlyReport.objects.filter(term__start_year=2025, year=2026, quarter=2)
    assert set(earlier.values_list("status", flat=True)) == {"approved"}


def test_the_editors_edit_the_wards_of_the_same_names(demo_module, db):
    for username, ward in (("tayho", "PTAYHO"), ("hoangmai", "PHOANGMAI")):
        user = get_user_model().objects.get(username=username)
        assert user.memberships.get(committee__code=ward).role == "editor"


def test_a_quarter_s_steps_are_dated_and_signed_as_the_cycle_writes_them(demo_module, db):
    report = QuarterlyReport.objects.get(committee__code="PTAYHO", year=2026, quarter=1)
    steps = [
        (step.history_user.username, step.status, step.history_date.date().isoformat())
        for step in QuarterlyReport.history.filter(id=report.pk).order_by("history_date")
    ]
    assert steps == [
        ("tayho", "draft", "2026-04-07"),
        ("tayho", "submitted", "2026-04-10"),
        ("tonghop", "approved", "2026-04-15"),
    ]
    assert report.reviewed_at.date().isoformat() == "2026-04-15"
    # The figures were entered after their quarter ended, not when the demo was loaded.
    dates = Figure.history.filter(target__term=report.term, year=2026, quarter=1).values_list(
        "history_date", flat=True
    )
    assert {each.date().isoformat() for each in dates} == {"2026-04-07"}
