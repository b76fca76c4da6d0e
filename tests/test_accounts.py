"""Accounts and safety: logging in and out, login lockout, password change, CSRF and the
Content Security Policy."""

import pytest
from django.test import Client

from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(tayho_editor):
    return tayho_editor  # password "secret-pass-1"


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/login/", {"username": "tayho", "password": "wrong"})
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    response = client.post("/login/", {"username": "tayho", "password": "wrong"})
    assert response.status_code == 429
    assert "Đăng nhập đã bị khóa" in response.content.decode()
    response = client.post("/login/", {"username": "tayho", "password": "secret-pass-1"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_resets_the_count(client, member, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": "tayho", "password": "wrong"})
    response = client.post("/login/", {"username": "tayho", "password": "secret-pass-1"})
    assert response.status_code == 302
    client.post("/logout/")
    response = client.post("/login/", {"username": "tayho", "password": "wrong"})
    assert response.status_code == 200


def test_a_user_changes_their_password(client, member):
    client.force_login(member)
    page = client.get("/password/")
    assert "Đổi mật khẩu" in page.content.decode()
    new = "Hoàn-kiếm-2026!"
    data = {"old_password": "secret-pass-1", "new_password1": new, "new_password2": new}
    response = client.post("/password/", data, follow=True)
    assert "Đã đổi mật khẩu" in response.content.decode()
    member.refresh_from_db()
    assert member.check_password("Hoàn-kiếm-2026!")


def test_every_form_needs_its_csrf_token(member, tayho_term):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    response = client.post("/committees/TAYHO/entry/2021/1/", {"save": ""})
    assert response.status_code == 403
    response = client.post("/login/", {"username": "tayho", "password": "secret-pass-1"})
    assert response.status_code == 403


def test_pages_carry_a_content_security_policy_with_a_nonce(client, member, tayho_term):
    client.force_login(member)
    response = client.get("/committees/TAYHO/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}" src=' in response.content.decode()
    assert "unsafe-inline" not in policy


def test_a_user_without_membership_can_still_change_their_password(client):
    user = make_user("lonely")
    client.force_login(user)
    assert client.get("/password/").status_code == 200


def test_the_login_attempts_admin_is_in_vietnamese(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("root", password="x-secret-1")
    client.force_login(admin)
    index = client.get("/admin/").content.decode()
    assert "Lượt đăng nhập" in index and ">Axes<" not in index
    assert "Các lượt thử đăng nhập" in index
    from axes.models import AccessAttempt

    AccessAttempt.objects.create(
        username="tayho", ip_address="127.0.0.1", user_agent="x", http_accept="*/*",
        path_info="/login/", get_data="", post_data="", failures_since_start=2,
    )  # fmt: skip
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert "Số lần đăng nhập sai" in page and "Failed Logins" not in page


class TestLockoutBehindProxies:
    """The lockout counts the client's address, read through TRUSTED_PROXY_COUNT proxies."""

    def fail(self, client, forwarded_for: str, times: int):
        for _ in range(times):
            response = client.post("/login/", {"username": "tayho", "password": "wrong"},
                                   HTTP_X_FORWARDED_FOR=forwarded_for)  # fmt: skip
        return response

    def login(self, client, forwarded_for: str):
        return client.post("/login/", {"username": "tayho", "password": "secret-pass-1"},
                           HTTP_X_FORWARDED_FOR=forwarded_for)  # fmt: skip

    def test_behind_a_proxy_one_client_s_failures_do_not_lock_out_another(
        self, client, member, settings
    ):
        settings.TRUSTED_PROXY_COUNT = 1
        response = self.fail(client, "203.0.113.5", settings.AXES_FAILURE_LIMIT)
        assert response.status_code == 429
        assert self.login(Client(), "203.0.113.5").status_code == 429
        # Another client behind the same proxy (the same REMOTE_ADDR) still logs in.
        assert self.login(Client(), "198.51.100.7").status_code == 302

    def test_an_address_the_client_wrote_itself_is_not_believed(self, client, member, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        # The proxy appends the real address after whatever the client sent.
        for spoofed in range(settings.AXES_FAILURE_LIMIT):
            response = self.fail(client, f"10.0.0.{spoofed}, 203.0.113.5", 1)
        assert response.status_code == 429

    def test_two_proxies_take_the_second_address_from_the_right(self, client, member, settings):
        settings.TRUSTED_PROXY_COUNT = 2
        self.fail(client, "203.0.113.5, 192.0.2.1", settings.AXES_FAILURE_LIMIT)
        assert self.login(Client(), "203.0.113.5, 192.0.2.9").status_code == 429
        assert self.login(Client(), "198.51.100.7, 192.0.2.1").status_code == 302

    def test_without_trusted_proxies_x_forwarded_for_is_ignored(self, client, member, settings):
        assert settings.TRUSTED_PROXY_COUNT == 0
        for spoofed in range(settings.AXES_FAILURE_LIMIT):
            response = self.fail(client, f"10.0.0.{spoofed}", 1)
        assert response.status_code == 429  # changing the header does not escape the lock


class TestLogin:
    def test_a_user_logs_in_and_lands_on_the_dashboard(self, client, tayho_term, tayho_editor):
        response = client.post(
            "/login/", {"username": "tayho", "password": "secret-pass-1"}, follow=True
        )
        assert response.redirect_chain[-1][0] == "/committees/TAYHO/"
        assert "Đăng xuất" in response.content.decode()

    def test_a_wrong_password_says_so_in_vietnamese(self, client, tayho_editor):
        response = client.post("/login/", {"username": "tayho", "password": "wrong"})
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    def test_logging_out_is_a_post(self, client, tayho_editor):
        client.force_login(tayho_editor)
        response = client.post("/logout/")
        assert response.status_code == 302
        assert client.get("/").status_code == 302

    def test_a_user_without_membership_is_told_why(self, client, outsider):
        client.force_login(outsider)
        response = client.get("/")
        assert response.status_code == 403
        assert "chưa được gắn với đảng bộ nào" in response.content.decode()
