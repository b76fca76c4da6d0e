"""A warm dashboard is kept whole for its user: the next identical request is served from the
cache with this request's CSRF token and CSP nonce, never with another user's header, and never
instead of a page with a message to show."""

import re
from decimal import Decimal

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client

from districts.models import Membership
from targets import kept_pages
from tests.factories import make_figure, make_membership, make_plan, make_target, make_user
from tests.targets.entry_form import form_data

pytestmark = pytest.mark.django_db
URL = "/committees/TAYHO/?term=2020-2025&year=2021&quarter=1"


@pytest.fixture
def target(tayho_term):
    target = make_target(tayho_term, code="CT01", term_target=Decimal(400))
    make_plan(target, 2021, 100)
    make_figure(target, 2021, 1, 10)
    return target


def nonces(html: str) -> set[str]:
    return set(re.findall(r'nonce="([^"]+)"', html))


def csrf_tokens(html: str) -> set[str]:
    return set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html))


def test_a_second_request_is_served_from_the_cache(
    client, target, tayho_editor, django_assert_num_queries
):
    client.force_login(tayho_editor)
    first = client.get(URL)
    assert first.templates  # rendered
    # One statement: the session with its user, the committee with its terms, the user's
    # memberships (their rights there, where they stand in the header) and the header's count.
    with django_assert_num_queries(1):
        second = client.get(URL)
    assert not second.templates  # kept: no template rendered
    assert second.status_code == 200
    assert 'data-field="year_value">10<' in second.content.decode()


def test_each_request_gets_its_own_nonce_in_the_page_and_the_header(client, target, tayho_editor):
    client.force_login(tayho_editor)
    client.get(URL)
    kept = client.get(URL)
    html = kept.content.decode()
    assert "\x00" not in html
    (nonce,) = nonces(html)
    assert f"'nonce-{nonce}'" in kept["Content-Security-Policy"]
    assert nonces(client.get(URL).content.decode()) != {nonce}


def test_its_csrf_token_logs_the_user_out(target, tayho_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(tayho_editor)
    client.get(URL)
    html = client.get(URL).content.decode()
    assert html.count('name="csrfmiddlewaretoken"') == 2  # the language picker, logging out
    (token,) = csrf_tokens(html)
    response = client.post("/logout/", {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert client.get(URL).status_code == 302  # to the login page


def test_two_users_never_share_a_kept_page(client, target, city):
    first = make_user("first", first_name="Lan")
    second = make_user("second", first_name="Minh")
    for user in (first, second):
        make_membership(user, city, Membership.Role.VIEWER)
    client.force_login(first)
    client.get(URL)
    assert "Lan" in client.get(URL).content.decode()
    client.force_login(second)
    html = client.get(URL).content.decode()
    assert "Minh" in html and "Lan" not in html


def plain_request(rf, user):
    """A request for the dashboard as the middleware would hand it over, without a client."""
    request = rf.get(URL)
    request.user = user
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_page_with_a_message_is_rendered_and_not_kept(rf, target, tayho_editor):
    request = plain_request(rf, tayho_editor)
    request._messages.add(constants.SUCCESS, "Đã lưu.")
    rendered = []

    def render(extra):
        rendered.append(extra)
        return HttpResponse("page")

    assert kept_pages.kept_page(request, target.term, (), render).content == b"page"
    assert "csrf_token" not in rendered[0]  # rendered as it is, no hole
    assert len(get_messages(request)) == 1  # still to be shown by the page


def test_a_message_after_a_write_shows_on_the_next_page(client, target, tayho_editor):
    from tests.targets.test_entry_views import form_data

    client.force_login(tayho_editor)
    client.get("/committees/TAYHO/")
    client.get("/committees/TAYHO/")  # kept
    url = "/committees/TAYHO/entry/2021/2/"
    client.post(url, {**form_data(client.get(url), **{"0-value": "7"}), "save": ""})
    page = client.get("/committees/TAYHO/").content.decode()
    assert 'class="alert alert-success"' in page
    assert 'class="alert alert-success"' not in client.get("/committees/TAYHO/").content.decode()


def test_only_a_page_is_kept_never_a_refusal(rf, target, tayho_editor):
    request = plain_request(rf, tayho_editor)
    answers = iter([HttpResponse("busy", status=503), HttpResponse("page")])

    def render(extra):
        return next(answers)

    assert kept_pages.kept_page(request, target.term, (), render).status_code == 503
    assert kept_pages.kept_page(request, target.term, (), render).content == b"page"


def test_a_kept_page_is_the_page_rendered_afresh_with_this_request_s_token_and_nonce(
    client, target, tayho_editor
):
    client.force_login(tayho_editor)
    fresh = client.get(URL)
    kept = client.get(URL)
    assert fresh.templates and not kept.templates

    def blank(response) -> str:
        html = response.content.decode()
        for token in csrf_tokens(html):
            html = html.replace(token, "TOKEN")
        for nonce in nonces(html):
            html = html.replace(nonce, "NONCE")
        return html

    assert blank(kept) == blank(fresh)
    assert "TOKEN" in blank(kept) and "NONCE" in blank(kept)


CSRF, NONCE = kept_pages.CSRF_HOLE, kept_pages.NONCE_HOLE


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"no hole at all",
        kept_pages.CSRF_HOLE.encode(),
        b"<a>" + kept_pages.NONCE_HOLE.encode() * 3 + b"</a>",
        f"ở đầu {CSRF} giữa {NONCE}{CSRF} cuối {NONCE}".encode(),
    ],
)
def test_every_hole_of_a_kept_page_is_filled_and_nothing_else_changes(content):
    filled = kept_pages._fill(kept_pages._opened(kept_pages._keep(content)), b"TOKEN", b"NONCE")
    expected = content.replace(kept_pages.CSRF_HOLE.encode(), b"TOKEN").replace(
        kept_pages.NONCE_HOLE.encode(), b"NONCE"
    )
    assert filled == expected


def test_a_process_serves_a_page_it_served_last_from_its_own_memory(
    client, target, tayho_editor, django_assert_num_queries
):
    client.force_login(tayho_editor)
    client.get(URL)
    caches["pages"].clear()  # not read again: the process holds the page decompressed
    with django_assert_num_queries(1):
        again = client.get(URL)
    assert not again.templates
    assert 'data-field="year_value">10<' in again.content.decode()


def test_a_page_the_process_holds_is_never_served_after_a_write(client, target, tayho_editor):
    client.force_login(tayho_editor)
    assert 'data-field="year_value">10<' in client.get(URL).content.decode()
    entry = "/committees/TAYHO/entry/2021/1/"
    data = form_data(client.get(entry), **{"0-value": "25"})
    assert client.post(entry, {**data, "save": ""}).status_code == 302
    assert target.figures.get(year=2021, quarter=1).value == 25
    client.get("/")  # the message of the write shown and gone
    html = client.get(URL).content.decode()
    assert 'data-field="year_value">25<' in html
    assert 'data-field="year_value">10<' not in html


def test_the_pages_a_process_holds_are_bounded_least_recently_served_first():
    recent = kept_pages.RecentPages(limit=10)
    recent.put("a", (b"aaaa", ()))
    recent.put("b", (b"bbbb", ()))
    assert recent.get("a") == (b"aaaa", ())  # "b" is now the least recently served
    recent.put("c", (b"cccc", ()))
    assert recent.get("b") is None
    assert recent.get("a") is not None and recent.get("c") is not None
    assert recent.size == 8
    recent.put("huge", (b"x" * 11, ()))  # larger than the whole limit: not held
    assert recent.get("huge") is None
    recent.put("a", (b"aaaaaa", ()))  # the same key again: counted once
    assert recent.size == 10
    recent.clear()
    assert recent.get("a") is None and recent.size == 0


def test_no_page_is_held_in_the_process_when_its_limit_is_nought(client, target, tayho_editor):
    client.force_login(tayho_editor)
    recent = kept_pages.recent
    limit, recent.limit = recent.limit, 0
    try:
        client.get(URL)
        assert recent.size == 0
        caches["pages"].clear()
        assert client.get(URL).templates  # rendered again
    finally:
        recent.limit = limit
