"""A committee page's first read (districts.access.visible_committee_page): one statement that
gives what the separate reads give (the committee the user may see, its terms, their rights
there, where they stand, a column of the caller's), for every kind of user; and at national
volume it finds whether a committee has committees below by the index."""

import pytest
from django.db import connection
from django.http import Http404

from districts import access
from districts.models import Committee, Membership
from tests.factories import make_committee, make_membership, make_term, make_user

pytestmark = pytest.mark.django_db
NO_COLUMN = ("SELECT 42", [])


@pytest.fixture
def world(city, tayho_term, hoangmai_term):
    make_term(city, 2025, 2030, congress=18)
    make_term(tayho_term.committee, 2025, 2030, congress=7)
    reviewer = make_user("reviewer")
    make_membership(reviewer, city, Membership.Role.REVIEWER)
    editor = make_user("editor")
    make_membership(editor, tayho_term.committee, Membership.Role.EDITOR)
    make_membership(editor, hoangmai_term.committee, Membership.Role.VIEWER)
    return {
        "reviewer": reviewer,
        "editor": editor,
        "superuser": make_user("root", is_superuser=True),
        "outsider": make_user("outsider"),
    }


@pytest.mark.parametrize("who", ["reviewer", "editor", "superuser"])
@pytest.mark.parametrize("code", ["HANOI", "TAYHO", "HOANGMAI"])
def test_it_reads_what_the_separate_reads_give(world, who, code, django_assert_num_queries):
    user = world[who]
    if who == "editor" and code == "HANOI":
        with pytest.raises(Http404):
            access.visible_committee_page(user, code, NO_COLUMN)
        return
    with django_assert_num_queries(1):
        page = access.visible_committee_page(user, code, NO_COLUMN)
    committee = Committee.objects.covered_by(user).get(code=code)
    assert page.committee == committee
    assert page.committee.has_children == committee.children.exists()
    assert page.terms == list(committee.terms.order_by("-start_year"))
    assert all(term.committee is page.committee for term in page.terms)
    assert page.rights == access.rights(user, committee)
    assert page.standing == access.standing(user)
    assert page.column == 42


def test_an_outsider_or_an_unknown_code_is_a_404(world):
    with pytest.raises(Http404):
        access.visible_committee_page(world["outsider"], "TAYHO", NO_COLUMN)
    with pytest.raises(Http404):
        access.visible_committee_page(world["superuser"], "NOWHERE", NO_COLUMN)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's plan")
def test_at_national_volume_it_finds_the_committees_below_by_the_index(world):
    # Most committees under one root, as 3,300 wards under the nation: PostgreSQL expects any
    # parent to have half the table below it.
    nation = make_committee("VN")
    Committee.objects.bulk_create(
        Committee(code=f"W{number:04d}", name=f"Phường {number}", level="ward", parent=nation)
        for number in range(2000)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Committee._meta.db_table}")
    facts = access._facts()  # the committee page's and the header's facts of a committee
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN SELECT {facts} FROM {Committee._meta.db_table} c WHERE c.code = %s",
            [2026, 2026, "W0001"],
        )
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on districts_committee below" not in plan, plan
    assert "districts_committee below" in plan
