from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from districts import backends


class PreferredLanguageMiddleware:
    """Vietnamese unless the user chose another language (the language cookie).

    Unlike Django's LocaleMiddleware it ignores the browser's Accept-Language: an office PC set
    up in English must still show the product in Vietnamese by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The choice belongs to this request: the thread goes back to the default after it.
            translation.deactivate()
        patch_vary_headers(response, ["Cookie"])
        response.headers.setdefault("Content-Language", language)
        return response


class AuthenticationMiddleware(middleware.AuthenticationMiddleware):
    """Django's, with the user read together with the session (districts.sessions): Django's
    get_user() checks it as it checks any user (its backend, the password's session hash,
    whether it is active), but the backend does not read it again."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


def _user(request):
    if not hasattr(request, "_cached_user"):
        loaded = getattr(request.session, "loaded_user", None)
        with backends.read_with_session(loaded() if loaded else None):
            request._cached_user = auth.get_user(request)
    return request._cached_user
