"""A cold overview (every committee's results computed again) is computed and written with
Python's cycle collector paused, which comes back on after it, whatever happens."""

import gc

import pytest

from districts.models import Membership
from targets import selectors
from tests.factories import make_membership, make_user
from tests.targets.test_overview_views import build_city

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(city):
    user = make_user("leader")
    make_membership(user, city, Membership.Role.VIEWER)
    return user


@pytest.fixture
def spied(monkeypatch):
    """Whether the collector ran while the overview was computed, at each call."""
    seen = []
    real = selectors.overview

    def overview(*args, **kwargs):
        seen.append(gc.isenabled())
        if kwargs.pop("fail", False):
            raise RuntimeError
        return real(*args, **kwargs)

    monkeypatch.setattr(selectors, "overview", overview)
    return seen


def test_the_collector_is_paused_for_the_page_and_back_after_it(client, city, viewer, spied):
    build_city(city, 3)
    client.force_login(viewer)
    assert gc.isenabled()
    response = client.get(f"/committees/{city.code}/overview/")
    assert response.status_code == 200
    assert 'data-committee="D002"' in response.content.decode()
    assert spied == [False]
    assert gc.isenabled()


def test_the_collector_comes_back_after_an_error(client, city, viewer, monkeypatch, spied):
    build_city(city, 2)
    client.force_login(viewer)
    real = selectors.overview
    monkeypatch.setattr(selectors, "overview", lambda *args: real(*args, fail=True))
    with pytest.raises(RuntimeError):
        client.get(f"/committees/{city.code}/overview/")
    assert spied == [False]
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off(client, city, viewer, spied):
    build_city(city, 2)
    client.force_login(viewer)
    gc.disable()
    try:
        assert client.get(f"/committees/{city.code}/overview/").status_code == 200
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert spied == [False]
