from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig


class TargetsConfig(AppConfig):
    # The module holds two configs (the other one is django-tasks-db's): this is the app's own.
    default = True
    default_auto_field = "django.db.models.BigAutoField"
    name = "targets"
    verbose_name = _("Targets")


class BackgroundTasksConfig(TasksAppConfig):
    """django-tasks-db's queue under a Vietnamese name in the admin (its model's names are in
    our catalogue, listed in targets/third_party_messages.py)."""

    verbose_name = _("Background tasks")
