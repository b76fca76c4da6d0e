"""The database's named constraints, one line each: `unique("app_model_what", *fields)` and
`check("app_model_what", condition)`. Models of both apps declare their invariants with these."""

from django.db import models
from django.db.models import Q


def unique(name: str, *fields: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=list(fields), name=name)


def check(name: str, condition: Q) -> models.CheckConstraint:
    return models.CheckConstraint(condition=condition, name=name)
