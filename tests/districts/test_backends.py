"""Each request's user is read in SQL (districts/backends.py) as Django's ModelBackend reads it:
every field, an inactive or deleted user logged out, a password change logging other sessions
out."""

import pytest
from django.contrib.auth import get_user_model

from districts.backends import ModelBackend

pytestmark = pytest.mark.django_db


def test_it_reads_every_field_as_the_orm_does(tayho_editor):
    read = ModelBackend().get_user(tayho_editor.pk)
    stored = get_user_model().objects.get(pk=tayho_editor.pk)
    for field in get_user_model()._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(stored, field.attname), field.name
    assert not read.get_deferred_fields()
    assert ModelBackend().get_user(tayho_editor.pk + 1000) is None


def test_an_inactive_user_is_logged_out(logged_in, tayho_editor):
    get_user_model().objects.filter(pk=tayho_editor.pk).update(is_active=False)
    assert logged_in.get("/committees/TAYHO/").status_code == 302


def test_a_deleted_user_is_logged_out(logged_in, tayho_editor):
    tayho_editor.delete()
    assert logged_in.get("/committees/TAYHO/").status_code == 302


def test_a_new_password_logs_the_other_sessions_out(logged_in, tayho_editor):
    tayho_editor.set_password("another-pass-2")
    tayho_editor.save()
    assert logged_in.get("/committees/TAYHO/").status_code == 302
