"""The app's messages as a page shows them in one language, for journeys run in both."""

from django.utils import translation
from django.utils.translation import gettext


def say(language: str, message, **values) -> str:
    """A message of the app as the page shows it in that language."""
    with translation.override(language):
        text = gettext(message) if isinstance(message, str) else str(message)
        return text % values if values else text


def open_in(visit, name: str, language: str, username: str):
    """A visitor logged in as this user, with the pages in this language."""
    visitor = visit(f"{name}-{language}")
    visitor.context.add_cookies(
        [{"name": "django_language", "value": language, "url": visitor.base}]
    )
    visitor.goto("/login/")
    visitor.page.locator("#id_username").fill(username)
    visitor.page.locator("#id_password").fill("chitieu-demo")
    visitor.page.locator("#id_password").press("Enter")
    visitor.page.wait_for_load_state("networkidle")
    return visitor
