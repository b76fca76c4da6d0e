from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DistrictsConfig(AppConfig):
    # The module holds two configs (the other one is django-axes'): this is the app's own.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "districts"
    verbose_name = _("Committees")


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes under a Vietnamese name in the admin (it ships no Vietnamese catalogue; its
    messages are in ours, listed in targets/third_party_messages.py)."""

    verbose_name = _("Login attempts")
