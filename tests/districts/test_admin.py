"""The Django admin: every model reachable, and a staff user limited to their committees."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission

from districts.access import (
    ADD_UNDER_YOURS,
    MOVE_UNDER_YOURS,
    NOT_YOUR_OWN,
    ROLE_NOT_YOURS,
    UNDER_ITSELF,
)
from districts.models import Committee, Membership
from targets.counts import DENOMINATOR_POSITIVE
from targets.cycle import NOT_A_REVIEWER
from targets.models import Figure, Revision, Target
from tests.factories import (
    make_figure,
    make_membership,
    make_plan,
    make_ratio_target,
    make_report,
    make_revision,
    make_target,
    make_user,
)

ADMIN_MODELS = [
    "districts/committee",
    "districts/term",
    "districts/membership",
    "targets/programme",
    "targets/target",
    "targets/annualplan",
    "targets/figure",
    "targets/quarterlyreport",
    "targets/revision",
]


@pytest.fixture
def two_districts(tayho_term, hoangmai_term):
    tayho_target = make_target(tayho_term, code="CT01", name="Thu ngân sách Tây Hồ")
    hoangmai_target = make_target(hoangmai_term, code="CT01", name="Thu ngân sách Hoàng Mai")
    for target in (tayho_target, hoangmai_target):
        make_plan(target, 2021, 100)
        make_figure(target, 2021, 1, 25)
    make_report(tayho_term, 2021, 1)
    make_report(hoangmai_term, 2021, 1)
    return tayho_target, hoangmai_target


@pytest.fixture
def tayho_staff(tayho):
    """A staff user (not a superuser) of Tây Hồ with every model permission of the project."""
    user = make_user("tayho_staff", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["districts", "targets"])
    )
    make_membership(user, tayho, Membership.Role.EDITOR)
    return user


class TestSuperuser:
    @pytest.mark.parametrize("model", ADMIN_MODELS)
    def test_every_model_has_a_changelist(self, client, admin_user, two_districts, model):
        client.force_login(admin_user)
        response = client.get(f"/admin/{model}/")
        assert response.status_code == 200

    def test_a_target_shows_its_plans_and_figures_inline(self, client, admin_user, two_districts):
        client.force_login(admin_user)
        response = client.get(f"/admin/targets/target/{two_districts[0].pk}/change/")
        assert response.status_code == 200
        assert b"plans-0-value" in response.content
        # Figures are shown, but written only on their own page, where the cycle's rule is
        # asked: the inline has no inputs for them.
        assert b"figures-0-value" not in response.content
        assert "25,0000" in response.content.decode()

    def test_history_is_visible(self, client, admin_user, two_districts):
        figure = Figure.objects.get(target=two_districts[0])
        figure.value = 30
        figure._history_user = admin_user
        figure.save()
        client.force_login(admin_user)
        response = client.get(f"/admin/targets/figure/{figure.pk}/history/")
        assert response.status_code == 200
        assert admin_user.username in response.content.decode()

    def test_saving_a_figure_records_who(self, client, admin_user, two_districts):
        figure = Figure.objects.get(target=two_districts[0])
        client.force_login(admin_user)
        response = client.post(
            f"/admin/targets/figure/{figure.pk}/change/",
            {"target": figure.target_id, "year": 2021, "quarter": 1, "value": "26,5", "note": ""},
        )
        assert response.status_code == 302
        figure.refresh_from_db()
        assert str(figure.value) == "26.5000"
        assert figure.updated_by == admin_user
        assert figure.history.first().history_user == admin_user


class TestScopedStaff:
    def test_it_lists_only_covered_committees(self, client, tayho_staff, two_districts):
        client.force_login(tayho_staff)
        page = client.get("/admin/districts/committee/").content.decode()
        assert "Đảng bộ quận Tây Hồ" in page
        assert "Đảng bộ quận Hoàng Mai" not in page

    def test_it_lists_only_the_committee_s_targets(self, client, tayho_staff, two_districts):
        client.force_login(tayho_staff)
        page = client.get("/admin/targets/target/").content.decode()
        assert "Thu ngân sách Tây Hồ" in page
        assert "Thu ngân sách Hoàng Mai" not in page

    @pytest.mark.parametrize("model", ["targets/target", "targets/figure"])
    def test_another_committee_s_rows_cannot_be_opened(
        self, client, tayho_staff, two_districts, model
    ):
        other = two_districts[1]
        pk = other.pk if model == "targets/target" else other.figures.get().pk
        client.force_login(tayho_staff)
        # Outside the user's memberships: missing, as everywhere else (404, not a redirect).
        assert client.get(f"/admin/{model}/{pk}/change/").status_code == 404
        assert client.get(f"/admin/{model}/{pk}/history/").status_code == 404

    def test_another_committee_s_figure_cannot_be_changed(self, client, tayho_staff, two_districts):
        figure = two_districts[1].figures.get()
        client.force_login(tayho_staff)
        client.post(
            f"/admin/targets/figure/{figure.pk}/change/",
            {"target": figure.target_id, "year": 2021, "quarter": 1, "value": "99"},
        )
        figure.refresh_from_db()
        assert figure.value == 25

    def test_foreign_key_choices_are_scoped(self, client, tayho_staff, two_districts):
        client.force_login(tayho_staff)
        page = client.get("/admin/targets/programme/add/").content.decode()
        assert "TAYHO 2020-2025" in page
        assert "HOANGMAI 2020-2025" not in page

    @pytest.mark.parametrize("model", ADMIN_MODELS)
    def test_every_changelist_opens(self, client, tayho_staff, two_districts, model):
        client.force_login(tayho_staff)
        assert client.get(f"/admin/{model}/").status_code == 200


class TestCoverage:
    def test_a_membership_covers_its_committee_and_every_one_below(self, city, tayho, hoangmai):
        viewer = make_user()
        make_membership(viewer, city)
        ward = Committee.objects.create(code="W1", name="Phường 1", level="ward", parent=tayho)
        assert set(Committee.objects.covered_by(viewer)) == {city, tayho, hoangmai, ward}

    def test_a_district_membership_does_not_cover_its_siblings(self, tayho, hoangmai, city):
        editor = make_user()
        make_membership(editor, tayho, Membership.Role.EDITOR)
        assert list(Committee.objects.covered_by(editor)) == [tayho]

    def test_no_membership_covers_nothing(self, outsider, tayho):
        assert not Committee.objects.covered_by(outsider).exists()

    def test_covered_by_is_one_query(self, city, tayho, hoangmai, django_assert_num_queries):
        viewer = make_user()
        make_membership(viewer, city)
        with django_assert_num_queries(1):
            assert (
                len(Target.objects.filter(term__committee__in=Committee.objects.covered_by(viewer)))
                == 0
            )


class TestCommitteePlacement:
    """Staff who are not superusers add and move committees only under the ones they cover;
    nobody places a committee under itself."""

    def post(self, client, url, **fields):
        data = {"code": "PHUTHUONG", "name": "Đảng bộ phường Phú Thượng", "level": "ward",
                "parent": "", **fields}  # fmt: skip
        return client.post(url, data)

    @pytest.mark.parametrize("parent", ["", "HANOI", "HOANGMAI"])
    def test_staff_cannot_add_a_committee_outside_their_own(
        self, client, tayho_staff, city, hoangmai, parent
    ):
        client.force_login(tayho_staff)
        parent_pk = Committee.objects.get(code=parent).pk if parent else ""
        before = Committee.objects.count()
        response = self.post(client, "/admin/districts/committee/add/", parent=parent_pk)
        assert str(ADD_UNDER_YOURS) in response.content.decode()
        assert Committee.objects.count() == before

    def test_staff_add_a_committee_under_their_own(self, client, tayho_staff, tayho):
        client.force_login(tayho_staff)
        response = self.post(client, "/admin/districts/committee/add/", parent=tayho.pk)
        assert response.status_code == 302
        assert Committee.objects.get(code="PHUTHUONG").parent == tayho

    @pytest.mark.parametrize("parent", ["", "HOANGMAI"])
    def test_staff_cannot_move_their_committee_out(self, client, tayho_staff, hoangmai, parent):
        client.force_login(tayho_staff)
        tayho = Committee.objects.get(code="TAYHO")
        parent_pk = Committee.objects.get(code=parent).pk if parent else ""
        response = self.post(client, f"/admin/districts/committee/{tayho.pk}/change/",
                             code="TAYHO", name="Tây Hồ", level=tayho.level,
                             parent=parent_pk)  # fmt: skip
        assert str(MOVE_UNDER_YOURS) in response.content.decode()
        tayho.refresh_from_db()
        assert (tayho.parent.code, tayho.name) == ("HANOI", "Đảng bộ quận Tây Hồ")

    def test_staff_rename_their_committee_and_it_keeps_its_parent(self, client, tayho_staff):
        client.force_login(tayho_staff)
        tayho = Committee.objects.get(code="TAYHO")
        response = self.post(client, f"/admin/districts/committee/{tayho.pk}/change/",
                             code="TAYHO", name="Tây Hồ", level=tayho.level,
                             parent=tayho.parent_id)  # fmt: skip
        assert response.status_code == 302
        tayho.refresh_from_db()
        assert (tayho.parent.code, tayho.name) == ("HANOI", "Tây Hồ")

    def test_nobody_places_a_committee_under_one_below_it(self, client, admin_user, tayho):
        ward = Committee.objects.create(code="W", name="Phường", level="ward", parent=tayho)
        client.force_login(admin_user)
        response = self.post(client, f"/admin/districts/committee/{tayho.pk}/change/",
                             code="TAYHO", name="Tây Hồ", level=tayho.level,
                             parent=ward.pk)  # fmt: skip
        assert str(UNDER_ITSELF) in response.content.decode()
        tayho.refresh_from_db()
        assert tayho.parent.code == "HANOI"

    def test_a_superuser_adds_a_top_level_committee(self, client, admin_user, db):
        client.force_login(admin_user)
        response = self.post(client, "/admin/districts/committee/add/", level="city")
        assert response.status_code == 302
        assert Committee.objects.get(code="PHUTHUONG").parent is None


@pytest.fixture
def tayho_reviewer_staff(city):
    """A staff reviewer at the city, with every model permission of the project."""
    user = make_user("tonghop_staff", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=["districts", "targets"])
    )
    make_membership(user, city, Membership.Role.REVIEWER)
    return user


REVISION_FORM = {
    "plan_year": "",
    "value": "480",
    "from_year": "2023",
    "from_quarter": "2",
    "basis": "Nghị quyết số 15-NQ/QU ngày 07/4/2023",
}


class TestRevisions:
    """Reviewers and administrators enter revisions; editors do not (targets.cycle)."""

    def test_a_reviewer_enters_a_revision_and_the_original_stays(
        self, client, tayho_reviewer_staff, two_districts
    ):
        target = two_districts[0]
        client.force_login(tayho_reviewer_staff)
        response = client.post(
            "/admin/targets/revision/add/", {"target": target.pk, **REVISION_FORM}
        )
        assert response.status_code == 302, response.content.decode()
        revision = Revision.objects.get()
        assert (revision.value, revision.created_by) == (480, tayho_reviewer_staff)
        assert revision.history.get().history_user == tayho_reviewer_staff
        target.refresh_from_db()
        assert target.term_target is None

    def test_an_editor_s_revision_is_refused_with_the_rule_s_message(
        self, client, tayho_staff, two_districts
    ):
        target = two_districts[0]
        client.force_login(tayho_staff)
        response = client.post(
            "/admin/targets/revision/add/", {"target": target.pk, **REVISION_FORM}
        )
        assert response.status_code == 200
        expected = str(NOT_A_REVIEWER) % {"committee": target.term.committee.name}
        assert expected in response.content.decode()
        assert not Revision.objects.exists()

    def test_an_editor_sees_a_revision_read_only(self, client, tayho_staff, two_districts):
        revision = make_revision(two_districts[0], 480, 2023, 2)
        client.force_login(tayho_staff)
        response = client.post(
            f"/admin/targets/revision/{revision.pk}/change/",
            {"target": revision.target_id, **REVISION_FORM, "value": "1"},
        )
        assert response.status_code == 403
        revision.refresh_from_db()
        assert revision.value == 480

    def test_another_committee_s_revision_is_404(self, client, tayho_staff, two_districts):
        revision = make_revision(two_districts[1], 480, 2023, 2)
        client.force_login(tayho_staff)
        assert client.get(f"/admin/targets/revision/{revision.pk}/change/").status_code == 404

    def test_a_year_outside_the_term_is_refused_beside_its_field(
        self, client, tayho_reviewer_staff, two_districts
    ):
        client.force_login(tayho_reviewer_staff)
        response = client.post(
            "/admin/targets/revision/add/",
            {"target": two_districts[0].pk, **REVISION_FORM, "from_year": "2027"},
        )
        assert response.status_code == 200
        assert "2027" in response.content.decode()
        assert not Revision.objects.exists()


class TestRatioFiguresInTheAdmin:
    def test_the_value_of_a_ratio_figure_comes_from_its_counts(
        self, client, admin_user, tayho_term
    ):
        target = make_ratio_target(tayho_term, code="CT20")
        client.force_login(admin_user)
        response = client.post(
            "/admin/targets/figure/add/",
            {
                "target": target.pk,
                "year": "2021",
                "quarter": "4",
                "value": "",
                "numerator": "26",
                "denominator": "27",
                "note": "",
            },
        )
        assert response.status_code == 302, response.content.decode()
        figure = Figure.objects.get()
        assert (figure.numerator, figure.denominator, figure.value) == (26, 27, Decimal("96.2963"))

    def test_a_zero_denominator_is_refused(self, client, admin_user, tayho_term):
        target = make_ratio_target(tayho_term, code="CT20")
        client.force_login(admin_user)
        response = client.post(
            "/admin/targets/figure/add/",
            {"target": target.pk, "year": "2021", "quarter": "4", "value": "",
             "numerator": "3", "denominator": "0", "note": ""},
        )  # fmt: skip
        assert response.status_code == 200
        assert str(DENOMINATOR_POSITIVE) in response.content.decode()
        assert not Figure.objects.exists()

    def test_another_target_still_needs_its_value(self, client, admin_user, tayho_term):
        target = make_target(tayho_term, code="CT02")
        client.force_login(admin_user)
        response = client.post(
            "/admin/targets/figure/add/",
            {"target": target.pk, "year": "2021", "quarter": "4", "value": "", "note": ""},
        )
        assert response.status_code == 200
        assert not Figure.objects.exists()


class TestMembershipGrants:
    """Staff who may manage memberships never raise their own rights: they do not grant or
    change their own memberships, and grant only a role they hold at the committee or above."""

    def post(self, client, url, *, user, committee, role):
        return client.post(url, {"user": user.pk, "committee": committee.pk, "role": role})

    @pytest.fixture
    def ward(self, tayho):
        return Committee.objects.create(code="W1", name="Phường 1", level="ward", parent=tayho)

    @pytest.mark.parametrize("role", ["viewer", "editor", "reviewer"])
    def test_staff_cannot_grant_themselves_a_membership(self, client, tayho_staff, ward, role):
        client.force_login(tayho_staff)
        before = list(Membership.objects.values_list("user", "committee", "role"))
        response = self.post(client, "/admin/districts/membership/add/",
                             user=tayho_staff, committee=ward, role=role)  # fmt: skip
        assert response.status_code == 200
        assert str(NOT_YOUR_OWN) in response.content.decode()
        assert list(Membership.objects.values_list("user", "committee", "role")) == before

    def test_staff_cannot_raise_their_own_membership(self, client, tayho_staff, tayho):
        client.force_login(tayho_staff)
        own = Membership.objects.get(user=tayho_staff)
        response = self.post(client, f"/admin/districts/membership/{own.pk}/change/",
                             user=tayho_staff, committee=tayho, role="reviewer")  # fmt: skip
        assert str(NOT_YOUR_OWN) in response.content.decode()
        assert Membership.objects.get(pk=own.pk).role == Membership.Role.EDITOR

    def test_staff_cannot_hand_their_membership_to_another(self, client, tayho_staff, tayho):
        other = make_user("accomplice")
        client.force_login(tayho_staff)
        own = Membership.objects.get(user=tayho_staff)
        response = self.post(client, f"/admin/districts/membership/{own.pk}/change/",
                             user=other, committee=tayho, role="editor")  # fmt: skip
        assert str(NOT_YOUR_OWN) in response.content.decode()
        assert Membership.objects.get(pk=own.pk).user == tayho_staff

    def test_staff_cannot_remove_their_own_membership(self, client, tayho_staff):
        client.force_login(tayho_staff)
        own = Membership.objects.get(user=tayho_staff)
        url = f"/admin/districts/membership/{own.pk}/delete/"
        assert client.post(url, {"post": "yes"}).status_code == 403
        bulk = client.post("/admin/districts/membership/",
                           {"action": "delete_selected", "_selected_action": [own.pk],
                            "post": "yes"})  # fmt: skip
        assert bulk.status_code == 403
        assert Membership.objects.filter(pk=own.pk).exists()

    def test_staff_cannot_grant_a_role_they_do_not_hold(self, client, tayho_staff, ward):
        other = make_user("accomplice")
        client.force_login(tayho_staff)
        response = self.post(client, "/admin/districts/membership/add/",
                             user=other, committee=ward, role="reviewer")  # fmt: skip
        assert str(ROLE_NOT_YOURS) in response.content.decode()
        assert not Membership.objects.filter(user=other).exists()

    def test_staff_grant_a_role_they_hold_below_their_committee(self, client, tayho_staff, ward):
        other = make_user("ward_clerk")
        client.force_login(tayho_staff)
        response = self.post(client, "/admin/districts/membership/add/",
                             user=other, committee=ward, role="editor")  # fmt: skip
        assert response.status_code == 302
        assert Membership.objects.get(user=other).committee == ward

    def test_staff_cannot_grant_outside_their_committees(self, client, tayho_staff, hoangmai):
        other = make_user("accomplice")
        client.force_login(tayho_staff)
        response = self.post(client, "/admin/districts/membership/add/",
                             user=other, committee=hoangmai, role="editor")  # fmt: skip
        assert response.status_code == 200
        assert not Membership.objects.filter(user=other).exists()

    def test_a_superuser_grants_anything_including_to_themselves(self, client, admin_user, ward):
        client.force_login(admin_user)
        response = self.post(client, "/admin/districts/membership/add/",
                             user=admin_user, committee=ward, role="reviewer")  # fmt: skip
        assert response.status_code == 302
        assert Membership.objects.filter(user=admin_user, committee=ward).exists()


class TestUserRights:
    """A staff user allowed to edit users cannot make anyone, themselves included, a superuser
    or staff, nor give groups or permissions; a superuser can."""

    @pytest.fixture
    def user_editor(self, tayho):
        user = make_user("user_editor", is_staff=True)
        user.user_permissions.set(
            Permission.objects.filter(content_type__app_label="auth", codename__endswith="_user")
        )
        return user

    def post(self, client, user, **fields):
        data = {"username": user.username, "first_name": "", "last_name": "", "email": "",
                "is_active": "on", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
                **fields}  # fmt: skip
        return client.post(f"/admin/auth/user/{user.pk}/change/", data)

    def test_staff_cannot_make_themselves_a_superuser(self, client, user_editor):
        client.force_login(user_editor)
        response = self.post(client, user_editor, is_superuser="on", is_staff="on")
        assert response.status_code == 302  # saved: the rights fields are read-only
        user_editor.refresh_from_db()
        assert (user_editor.is_superuser, user_editor.is_staff) == (False, True)
        page = client.get(f"/admin/auth/user/{user_editor.pk}/change/").content.decode()
        assert 'name="is_superuser"' not in page

    def test_staff_cannot_give_themselves_permissions(self, client, user_editor):
        client.force_login(user_editor)
        every = Permission.objects.values_list("pk", flat=True)
        self.post(client, user_editor, is_staff="on", user_permissions=list(every))
        assert user_editor.user_permissions.count() == 4

    def test_staff_cannot_set_a_superuser_s_password(self, client, user_editor, admin_user):
        client.force_login(user_editor)
        new = {"password1": "taken-over-9", "password2": "taken-over-9"}
        response = client.post(f"/admin/auth/user/{admin_user.pk}/password/", new)
        assert response.status_code == 403
        admin_user.refresh_from_db()
        assert not admin_user.check_password("taken-over-9")

    def test_a_superuser_changes_rights(self, client, admin_user, user_editor):
        client.force_login(admin_user)
        response = self.post(client, user_editor, is_superuser="on", is_staff="on")
        assert response.status_code == 302
        user_editor.refresh_from_db()
        assert user_editor.is_superuser
