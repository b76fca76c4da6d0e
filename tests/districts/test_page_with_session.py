"""A committee page's first statement read with its session (districts.access
read_page_with_session, districts.sessions read_along): one statement for the session, its user
and the page's committee, terms, rights, header and count. It gives what the page's own read
gives, only for the very user Django's authentication took from that session, and under every
attack on the session it gives nothing another user may see."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.http import Http404
from django.test import Client
from django.utils import timezone

from districts import access
from districts.models import Membership, Session, Viewer
from districts.sessions import SessionStore
from targets import selectors
from tests.factories import make_membership, make_target, make_term, make_user

pytestmark = pytest.mark.django_db
ENTER = 'id="enter-next"'


@pytest.fixture
def world(city, tayho_term, hoangmai_term):
    make_term(city, 2025, 2030, congress=18)
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


def session_of(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def read_with_session(key: str, code: str) -> SessionStore:
    store = SessionStore(key)
    store.read_along(
        lambda viewer: access.committee_page_statement(viewer, code, selectors.waiting_sql)
    )
    store.loaded_user()
    return store


@pytest.mark.parametrize("who", ["reviewer", "editor", "superuser", "outsider"])
@pytest.mark.parametrize("code", ["HANOI", "TAYHO", "HOANGMAI", "NOWHERE"])
def test_it_reads_what_the_page_s_own_read_gives(world, who, code, django_assert_num_queries):
    user = world[who]
    key = session_of(user)
    with django_assert_num_queries(1):
        store = read_with_session(key, code)
    assert store.user == user
    with django_assert_num_queries(0):
        try:
            along = access.visible_committee_page(store.user, code, selectors.waiting_sql, store)
        except Http404:
            along = None
    try:
        alone = access.visible_committee_page(user, code, selectors.waiting_sql)
    except Http404:
        alone = None
    assert (along is None) == (alone is None)
    if alone is not None:
        assert along.committee == alone.committee
        assert along.committee.has_children == alone.committee.has_children
        assert along.terms == alone.terms
        assert along.rights == alone.rights
        assert along.standing == alone.standing
        assert along.column == alone.column


def test_its_rows_serve_only_the_very_user_read_with_the_session(world):
    store = read_with_session(session_of(world["superuser"]), "TAYHO")
    assert store.rows_along(store.user)
    # The same user read again, or another one: their page is read for them alone.
    assert store.rows_along(get_user_model().objects.get(pk=world["superuser"].pk)) is None
    assert store.rows_along(world["outsider"]) is None
    with pytest.raises(Http404):
        access.visible_committee_page(world["outsider"], "TAYHO", selectors.waiting_sql, store)


def test_a_session_read_once_reads_nothing_along_later(world, django_assert_num_queries):
    store = SessionStore(session_of(world["editor"]))
    store.loaded_user()
    store.read_along(
        lambda viewer: access.committee_page_statement(viewer, "TAYHO", ("SELECT 1", []))
    )
    assert store.rows_along(store.user) is None
    with django_assert_num_queries(1):  # read on its own
        access.visible_committee_page(store.user, "TAYHO", selectors.waiting_sql, store)


def test_a_user_column_naming_a_superuser_never_gives_their_page(logged_in, tayho_editor):
    # The session's data names Tây Hồ's editor, its column a superuser: the statement reads the
    # column's user's page, which is never taken; the editor's own rights hold.
    boss = make_user("boss", is_superuser=True, is_staff=True)
    Session.objects.update(user_id=boss.pk)
    assert logged_in.get("/committees/HANOI/overview/").status_code == 404
    response = logged_in.get("/committees/TAYHO/")
    assert response.status_code == 200 and response.wsgi_request.user == tayho_editor
    key = logged_in.cookies["sessionid"].value
    store = read_with_session(key, "HANOI")
    assert store.user is None and store.rows_along(boss) is None


def test_another_user_s_cookie_is_their_page_and_only_theirs(world, client):
    client.cookies["sessionid"] = session_of(world["outsider"])
    assert client.get("/committees/TAYHO/").status_code == 404
    client.cookies["sessionid"] = session_of(world["editor"])
    assert client.get("/committees/TAYHO/").status_code == 200
    assert client.get("/committees/HANOI/overview/").status_code == 404


@pytest.mark.parametrize("cookie", ["", "nosuchsession0000000000000000000", "x" * 32, "a'--"])
def test_a_forged_cookie_reads_no_page(world, client, cookie, django_assert_num_queries):
    client.cookies["sessionid"] = cookie
    response = client.get("/committees/TAYHO/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert read_with_session(cookie, "TAYHO").rows_along(world["superuser"]) is None


def test_an_expired_session_reads_no_page(world, client):
    key = session_of(world["superuser"])
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    client.cookies["sessionid"] = key
    assert client.get("/committees/TAYHO/").status_code == 302
    store = read_with_session(key, "TAYHO")
    assert store.user is None and store.rows_along(world["superuser"]) is None


def test_a_deactivated_user_reads_no_page(world, client, tayho_term):
    client.force_login(world["editor"])
    assert client.get("/committees/TAYHO/").status_code == 200
    get_user_model().objects.filter(pk=world["editor"].pk).update(is_active=False)
    response = client.get("/committees/TAYHO/")
    assert response.status_code == 302 and not response.wsgi_request.user.is_authenticated


def test_a_changed_password_reads_no_page(world, client, tayho_term):
    client.force_login(world["editor"])
    assert client.get("/committees/TAYHO/").status_code == 200
    editor = get_user_model().objects.get(pk=world["editor"].pk)
    editor.set_password("a-new-Pass-53")
    editor.save()
    assert client.get("/committees/TAYHO/").status_code == 302


def test_rights_revoked_mid_session_hold_at_the_next_request(world, client, tayho_term):
    make_target(tayho_term, code="CT01")
    url = "/committees/TAYHO/?term=2020-2025&year=2021&quarter=1"
    client.force_login(world["editor"])
    assert ENTER in client.get(url).content.decode()
    assert ENTER in client.get(url).content.decode()  # kept
    Membership.objects.filter(user=world["editor"], committee=tayho_term.committee).update(
        role=Membership.Role.VIEWER
    )
    assert ENTER not in client.get(url).content.decode()
    Membership.objects.filter(user=world["editor"], committee=tayho_term.committee).delete()
    assert client.get(url).status_code == 404
    assert client.get("/committees/HOANGMAI/").status_code == 200  # still a viewer there


def test_a_superuser_made_ordinary_mid_session_loses_the_top(world, client):
    client.force_login(world["superuser"])
    assert client.get("/committees/HANOI/overview/").status_code == 200
    get_user_model().objects.filter(pk=world["superuser"].pk).update(is_superuser=False)
    assert client.get("/committees/HANOI/overview/").status_code == 404


def test_a_logout_ends_the_page_read_with_the_session(world, client, tayho_term):
    client.force_login(world["editor"])
    old = client.cookies["sessionid"].value
    assert client.get("/committees/TAYHO/").status_code == 200
    client.post("/logout/")
    client.cookies["sessionid"] = old
    assert client.get("/committees/TAYHO/").status_code == 302


def test_a_warm_page_costs_one_statement_and_a_refusal_two(
    world, client, tayho_term, django_assert_num_queries
):
    client.force_login(world["editor"])
    url = "/committees/TAYHO/?term=2020-2025&year=2021&quarter=1"
    assert client.get(url).status_code == 200
    with django_assert_num_queries(1):
        assert client.get(url).status_code == 200
    # The statement, then where the user stands for the header of the page that says 404.
    with django_assert_num_queries(2):
        assert client.get("/committees/HANOI/overview/").status_code == 404


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")
def test_it_is_prepared_once_per_connection(world, client, tayho_term):
    client.force_login(world["editor"])
    for _ in range(3):
        assert client.get("/committees/TAYHO/").status_code == 200
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE %s",
            ["WITH viewer AS%"],
        )
        assert cursor.fetchone()[0] == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's generic plans")
def test_its_plan_made_once_counts_the_waiting_quarters_through_their_index(world):
    # A prepared statement is planned for any parameters (a generic plan) once PostgreSQL finds
    # that plan no dearer than one made for each request's values; the header's count must then
    # still read the few submitted reports through their partial index, not every report (a
    # status passed as a parameter could not use it, so every page was planned anew: 0.5 ms).
    sql, params = selectors.waiting_sql(Viewer.of(world["reviewer"]))
    numbered = iter(range(1, len(params) + 1))
    prepared = re.sub("%s", lambda _match: f"${next(numbered)}", sql)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"PREPARE waiting AS {prepared}")
        try:
            values = ", ".join(["%s"] * len(params))
            cursor.execute(f"EXPLAIN EXECUTE waiting ({values})", list(params))
            plan = "\n".join(row[0] for row in cursor.fetchall())
        finally:
            cursor.execute("DEALLOCATE waiting")
    assert "targets_report_submitted" in plan, plan
