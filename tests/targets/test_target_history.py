"""A target's change history lists its revisions (who, when, what changed, from which value to
which, and the basis) beside the changes of its figures and plans: on the target page and in
the admin's history of the target."""

import pytest

from targets.models import Revision
from tests.factories import make_committee, make_figure, make_plan, make_target, make_term

pytestmark = pytest.mark.django_db
BASIS = "Nghị quyết số 15-NQ/QU ngày 07/7/2021"


@pytest.fixture
def revised(tayho_term, city_reviewer):
    """CT01: a figure, the 2021 plan (1000) and its revision to 900 from 2021 Q3, entered by
    the city's reviewer and later corrected to 920."""
    target = make_target(tayho_term, code="CT01")
    make_plan(target, 2021, 1000)
    make_figure(target, 2021, 1, 250)
    revision = Revision(target=target, plan_year=2021, value=900, from_year=2021,
                        from_quarter=3, basis=BASIS, created_by=city_reviewer)  # fmt: skip
    revision._history_user = city_reviewer
    revision.save()
    revision.value = 920
    revision.save()
    return target


def rows(html: str, kind: str) -> list[str]:
    return [part.split("</tr>")[0] for part in html.split(f'<tr data-kind="{kind}">')[1:]]


def test_the_target_page_lists_the_revision_with_who_what_and_basis(client, revised, city_viewer):
    client.force_login(city_viewer)
    html = client.get("/committees/TAYHO/targets/CT01/").content.decode()
    changed, created = rows(html, "revision")
    assert "<td>tonghop</td>" in created
    assert "Điều chỉnh kế hoạch năm 2021, hiệu lực từ quý 3/2021" in created
    assert "(tạo mới)" in created
    # It replaced the plan in force before it (1.000), and its correction replaced 900.
    assert '<td class="num">1.000</td>\n        <td class="num">900</td>' in created
    assert '<td class="num">900</td>\n        <td class="num">920</td>' in changed
    assert f"<td>{BASIS}</td>" in created
    assert len(rows(html, "figure")) == 1 and len(rows(html, "plan")) == 1


def test_a_term_target_revision_is_named_so(client, tayho_term, city_viewer):
    target = make_target(tayho_term, code="CT02", term_target=100)
    Revision.objects.create(target=target, value=120, from_year=2023, from_quarter=2,
                            basis=BASIS)  # fmt: skip
    client.force_login(city_viewer)
    html = client.get("/committees/TAYHO/targets/CT02/").content.decode()
    (created,) = rows(html, "revision")
    assert "Điều chỉnh mục tiêu nhiệm kỳ, hiệu lực từ quý 2/2023" in created
    assert '<td class="num">100</td>\n        <td class="num">120</td>' in created


def test_the_admin_history_of_the_target_lists_them_too(admin_client, revised):
    html = admin_client.get(f"/admin/targets/target/{revised.pk}/history/").content.decode()
    assert "Thay đổi kết quả, kế hoạch và điều chỉnh của chỉ tiêu" in html
    assert len(rows(html, "revision")) == 2
    assert "Điều chỉnh kế hoạch năm 2021, hiệu lực từ quý 3/2021" in html
    assert BASIS in html
    assert len(rows(html, "figure")) == 1
    # simple_history's own headings, in Vietnamese too.
    assert "Người thay đổi" in html and "Lý do thay đổi" in html


def test_the_admin_history_of_another_committee_s_target_is_404(client, revised, city):
    from django.contrib.auth.models import Permission

    from districts.models import Membership
    from tests.factories import make_membership, make_user

    other = make_committee("HOANGMAI", parent=city)
    make_term(other)
    user = make_user("staff", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="targets"))
    make_membership(user, other, Membership.Role.EDITOR)
    client.force_login(user)
    assert client.get(f"/admin/targets/target/{revised.pk}/history/").status_code == 404
