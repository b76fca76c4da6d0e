from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from districts.constraints import check, unique
from districts.models import Committee, Term
from targets import numbers
from targets import progress as engine
from targets.counts import counts_errors
from targets.querysets import (
    FigureQuerySet,
    QuarterlyReportQuerySet,
    TargetQuerySet,
)

# Figures are exact decimals: 14 digits before the decimal mark, 4 after.
FIGURE_MAX_DIGITS = numbers.INTEGER_DIGITS + numbers.DECIMAL_PLACES
FIGURE_DECIMAL_PLACES = numbers.DECIMAL_PLACES


def figure_field(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name,
        max_digits=FIGURE_MAX_DIGITS,
        decimal_places=FIGURE_DECIMAL_PLACES,
        **kwargs,
    )


# A year column must be a plausible year; the database also checks, by trigger, that it lies
# inside the target's term (see migration 0002).
PLAUSIBLE_YEAR = Q(year__gte=1930, year__lte=2200)


def person_field(verbose_name) -> models.ForeignKey:
    """Who did something to a row: None once that user is deleted; users have no way back."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )


def quarter_constraints(prefix: str, owner: str) -> list:
    """The invariants of a row of one quarter: one per owner and quarter, the quarter 1 to 4,
    a plausible year."""
    return [
        unique(f"{prefix}_unique_quarter", owner, "year", "quarter"),
        check(f"{prefix}_quarter_1_4", Q(quarter__gte=1, quarter__lte=4)),
        check(f"{prefix}_year_plausible", PLAUSIBLE_YEAR),
    ]


class Programme(models.Model):
    """A numbered work programme (chương trình công tác) of a term."""

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="programmes"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=500)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["term", "number"]
        constraints = [
            unique("targets_programme_unique_number", "term", "number"),
            check("targets_programme_number_positive", Q(number__gte=1)),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class Target(models.Model):
    """A numbered target (chỉ tiêu) of a term."""

    class Group(models.TextChoices):
        PARTY_BUILDING = "party_building", _("Party building")
        SOCIO_ECONOMIC = "socio_economic", _("Socio-economic")
        DEFENCE_SECURITY = "defence_security", _("Defence and security")
        OTHER = "other", _("Other")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Cumulative (sum)")
        LATEST = "latest", _("Latest value")
        AVERAGE = "average", _("Average")
        RATIO = "ratio", _("Ratio")

    class Frequency(models.TextChoices):
        QUARTER = "quarter", _("Every quarter")
        HALF_YEAR = "half_year", _("Every half-year")
        YEAR = "year", _("Once a year")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="targets"
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
    )
    code = models.CharField(_("code"), max_length=32)
    name = models.CharField(_("name"), max_length=500)
    group = models.CharField(_("group"), max_length=20, choices=Group.choices)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    aggregation = models.CharField(_("aggregation"), max_length=10, choices=Aggregation.choices)
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    frequency = models.CharField(
        _("reporting frequency"),
        max_length=10,
        choices=Frequency.choices,
        default=Frequency.QUARTER,
        help_text=_("Every quarter, every half-year (Q2 and Q4) or once a year (Q4)."),
    )
    baseline = figure_field(_("baseline"), null=True, blank=True)
    term_target = figure_field(
        _("term target"),
        null=True,
        blank=True,
        help_text=_("As the congress set it; a later change is entered as a revision."),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
        help_text=_("The parent committee's target that this one contributes to."),
    )

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["term", "code"]
        constraints = [
            unique("targets_target_unique_code", "term", "code"),
            check("targets_target_code_not_empty", ~Q(code="")),
            check("targets_target_not_own_parent", ~Q(parent=models.F("pk"))),
            check(
                "targets_target_frequency_valid", Q(frequency__in=["quarter", "half_year", "year"])
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    @property
    def is_ratio(self) -> bool:
        return self.aggregation == self.Aggregation.RATIO

    def is_due(self, quarter: int) -> bool:
        """Whether a figure of this target is due in the quarter (by its reporting frequency)."""
        return engine.is_due(engine.Frequency(self.frequency), quarter)

    def clean(self) -> None:
        errors = {}
        if self.programme_id and self.term_id and self.programme.term_id != self.term_id:
            errors["programme"] = _("The programme belongs to another term.")
        if self.parent_id and self.term_id:
            parent_committee = self.parent.term.committee
            if parent_committee.pk != self.term.committee.parent_id:
                errors["parent"] = _("The parent target must belong to the parent committee.")
        if errors:
            raise ValidationError(errors)

    @property
    def committee(self) -> Committee:
        return self.term.committee


def _years_outside_term(term: Term, **years: int | None) -> dict[str, str]:
    """The year fields whose year lies outside the term, each with its message."""
    return {
        field: _("Year %(year)s is outside the term %(term)s.") % {"year": year, "term": term.label}
        for field, year in years.items()
        if year is not None and not term.contains_year(year)
    }


def _check_year_in_term(year: int | None, term: Term) -> None:
    errors = _years_outside_term(term, year=year)
    if errors:
        raise ValidationError(errors)


class AnnualPlan(models.Model):
    """The planned value (kế hoạch, dự toán) of a target for one year."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = figure_field(_("plan"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("annual plan")
        verbose_name_plural = _("annual plans")
        ordering = ["target", "year"]
        constraints = [
            unique("targets_annualplan_unique_year", "target", "year"),
            check("targets_annualplan_year_plausible", PLAUSIBLE_YEAR),
        ]

    def __str__(self) -> str:
        return f"{self.target.code} {self.year}: {self.value}"

    def clean(self) -> None:
        if self.target_id:
            _check_year_in_term(self.year, self.target.term)


class Figure(models.Model):
    """The figure (kết quả quý) of one target in one quarter.

    A ratio target's figure is its two counts (26 schools of 27); its value is the percentage
    the engine computes from them, stored alongside so that lists and history read alike.
    """

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="figures"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = figure_field(_("value"))
    numerator = figure_field(
        _("numerator"), null=True, blank=True, help_text=_("Ratio targets: the count that meets.")
    )
    denominator = figure_field(
        _("denominator"), null=True, blank=True, help_text=_("Ratio targets: the count of all.")
    )
    is_estimate = models.BooleanField(
        _("estimate"),
        default=False,
        help_text=_("An estimate (số ước) to be replaced by the official figure."),
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = person_field(_("updated by"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = FigureQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly figure")
        verbose_name_plural = _("quarterly figures")
        ordering = ["target", "year", "quarter"]
        constraints = [
            *quarter_constraints("targets_measurement", "target"),
            check(
                "targets_measurement_counts_together",
                Q(numerator__isnull=True, denominator__isnull=True)
                | Q(numerator__isnull=False, denominator__isnull=False),
            ),
            check(
                "targets_measurement_denominator_positive",
                Q(denominator__isnull=True) | Q(denominator__gt=0),
            ),
            check(
                "targets_measurement_numerator_not_negative",
                Q(numerator__isnull=True) | Q(numerator__gte=0),
            ),
        ]

    def __str__(self) -> str:
        if self.numerator is not None and self.denominator is not None:
            counts = numbers.counts_text(self.numerator, self.denominator)
            return f"{self.target.code} {self.year} Q{self.quarter}: {counts}"
        return f"{self.target.code} {self.year} Q{self.quarter}: {self.value}"

    @property
    def counts(self) -> engine.Counts | None:
        if self.numerator is None or self.denominator is None:
            return None
        return engine.Counts(self.numerator, self.denominator)

    def set_counts(self, numerator, denominator) -> None:
        """Give a ratio figure its counts and the value the engine computes from them."""
        self.numerator, self.denominator = numerator, denominator
        errors = counts_errors(self.target, numerator, denominator)
        if not errors and numerator is not None:
            self.value = engine.stored_ratio_value(numerator, denominator)

    def clean(self) -> None:
        # Who may write the figure, and whether its quarter is open, depend on the user:
        # targets.cycle.figure_write_refusal, asked by every path that writes one.
        if self.target_id:
            errors = counts_errors(self.target, self.numerator, self.denominator)
            if errors:
                raise ValidationError(errors)
            if self.target.is_ratio:
                self.value = engine.stored_ratio_value(self.numerator, self.denominator)
            _check_year_in_term(self.year, self.target.term)


class QuarterlyReport(models.Model):
    """One committee's submission (báo cáo quý) for one quarter of a term."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    committee = models.ForeignKey(
        Committee, verbose_name=_("committee"), on_delete=models.CASCADE, related_name="reports"
    )
    term = models.ForeignKey(
        Term, verbose_name=_("term"), on_delete=models.CASCADE, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    assessment = models.TextField(_("assessment"), blank=True)
    submitted_by = person_field(_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = person_field(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)

    history = HistoricalRecords()
    objects = QuarterlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("quarterly report")
        verbose_name_plural = _("quarterly reports")
        ordering = ["committee__code", "year", "quarter"]
        constraints = [
            *quarter_constraints("targets_quarterlyreport", "term"),
        ]
        indexes = [
            # The quarters waiting for a reviewer, counted in every reviewer's header: a few
            # rows among a country's tens of thousands of reports.
            models.Index(
                fields=["committee"],
                condition=Q(status="submitted"),
                name="targets_report_submitted",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.committee.code} {self.year} Q{self.quarter} ({self.get_status_display()})"

    def clean(self) -> None:
        if self.term_id:
            _check_year_in_term(self.year, self.term)
            if self.committee_id and self.term.committee_id != self.committee_id:
                raise ValidationError({"term": _("The term belongs to another committee.")})


class Revision(models.Model):
    """A change of a target's term target (plan_year empty) or of one year's plan by a
    decision (điều chỉnh chỉ tiêu), in force from a quarter on. The original value stays on the
    target or the plan; the engine uses whichever is in force at the moment it looks at."""

    target = models.ForeignKey(
        Target, verbose_name=_("target"), on_delete=models.CASCADE, related_name="revisions"
    )
    plan_year = models.PositiveSmallIntegerField(
        _("plan year"),
        null=True,
        blank=True,
        help_text=_("The year whose annual plan is revised; empty when the term target is."),
    )
    value = figure_field(_("new value"))
    from_year = models.PositiveSmallIntegerField(_("in force from (year)"))
    from_quarter = models.PositiveSmallIntegerField(_("in force from (quarter)"))
    basis = models.CharField(
        _("basis"),
        max_length=500,
        help_text=_("The decision: number and date, e.g. Nghị quyết số 15-NQ/QU ngày 07/4/2023."),
    )
    created_by = person_field(_("entered by"))
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["target", "plan_year", "from_year", "from_quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["target", "from_year", "from_quarter"],
                condition=Q(plan_year__isnull=True),
                name="targets_revision_unique_term_target",
            ),
            models.UniqueConstraint(
                fields=["target", "plan_year", "from_year", "from_quarter"],
                condition=Q(plan_year__isnull=False),
                name="targets_revision_unique_plan",
            ),
            check("targets_revision_quarter_1_4", Q(from_quarter__gte=1, from_quarter__lte=4)),
            check("targets_revision_year_plausible", Q(from_year__gte=1930, from_year__lte=2200)),
            check(
                "targets_revision_plan_year_plausible",
                Q(plan_year__isnull=True) | Q(plan_year__gte=1930, plan_year__lte=2200),
            ),
            check("targets_revision_basis_not_empty", ~Q(basis="")),
        ]

    def __str__(self) -> str:
        what = self.plan_year if self.plan_year else _("term target")
        return f"{self.target.code} {what}: {self.value} ({self.from_quarter}/{self.from_year})"

    def clean(self) -> None:
        if not self.target_id:
            return
        errors = _years_outside_term(
            self.target.term, from_year=self.from_year, plan_year=self.plan_year
        )
        if errors:
            raise ValidationError(errors)

    @property
    def in_force_label(self) -> str:
        return f"{self.from_quarter}/{self.from_year}"

    def as_engine(self) -> engine.Revision:
        return engine.Revision(
            value=self.value,
            from_year=self.from_year,
            from_quarter=self.from_quarter,
            basis=self.basis,
            plan_year=self.plan_year,
        )


# The workbook kept for its import, in a module of its own (the import's, not the cycle's).
from targets.upload_models import SheetPreview, WorkbookUpload  # noqa: E402, F401
