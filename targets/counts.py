"""A ratio figure's two counts (26 schools of 27): what is wrong with them for their target, by
field. One rule for every path that writes a figure: the model's clean(), the entry page, the
admin and the import."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

# Why a figure's counts are refused (the tests import these).
COUNTS_REQUIRED = _("A ratio target needs both counts: the numerator and the denominator.")
COUNTS_NOT_ALLOWED = _("Only a ratio target has a numerator and a denominator.")
DENOMINATOR_POSITIVE = _("The denominator must be greater than 0.")
NUMERATOR_NOT_NEGATIVE = _("The numerator must not be negative.")


def counts_errors(target, numerator, denominator) -> dict[str, str]:
    """What is wrong with a figure's counts for its target, by field; empty if nothing.

    One rule for every path that writes a figure: the entry page, the admin, the import."""
    if not target.is_ratio:
        if numerator is not None or denominator is not None:
            return {"numerator": COUNTS_NOT_ALLOWED}
        return {}
    errors = {}
    if numerator is None:
        errors["numerator"] = COUNTS_REQUIRED
    elif numerator < 0:
        errors["numerator"] = NUMERATOR_NOT_NEGATIVE
    if denominator is None:
        errors["denominator"] = COUNTS_REQUIRED
    elif denominator <= 0:
        errors["denominator"] = DENOMINATOR_POSITIVE
    return errors
