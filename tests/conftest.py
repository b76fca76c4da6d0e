import pytest
from django.core.cache import caches
from django.core.management import call_command

from districts.models import Membership
from targets import kept_pages
from tests.factories import make_committee, make_membership, make_term, make_user

# Test-only speedup: hashing with the real hasher makes every login take ~0.3 s.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture
def city(db):
    return make_committee("HANOI", name="Đảng bộ thành phố Hà Nội")


@pytest.fixture
def tayho(city):
    return make_committee("TAYHO", parent=city, name="Đảng bộ quận Tây Hồ")


@pytest.fixture
def hoangmai(city):
    return make_committee("HOANGMAI", parent=city, name="Đảng bộ quận Hoàng Mai")


@pytest.fixture
def tayho_term(tayho):
    return make_term(tayho, 2020, 2025, congress=6)


@pytest.fixture
def hoangmai_term(hoangmai):
    return make_term(hoangmai, 2020, 2025, congress=4)


@pytest.fixture
def city_viewer(city):
    user = make_user("thanhuy")
    make_membership(user, city, Membership.Role.VIEWER)
    return user


@pytest.fixture
def city_reviewer(city):
    user = make_user("tonghop")
    make_membership(user, city, Membership.Role.REVIEWER)
    return user


@pytest.fixture
def tayho_editor(tayho):
    user = make_user("tayho")
    make_membership(user, tayho, Membership.Role.EDITOR)
    return user


@pytest.fixture
def outsider(db):
    return make_user("outsider")


@pytest.fixture
def demo(db):
    """The demo data set, loaded once per test that asks for it."""
    call_command("load_demo", stdout=_Discard())


class _Discard:
    def write(self, *args, **kwargs):
        pass

    def flush(self):
        pass


@pytest.fixture(scope="module")
def demo_module(django_db_setup, django_db_blocker):
    """The demo data set, loaded once for a whole test module and rolled back after it.

    Tests that use it must not commit; each still runs in its own savepoint (the `db` fixture).
    """
    from django.db import transaction
    from django.test import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=_Discard())
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Test databases are rolled back and reuse ids: no test may read another's cached results
    # nor pages.
    for each in caches.all():
        each.clear()
    kept_pages.recent.clear()
    yield
    for each in caches.all():
        each.clear()
    kept_pages.recent.clear()
