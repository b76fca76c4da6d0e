"""The session and its user read in one statement (districts/sessions.py, districts/backends.py,
districts/middleware.py) as a hostile user and a careless operator meet them: a fixed, forged
or malformed cookie logs nobody in and never fails the request; the session's data, never its
user column, says who is logged in; a logout, a new password, a deactivation or a change of
memberships takes effect on the very next request, kept pages included."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone

from districts.models import Membership, Session
from districts.sessions import SessionStore
from tests.factories import make_membership, make_target, make_user

pytestmark = pytest.mark.django_db
DASHBOARD = "/committees/TAYHO/"
ENTER = 'id="enter-next"'


def use_cookie(client, key: str) -> None:
    client.cookies["sessionid"] = key


def test_a_login_never_keeps_a_session_key_planted_before_it(client, tayho_term, tayho_editor):
    planted = SessionStore()
    planted["planted"] = True
    planted.save()
    use_cookie(client, planted.session_key)
    response = client.post("/login/", {"username": "tayho", "password": "secret-pass-1"})
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != planted.session_key
    assert not Session.objects.filter(session_key=planted.session_key).exists()
    # Whoever holds the planted key is not logged in.
    attacker = Client()
    use_cookie(attacker, planted.session_key)
    assert attacker.get(DASHBOARD).status_code == 302


@pytest.mark.parametrize(
    "cookie",
    ["x" * 32, "short", "a" * 5000, "'; DROP TABLE districts_session; --", "é" * 40],
)
def test_a_forged_or_malformed_cookie_logs_nobody_in_and_never_fails(client, tayho_term, cookie):
    use_cookie(client, cookie)
    response = client.get(DASHBOARD)
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert client.get("/login/").status_code == 200
    assert Session.objects.count() == 0


@pytest.mark.parametrize("key", ["abcdefgh\x00ijklmnop", "ABCDEFGHIJKLMNOP", "a" * 41])
def test_a_key_django_never_makes_is_not_looked_up(client, tayho_term, key):
    # A NUL reaches the database only through an app server that lets it into a header
    # (gunicorn refuses it); PostgreSQL then refuses the statement.
    response = client.get(DASHBOARD, HTTP_COOKIE=f"sessionid={key}")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert SessionStore(key).session_key is None


def test_a_user_column_naming_another_user_never_logs_that_user_in(logged_in, tayho_editor, city):
    # The session's data names Tây Hồ's editor; its column, planted, names a superuser. The
    # editor is then deleted without the ORM (no cascade): nobody is logged in, least of all
    # the superuser the column names.
    boss = make_user("boss", is_superuser=True, is_staff=True)
    Session.objects.update(user_id=boss.pk)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM districts_membership WHERE user_id = %s", [tayho_editor.pk])
        cursor.execute("DELETE FROM auth_user WHERE id = %s", [tayho_editor.pk])
    assert SessionStore(logged_in.session.session_key).loaded_user() is None
    response = logged_in.get(DASHBOARD)
    assert response.status_code == 302
    assert not response.wsgi_request.user.is_authenticated


def test_a_deleted_user_s_session_goes_with_them(logged_in, tayho_editor):
    tayho_editor.delete()
    assert not Session.objects.exists()


def test_an_expired_session_is_not_read_and_clearsessions_removes_it(client, tayho_editor):
    store = SessionStore()
    store["kept"] = True
    store.save()
    client.force_login(tayho_editor)
    expired = Session.objects.get(user_id=tayho_editor.pk)
    Session.objects.filter(pk=expired.pk).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert SessionStore(expired.session_key).load() == {}
    call_command("clearsessions")
    assert list(Session.objects.values_list("session_key", flat=True)) == [store.session_key]


def test_an_old_cookie_after_a_logout_logs_nobody_in(client, tayho_term, tayho_editor):
    client.post("/login/", {"username": "tayho", "password": "secret-pass-1"})
    old = client.cookies["sessionid"].value
    assert client.get(DASHBOARD).status_code == 200
    client.post("/logout/")
    use_cookie(client, old)
    assert client.get(DASHBOARD).status_code == 302


def test_a_password_changed_in_one_session_logs_the_others_out_but_not_itself(
    client, tayho_term, tayho_editor
):
    other = Client()
    for each in (client, other):
        each.post("/login/", {"username": "tayho", "password": "secret-pass-1"})
        assert each.get(DASHBOARD).status_code == 200
    response = client.post(
        "/password/",
        {
            "old_password": "secret-pass-1",
            "new_password1": "another-Pass-97",
            "new_password2": "another-Pass-97",
        },
    )
    assert response.status_code == 302
    assert client.get(DASHBOARD).status_code == 200
    assert Session.objects.get(session_key=client.cookies["sessionid"].value).user_id == (
        tayho_editor.pk
    )
    assert other.get(DASHBOARD).status_code == 302


def test_a_deactivated_user_is_out_at_once_kept_page_or_not(logged_in, tayho_editor):
    assert logged_in.get(DASHBOARD).status_code == 200  # kept now
    get_user_model().objects.filter(pk=tayho_editor.pk).update(is_active=False)
    assert logged_in.get(DASHBOARD).status_code == 302


def test_the_admin_deactivating_a_user_logs_them_out_at_once(logged_in, tayho_editor):
    staff = Client()
    staff.force_login(make_user("root", is_superuser=True, is_staff=True))
    url = f"/admin/auth/user/{tayho_editor.pk}/change/"
    form = staff.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if name != "password"}
    data = {name: value for name, value in data.items() if value not in (None, False)}
    data.pop("is_active")
    data.update(date_joined_0="2024-01-01", date_joined_1="00:00:00", last_login_0="")
    data = {name: value for name, value in data.items() if not isinstance(value, datetime.datetime)}
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    tayho_editor.refresh_from_db()
    assert not tayho_editor.is_active
    assert logged_in.get(DASHBOARD).status_code == 302


def test_an_editor_made_a_viewer_loses_the_buttons_and_the_post_at_once(
    client, tayho_term, tayho_editor
):
    make_target(tayho_term, code="CT01")
    client.force_login(tayho_editor)
    url = f"{DASHBOARD}?term=2020-2025&year=2021&quarter=1"
    assert ENTER in client.get(url).content.decode()
    assert ENTER in client.get(url).content.decode()  # kept
    Membership.objects.filter(user=tayho_editor).update(role=Membership.Role.VIEWER)
    html = client.get(url).content.decode()
    assert ENTER not in html
    assert client.post("/committees/TAYHO/entry/2021/2/", {"save": ""}).status_code == 403
    Membership.objects.filter(user=tayho_editor).delete()
    assert client.get(url).status_code == 404
    assert client.get(f"{DASHBOARD}targets/CT01/").status_code == 404


def test_a_superuser_made_ordinary_loses_every_committee_at_once(client, tayho_term):
    boss = make_user("boss", is_superuser=True)
    client.force_login(boss)
    assert client.get(DASHBOARD).status_code == 200
    assert client.get(DASHBOARD).status_code == 200  # kept
    get_user_model().objects.filter(pk=boss.pk).update(is_superuser=False)
    assert client.get(DASHBOARD).status_code == 404
    assert client.get("/committees/HANOI/overview/").status_code == 404


def test_a_viewer_is_never_served_an_editor_s_kept_page(client, tayho_term, tayho_editor, tayho):
    make_target(tayho_term, code="CT01")
    viewer = make_user("viewer")
    make_membership(viewer, tayho, Membership.Role.VIEWER)
    url = f"{DASHBOARD}?term=2020-2025&year=2021&quarter=1"
    client.force_login(tayho_editor)
    assert ENTER in client.get(url).content.decode()
    client.force_login(viewer)
    html = client.get(url).content.decode()
    assert ENTER not in html
    assert 'title="viewer' in html and 'title="tayho' not in html


def test_deleting_a_user_in_the_admin_never_shows_their_session_keys(logged_in, tayho_editor):
    # The confirmation lists what goes with the user, their sessions included: a key shown
    # there is a login as that user for whoever reads the page.
    key = logged_in.session.session_key
    staff = Client()
    staff.force_login(make_user("root", is_superuser=True, is_staff=True))
    page = staff.get(f"/admin/auth/user/{tayho_editor.pk}/delete/")
    assert page.status_code == 200
    html = page.content.decode()
    assert key not in html
    assert "Phiên đăng nhập" in html  # still said that one goes with the user
    assert key not in str(Session.objects.get(session_key=key))
