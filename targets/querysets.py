"""The reads of the screens as QuerySet methods (STYLE.md: `Target.objects.for_display(term)`),
one per screen, built with select_related/prefetch_related/annotate."""

from __future__ import annotations

from django.db import models

from districts.models import Term


class TargetQuerySet(models.QuerySet):
    def for_display(self, term: Term) -> TargetQuerySet:
        """Every target of a term in the order the pages show them, with its programme (one
        query); their figures and progress come from targets.progress_cache."""
        return (
            self.filter(term=term)
            .select_related("programme")
            .order_by(models.F("programme__number").asc(nulls_last=True), "code")
        )
