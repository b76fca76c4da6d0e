import pytest


@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "fr", ""])
def test_pages_are_vietnamese_whatever_the_browser_asks(client, db, accept):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE=accept)
    assert response["Content-Language"] == "vi"
    assert "Mật khẩu" in response.content.decode()


def test_a_user_who_chose_english_gets_english(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/admin/login/")
    assert response["Content-Language"] == "en"
    assert "Password" in response.content.decode()


def test_an_unknown_language_choice_falls_back_to_vietnamese(client, db, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert client.get("/admin/login/")["Content-Language"] == "vi"
