import json
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from targets import numbers, services
from targets.models import Figure


class FigureField(forms.DecimalField):
    """A figure typed the Vietnamese way (1.075,5), read by the same rules as the spreadsheet
    import: "14.84" is refused rather than taken for 1484."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return numbers.parse_typed(str(value).strip())
        except numbers.NumberError as error:
            if numbers.english_page():
                raise forms.ValidationError(
                    _("“%(value)s” is not a number (write it as 1,075.5).") % {"value": value},
                    code="invalid",
                ) from None
            raise forms.ValidationError(str(error), code="invalid") from None


class FigureForm(forms.Form):
    """One target's row of the quarterly entry form. Numbers are typed the Vietnamese way
    (1.075,5); `seen` carries the figure's version when the page was opened."""

    target = forms.IntegerField(widget=forms.HiddenInput)
    seen = forms.CharField(widget=forms.HiddenInput, required=False)
    value = FigureField(
        label=_("Figure"),
        required=False,
        max_digits=Figure._meta.get_field("value").max_digits,
        decimal_places=Figure._meta.get_field("value").decimal_places,
    )
    # A ratio target's figure: the two counts (26 schools of 27).
    numerator = FigureField(
        label=_("Numerator"),
        required=False,
        max_digits=Figure._meta.get_field("numerator").max_digits,
        decimal_places=Figure._meta.get_field("numerator").decimal_places,
    )
    denominator = FigureField(
        label=_("Denominator"),
        required=False,
        max_digits=Figure._meta.get_field("denominator").max_digits,
        decimal_places=Figure._meta.get_field("denominator").decimal_places,
    )
    is_estimate = forms.BooleanField(label=_("Estimate"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)

    def clean_seen(self) -> dict:
        try:
            remembered = json.loads(self.cleaned_data["seen"] or "{}")
            value = remembered.get("value")
            numerator, denominator = remembered.get("numerator"), remembered.get("denominator")
            return {
                "stamp": str(remembered.get("stamp") or ""),
                "value": None if value is None else Decimal(value),
                "numerator": None if numerator is None else Decimal(numerator),
                "denominator": None if denominator is None else Decimal(denominator),
                "is_estimate": bool(remembered.get("is_estimate")),
                "note": str(remembered.get("note") or ""),
            }
        except (ValueError, TypeError, AttributeError, ArithmeticError):
            raise forms.ValidationError(_("The form was damaged; open the page again.")) from None


class BaseFigureFormSet(forms.BaseFormSet):
    """The entry page's rows, one form per target of the quarter."""

    @classmethod
    def for_rows(cls, rows) -> "BaseFigureFormSet":
        """A fresh form of the quarter's rows (selectors.quarter_page), showing their figures."""
        initial = [
            {
                "target": row.target.pk,
                "seen": json.dumps(services.seen(row.figure)),
                **services.initial_figure(row.figure),
                "is_estimate": row.figure.is_estimate if row.figure else False,
                "note": row.figure.note if row.figure else "",
            }
            for row in rows
        ]
        return cls(prefix="figures", initial=initial)

    def figure_rows(self) -> list[services.FigureInput]:
        """What a valid form typed, as the save service takes it."""
        return [_figure_input(form.cleaned_data) for form in self]

    def mark_refused(self, errors: dict[int, str]) -> None:
        """The service's refusals, by target id, beside their rows' boxes."""
        for form in self:
            message = errors.get(form.cleaned_data["target"])
            if message:
                form.add_error("value", message)


# The typed fields of a row, each also remembered as the form showed it (`seen_<field>`).
TYPED = ("value", "numerator", "denominator", "is_estimate", "note")


def _figure_input(data: dict) -> services.FigureInput:
    seen = data["seen"]
    return services.FigureInput(
        target_id=data["target"],
        **{name: data[name] for name in TYPED},
        **{f"seen_{name}": seen[name] for name in ("stamp", *TYPED)},
    )


FigureFormSet = forms.formset_factory(FigureForm, formset=BaseFigureFormSet, extra=0)


class SubmitForm(forms.Form):
    assessment = forms.CharField(
        label=_("Assessment of the quarter"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def required_text(label: str, message, rows: int) -> forms.CharField:
    """A text box that must hold more than spaces; empty, it says the service's own message."""
    widget = forms.Textarea(attrs={"rows": rows})
    return forms.CharField(label=label, widget=widget, error_messages={"required": message})


class ReturnForm(forms.Form):
    """A reviewer's return of a submitted quarter: what needs correcting is required."""

    comment = required_text(_("What needs correcting"), services.RETURN_NEEDS_COMMENT, rows=3)


class ReopenForm(forms.Form):
    """An administrator's reopening of an approved quarter: the reason is required."""

    reason = required_text(_("Reason for reopening"), services.REOPEN_NEEDS_REASON, rows=2)
