"""Sessions are Django's database sessions, read in SQL (districts/sessions.py): a session that
expired or was deleted (a logout on another app server) logs nobody in."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from districts.models import Session
from districts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def test_it_reads_what_django_wrote():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}


def test_an_expired_session_logs_nobody_in(logged_in):
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    assert logged_in.get("/committees/TAYHO/").status_code == 302


def test_a_session_deleted_elsewhere_logs_nobody_in(logged_in):
    Session.objects.all().delete()
    response = logged_in.get("/committees/TAYHO/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_an_unknown_key_starts_a_new_session():
    store = SessionStore("x" * 32)
    assert store.load() == {}
    assert store.session_key is None


def test_a_login_writes_its_user_beside_the_session_and_a_logout_removes_it(client, tayho_editor):
    response = client.post(
        "/login/", {"username": tayho_editor.username, "password": "secret-pass-1"}
    )
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.user_id == tayho_editor.pk
    client.post("/logout/")
    assert not Session.objects.exists()


def test_the_session_and_its_user_are_read_in_one_statement(
    logged_in, tayho_editor, django_assert_num_queries
):
    store = SessionStore(logged_in.session.session_key)
    with django_assert_num_queries(1):
        assert store.loaded_user() == tayho_editor
    assert store.user.get_session_auth_hash() == tayho_editor.get_session_auth_hash()


def test_a_user_column_that_disagrees_with_the_data_is_not_taken(logged_in, tayho_editor, city):
    # The data says who is logged in: a column pointing elsewhere (however it came to be) is
    # ignored, and the backend reads the data's user itself.
    other = get_user_model().objects.create_user("other", password="pass-1234")
    Session.objects.update(user_id=other.pk)
    response = logged_in.get("/committees/TAYHO/")
    assert response.status_code == 200
    assert response.wsgi_request.user == tayho_editor


def test_session_data_decoded_once_is_still_each_request_s_own(logged_in, tayho_editor):
    # The same data decodes once per process (districts.sessions.SessionStore.decode); what a
    # request changes in its session is never seen by the next one unless it is saved.
    key = logged_in.session.session_key
    first = SessionStore(key)
    first["scratch"] = ["changed"]
    first.load()["extra"] = "not saved"
    second = SessionStore(key)
    assert "scratch" not in second.load() and "extra" not in second.load()
    assert logged_in.get("/committees/TAYHO/").wsgi_request.user == tayho_editor


def test_session_data_altered_in_the_database_is_refused_every_time(logged_in):
    store = SessionStore(logged_in.session.session_key)
    assert store.load()  # decoded and remembered
    session = Session.objects.get()
    forged = session.session_data[:-1] + ("B" if session.session_data.endswith("A") else "A")
    Session.objects.update(session_data=forged)  # its signature no longer matches
    assert SessionStore(session.session_key).load() == {}
    assert logged_in.get("/committees/TAYHO/").status_code == 302


def test_session_data_signed_with_an_old_secret_is_refused_once_the_secret_changes(
    logged_in, settings
):
    key = logged_in.session.session_key
    assert logged_in.get("/committees/TAYHO/").status_code == 200  # decoded and remembered
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40
    assert SessionStore(key).load() == {}
    assert logged_in.get("/committees/TAYHO/").status_code == 302


def test_the_decoded_sessions_kept_are_bounded():
    from districts import sessions

    recent = sessions._Recent(2)
    for key in "abc":
        recent.put(key, key.encode())
    assert recent.get("a") is None and recent.get("b") == b"b" and recent.get("c") == b"c"
    recent.put("d", b"d")  # b was used before c: it goes
    assert recent.get("b") is None and recent.get("c") == b"c"
