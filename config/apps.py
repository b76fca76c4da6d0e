"""Third-party apps under Vietnamese names in the admin. They ship no Vietnamese catalogue; the
words are in ours, listed in targets/third_party_messages.py."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class LoginAttemptsConfig(AxesAppConfig):
    """django-axes."""

    verbose_name = _("Login attempts")


class BackgroundTasksConfig(TasksAppConfig):
    """django-tasks-db's queue."""

    verbose_name = _("Background tasks")
