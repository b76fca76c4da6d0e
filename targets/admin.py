from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from districts.admin import CommitteeScopedAdmin
from targets import progress as engine
from targets.cycle import figure_write_refusal, moment_label, revision_write_refusal
from targets.history import target_history
from targets.models import AnnualPlan, Figure, Programme, QuarterlyReport, Revision, Target
from targets.progress_cache import terms_of
from targets.selectors import target_figures
from targets.workbook.admin import WorkbookSheetAdmin
from targets.workbook.resources import (
    AnnualPlanResource,
    FigureResource,
    ProgrammeResource,
    RevisionResource,
    TargetResource,
)

# The history reasons of the admin's writes.
ADDED_IN_ADMIN = _("Added in the admin")
CHANGED_IN_ADMIN = _("Changed in the admin")
DELETED_IN_ADMIN = _("Deleted in the admin")
REVERTED_IN_ADMIN = _("Reverted in the admin to the version of %(when)s")
REVERT_REFUSED = _("You may see this row's history but not revert it.")


class RecordsUserMixin:
    """Stamp figures with who entered them."""

    def save_model(self, request, obj, form, change):
        if isinstance(obj, Figure):
            obj.updated_by = request.user
        if isinstance(obj, Revision) and not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


def by_committee(path: str) -> tuple:
    """The filter by committee (the path to it), offering only the committees with rows."""
    return (path, admin.RelatedOnlyFieldListFilter)


class RuleWriteMixin:
    """Rows that their rule lets the user write only at times: one it refuses now is shown
    read-only and not deleted (`refusal` asks the rule for a row)."""

    def refusal(self, request, obj) -> str | None:
        raise NotImplementedError

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request, obj, super().has_delete_permission(request, obj))

    def _may_write(self, request, obj, allowed: bool) -> bool:
        if obj is None or not allowed:
            return allowed
        return self.refusal(request, obj) is None


class TermDataAdmin(CommitteeScopedAdmin):
    """Admin of rows of a term's data: a write moves the data version of the terms they are
    part of (progress_cache.terms_of knows the targets app's rows)."""

    def terms_of(self, rows) -> set[int]:
        return terms_of(rows)


class ScopedHistoryAdmin(TermDataAdmin, SimpleHistoryAdmin):
    """Committee-scoped admin with the change history (who, when, from what) of each row.

    simple_history's own views look the row up without the admin's queryset; each checks it
    here first, so that another committee's history is a 404 too. Its form view saves a POST
    from anyone who may view the row; here reverting takes the change permission on the row
    as it is and as it would become (which, for figures, is the cycle's rule).
    """

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        current = self.get_object(request, unquote(object_id))
        if not (version_id.isascii() and version_id.isdigit()):
            raise Http404(_("No such version."))
        version = get_object_or_404(
            self.model.history.filter(id=current.pk), history_id=int(version_id)
        )
        if request.method == "POST":
            if not (
                self.has_change_permission(request, current)
                and self.has_change_permission(request, version.instance)
            ):
                raise PermissionDenied(REVERT_REFUSED)
            request.history_reason = str(REVERTED_IN_ADMIN) % {
                "when": moment_label(version.history_date)
            }
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        reason = getattr(request, "history_reason", None)
        obj._change_reason = str(reason or (CHANGED_IN_ADMIN if change else ADDED_IN_ADMIN))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        obj._history_user = request.user
        obj._change_reason = str(DELETED_IN_ADMIN)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One by one, so that each row's history says who deleted it and how.
        for obj in queryset:
            self.delete_model(request, obj)


class FigureRuleForm(forms.ModelForm):
    """The admin's figure form: the figure is refused, beside its quarter, unless the user
    may write it in the quarter it is saved in (targets.cycle, the one rule)."""

    user = None  # set by FigureAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "value" in self.fields:
            # A ratio target's value is computed from its counts (Figure.clean).
            self.fields["value"].required = False
            self.fields["value"].help_text = _(
                "For a ratio target leave it empty: it is computed from the two counts."
            )

    def clean(self):
        cleaned = super().clean()
        target, year, quarter = (cleaned.get(key) for key in ("target", "year", "quarter"))
        if target is not None and year is not None and quarter is not None:
            refusal = figure_write_refusal(self.user, term=target.term, year=year, quarter=quarter)
            if refusal is not None:
                self.add_error("quarter" if "quarter" in self.fields else None, refusal)
        value_missing = "value" in self.fields and cleaned.get("value") is None
        if target is not None and not target.is_ratio and value_missing:
            self.add_error("value", forms.Field.default_error_messages["required"])
        return cleaned


class RevisionRuleForm(forms.ModelForm):
    """The admin's revision form: refused, beside its target, unless the user may enter
    revisions of that target's committee (targets.cycle.revision_write_refusal)."""

    user = None  # set by RevisionAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        target = cleaned.get("target")
        if target is not None:
            refusal = revision_write_refusal(self.user, term=target.term)
            if refusal is not None:
                self.add_error("target" if "target" in self.fields else None, refusal)
        return cleaned


@admin.register(Programme)
class ProgrammeAdmin(WorkbookSheetAdmin, TermDataAdmin):
    resource_classes = [ProgrammeResource]
    committee_path = "term__committee"
    scoped_foreign_keys = {"term": "committee"}
    list_display = ["number", "name", "term"]
    list_filter = ["term__start_year", by_committee("term__committee")]
    search_fields = ["name", "term__committee__code"]
    list_select_related = ["term__committee"]


class AnnualPlanInline(admin.TabularInline):
    model = AnnualPlan
    formfield_overrides = CommitteeScopedAdmin.formfield_overrides
    extra = 0


class ReadOnlyInline(admin.TabularInline):
    """Rows shown beside their target, to read: they are written on their own admin page,
    where their rule is asked."""

    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FigureInline(ReadOnlyInline):
    """A target's figures (written on their own page, the entry page or an import, where the
    cycle's rule is asked)."""

    model = Figure
    fields = ["year", "quarter", "value", "is_estimate", "note", "updated_by", "updated_at"]


class RevisionInline(ReadOnlyInline):
    """A target's revisions (entered on their own page, where the revision rule is asked)."""

    model = Revision
    fields = ["plan_year", "value", "from_quarter", "from_year", "basis", "created_by"]


@admin.register(Target)
class TargetAdmin(WorkbookSheetAdmin, RecordsUserMixin, ScopedHistoryAdmin):
    resource_classes = [TargetResource]
    committee_path = "term__committee"
    scoped_foreign_keys = {
        "term": "committee",
        "programme": "term__committee",
        # A parent target belongs to a committee above; any covered or visible one is allowed.
    }
    list_display = [
        "code",
        "name",
        "committee_code",
        "term_label",
        "group",
        "programme",
        "unit",
        "aggregation",
        "frequency",
        "direction",
        "term_target",
    ]
    list_filter = [
        "group",
        "aggregation",
        "frequency",
        "direction",
        "term__start_year",
        by_committee("term__committee"),
    ]
    search_fields = ["code", "name", "term__committee__code", "term__committee__name"]
    list_select_related = ["term__committee", "programme"]
    autocomplete_fields = ["parent"]
    inlines = [AnnualPlanInline, FigureInline, RevisionInline]
    # The target's own versions, then the changes of its figures, plans and revisions.
    object_history_template = "admin/targets/target/object_history.html"

    def history_view(self, request, object_id, extra_context=None):
        target = self.get_object(request, unquote(object_id))
        revisions = engine.revision_changes(target_figures(target, target.term))
        context = {**(extra_context or {}), "target_changes": target_history(target, revisions)}
        return super().history_view(request, object_id, context)

    @admin.display(description=_("committee"), ordering="term__committee__code")
    def committee_code(self, obj: Target) -> str:
        return obj.term.committee.code

    @admin.display(description=_("term"), ordering="term__start_year")
    def term_label(self, obj: Target) -> str:
        return obj.term.label


@admin.register(AnnualPlan)
class AnnualPlanAdmin(WorkbookSheetAdmin, ScopedHistoryAdmin):
    resource_classes = [AnnualPlanResource]
    committee_path = "target__term__committee"
    scoped_foreign_keys = {"target": "term__committee"}
    list_display = ["target", "year", "value"]
    list_filter = ["year", by_committee("target__term__committee")]
    search_fields = ["target__code", "target__name", "target__term__committee__code"]
    list_select_related = ["target"]
    autocomplete_fields = ["target"]


@admin.register(Figure)
class FigureAdmin(WorkbookSheetAdmin, RecordsUserMixin, RuleWriteMixin, ScopedHistoryAdmin):
    """Figures obey the cycle's rule (targets.cycle): a figure is shown read-only, and not
    deleted, unless the user may write it now; a new or changed one is refused, with the
    rule's message, unless the user may write it in the quarter it is saved in."""

    resource_classes = [FigureResource]

    def refusal(self, request, obj: Figure) -> str | None:
        term = obj.target.term
        return figure_write_refusal(request.user, term=term, year=obj.year, quarter=obj.quarter)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (FigureRuleForm, form), {"user": request.user})

    committee_path = "target__term__committee"
    scoped_foreign_keys = {"target": "term__committee"}
    list_display = [
        "target",
        "year",
        "quarter",
        "value",
        "numerator",
        "denominator",
        "is_estimate",
        "updated_by",
        "updated_at",
    ]
    list_filter = ["year", "quarter", "is_estimate", by_committee("target__term__committee")]
    search_fields = ["target__code", "target__name", "target__term__committee__code", "note"]
    list_select_related = ["target", "updated_by"]
    autocomplete_fields = ["target"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(ScopedHistoryAdmin):
    """Reports move only through the review screens (submit, approve, return, reopen), whose
    rules and history this admin must not bypass: here they are read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    scoped_foreign_keys = {"committee": "", "term": "committee"}
    list_display = [
        "committee",
        "year",
        "quarter",
        "status",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
    ]
    list_filter = ["status", "year", "quarter", by_committee("committee")]
    search_fields = ["committee__code", "committee__name", "review_comment"]
    list_select_related = ["committee", "submitted_by", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_at"]


@admin.register(Revision)
class RevisionAdmin(WorkbookSheetAdmin, RecordsUserMixin, RuleWriteMixin, ScopedHistoryAdmin):
    """Revisions of term targets and annual plans, with their basis. Only reviewers (at the
    committee or above) and administrators enter them: for anyone else a revision is
    read-only, and a new one is refused with the rule's message."""

    resource_classes = [RevisionResource]
    committee_path = "target__term__committee"
    scoped_foreign_keys = {"target": "term__committee"}
    list_display = [
        "target",
        "plan_year",
        "value",
        "in_force_label",
        "basis",
        "created_by",
        "created_at",
    ]
    list_filter = ["from_year", by_committee("target__term__committee")]
    search_fields = ["target__code", "target__name", "target__term__committee__code", "basis"]
    list_select_related = ["target", "created_by"]
    autocomplete_fields = ["target"]
    readonly_fields = ["created_by", "created_at"]

    @admin.display(description=_("in force from"), ordering="from_year")
    def in_force_label(self, obj: Revision) -> str:
        return obj.in_force_label

    def refusal(self, request, obj: Revision) -> str | None:
        return revision_write_refusal(request.user, term=obj.target.term)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (RevisionRuleForm, form), {"user": request.user})
