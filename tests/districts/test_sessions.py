"""Sessions are Django's database sessions, read in SQL (districts/sessions.py): a session that
expired or was deleted (a logout on another app server) logs nobody in."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

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
