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


def test_the_language_picker_switches_to_english_and_back(client, demo_module, db):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="tayho"))
    page = client.get("/committees/TAYHO/?year=2022&quarter=4").content.decode()
    assert 'name="language"' in page and "Tổng quan" not in page  # an editor: no overview
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/committees/TAYHO/"})
    assert response.status_code == 302
    html = client.get("/committees/TAYHO/?year=2022&quarter=4").content.decode()
    assert '<html lang="en">' in html
    assert "Year 2022: 22/25 targets achieved, of which 13 exceeded" in html
    assert 'data-field="term_pct">96.3\xa0%' in html  # English number formats
    assert 'data-field="term_value">12,993</td>' in html
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    html = client.get("/committees/TAYHO/?year=2022&quarter=4").content.decode()
    assert "Năm 2022: 22/25 chỉ tiêu đạt, trong đó 13 vượt" in html
    assert 'data-field="term_pct">96,3\xa0%' in html
