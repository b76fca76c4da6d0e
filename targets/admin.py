from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from districts.access import rights
from districts.admin import CommitteeScopedAdmin, WorkbookSheetAdmin
from targets.models import AnnualPlan, Measurement, Programme, QuarterlyReport, Target
from targets.resources import (
    AnnualPlanResource,
    MeasurementResource,
    ProgrammeResource,
    TargetResource,
)


class ScopedHistoryAdmin(CommitteeScopedAdmin, SimpleHistoryAdmin):
    """Committee-scoped admin with the change history (who, when, from what) of each row.

    simple_history's own views look the row up without the admin's queryset; each checks it
    here first, so that another committee's history is a 404 too.
    """

    def history_view(self, request, object_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self.get_object(request, unquote(object_id))
        return super().history_form_view(request, object_id, version_id, extra_context)


class RecordsUserMixin:
    """Stamp figures with who entered them."""

    def save_model(self, request, obj, form, change):
        if isinstance(obj, Measurement):
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            if isinstance(instance, Measurement):
                instance.updated_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()


@admin.register(Programme)
class ProgrammeAdmin(WorkbookSheetAdmin, CommitteeScopedAdmin):
    resource_classes = [ProgrammeResource]
    committee_path = "term__committee"
    scoped_foreign_keys = {"term": "committee"}
    list_display = ["number", "name", "term"]
    list_filter = ["term__start_year", ("term__committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "term__committee__code"]
    list_select_related = ["term__committee"]


class AnnualPlanInline(admin.TabularInline):
    model = AnnualPlan
    formfield_overrides = CommitteeScopedAdmin.formfield_overrides
    extra = 0


class MeasurementInline(admin.TabularInline):
    model = Measurement
    formfield_overrides = CommitteeScopedAdmin.formfield_overrides
    extra = 0
    fields = ["year", "quarter", "value", "is_estimate", "note", "updated_by", "updated_at"]
    readonly_fields = ["updated_by", "updated_at"]


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
        "direction",
        "term_target",
    ]
    list_filter = [
        "group",
        "aggregation",
        "direction",
        "term__start_year",
        ("term__committee", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["code", "name", "term__committee__code", "term__committee__name"]
    list_select_related = ["term__committee", "programme"]
    autocomplete_fields = ["parent"]
    inlines = [AnnualPlanInline, MeasurementInline]

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
    list_filter = ["year", ("target__term__committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["target__code", "target__name", "target__term__committee__code"]
    list_select_related = ["target"]
    autocomplete_fields = ["target"]


@admin.register(Measurement)
class MeasurementAdmin(WorkbookSheetAdmin, RecordsUserMixin, ScopedHistoryAdmin):
    """Figures obey the rules of the entry screen: only an editor of the figure's own committee
    changes it, and never in an approved quarter (Measurement.clean refuses that too)."""

    resource_classes = [MeasurementResource]

    def has_change_permission(self, request, obj=None):
        return self._may_write(request, obj, super().has_change_permission(request, obj))

    def has_delete_permission(self, request, obj=None):
        return self._may_write(request, obj, super().has_delete_permission(request, obj))

    def _may_write(self, request, obj, allowed: bool) -> bool:
        if obj is None or not allowed:
            return allowed
        return rights(request.user, obj.target.term.committee).enter and not obj.is_locked

    committee_path = "target__term__committee"
    scoped_foreign_keys = {"target": "term__committee"}
    list_display = [
        "target",
        "year",
        "quarter",
        "value",
        "is_estimate",
        "updated_by",
        "updated_at",
    ]
    list_filter = [
        "year",
        "quarter",
        "is_estimate",
        ("target__term__committee", admin.RelatedOnlyFieldListFilter),
    ]
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
    list_filter = ["status", "year", "quarter", ("committee", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["committee__code", "committee__name", "review_comment"]
    list_select_related = ["committee", "submitted_by", "reviewed_by"]
    readonly_fields = ["submitted_at", "reviewed_at"]
