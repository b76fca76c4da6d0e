"""The test suite's settings: the project's own, read as the demo reads them (DEBUG=1 when they
are loaded: the demo's key, static files without a manifest). pytest-django then runs the
tests with DEBUG off, as Django's test runner does."""

import os

os.environ.setdefault("DEBUG", "1")

from config.settings import *  # noqa: E402, F403

# Tasks run at once, within the test (a test of the worker itself sets the database backend).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# One connection: the tests run inside a transaction that a second connection cannot see.
DATABASES.pop("progress", None)  # noqa: F405
