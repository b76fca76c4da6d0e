from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from districts.access import committee_parent_refusal
from districts.models import Committee, Membership, Term
from targets import xlsx
from targets.previews import PreviewExpired
from targets.progress_cache import data_changed, terms_of
from targets.resources import CommitteeResource, SheetCSV, SheetXLSX, TermResource
from targets.workbook import CellError


class SheetImportForm(ImportForm):
    """The admin's import form, refusing a file over the upload limit before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            xlsx.check_upload_size(upload.size)
        except xlsx.FileTooLarge as error:
            raise ValidationError(str(error)) from None
        return upload


class CommitteeScopedAdmin(admin.ModelAdmin):
    """Admin whose rows, and foreign-key choices, are limited to the committees the user's
    memberships cover. Superusers see everything.

    `committee_path` is the lookup from the model to its committee ("" for Committee itself).
    """

    committee_path = "committee"
    # Figures are typed the Vietnamese way: 1.075,5.
    formfield_overrides = {models.DecimalField: {"localize": True}}
    # Foreign keys to limit, with the lookup from the related model to its committee.
    scoped_foreign_keys: dict[str, str] = {}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        queryset = super().get_queryset(request)
        return scope_to_user(queryset, self.committee_path, request.user)

    def get_object(self, request, object_id, from_field=None):
        """A row outside the user's committees is missing: 404, as on every other screen
        (Django's admin would redirect to its index with a message)."""
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(_("No such row, or not within your committees."))
        return obj

    # Admin writes are writes like any other: the terms they touch get a new data version,
    # in the admin's own transaction, so that no page shows results cached before them.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        data_changed(terms_of([obj]))

    def delete_model(self, request, obj):
        terms = terms_of([obj])
        super().delete_model(request, obj)
        data_changed(terms)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            terms = terms_of(queryset)
            super().delete_queryset(request, queryset)
            data_changed(terms)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = self.scoped_foreign_keys.get(db_field.name)
        if path is not None and "queryset" not in kwargs:
            queryset = db_field.remote_field.model._default_manager.all()
            kwargs["queryset"] = scope_to_user(queryset, path, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class WorkbookSheetAdmin(ImportExportMixin):
    """Import and export of one sheet of the workbook contract, as .xlsx or .csv.

    The resource imports through the same service as the whole workbook, with the request's
    user: rows of committees outside their memberships are refused row by row. Exports take
    the admin's own (scoped) queryset.
    """

    import_formats = [SheetXLSX, SheetCSV]
    export_formats = [SheetXLSX, SheetCSV]
    import_form_class = SheetImportForm
    # CSV files from Excel often start with a byte order mark.
    from_encoding = "utf-8-sig"

    def process_import(self, request, **kwargs):
        """The confirmation of a previewed sheet; one whose preview is gone (expired, already
        imported, or a file name never handed out) is sent back to upload it again."""
        try:
            return super().process_import(request, **kwargs)
        except PreviewExpired:
            messages.error(request, _("The upload has expired; please upload the file again."))
            opts = self.model._meta
            return redirect(f"admin:{opts.app_label}_{opts.model_name}_import")

    def add_data_read_fail_error_to_form(self, form, e):
        """A file over the limits, or not a workbook, is named as such (django-import-export
        would only name the exception)."""
        if isinstance(e, CellError):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)


def scope_to_user(queryset: QuerySet, committee_path: str, user) -> QuerySet:
    if user.is_superuser:
        return queryset
    lookup = f"{committee_path}__in" if committee_path else "pk__in"
    return queryset.filter(**{lookup: Committee.objects.covered_by(user).values("pk")})


class CommitteeForm(forms.ModelForm):
    """A committee is placed only where districts.access.committee_parent_refusal allows."""

    user = None  # set by CommitteeAdmin.get_form

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        refusal = committee_parent_refusal(self.user, committee=self.instance, parent=parent)
        if refusal is not None:
            raise forms.ValidationError(refusal)
        return parent


@admin.register(Committee)
class CommitteeAdmin(WorkbookSheetAdmin, CommitteeScopedAdmin):
    resource_classes = [CommitteeResource]
    committee_path = ""
    # The parent is chosen among every committee, so that one's own committee keeps the parent
    # it has above one's memberships; where it may go is the form's rule.
    scoped_foreign_keys = {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (CommitteeForm, form), {"user": request.user})

    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]


@admin.register(Term)
class TermAdmin(WorkbookSheetAdmin, CommitteeScopedAdmin):
    resource_classes = [TermResource]
    scoped_foreign_keys = {"committee": ""}
    list_display = ["committee", "label", "congress_display"]
    list_filter = ["start_year", "end_year"]
    search_fields = ["committee__code", "committee__name"]
    list_select_related = ["committee"]
    autocomplete_fields = ["committee"]

    @admin.display(description=_("term"), ordering="start_year")
    def label(self, obj: Term) -> str:
        return obj.label

    @admin.display(description=_("congress"), ordering="congress")
    def congress_display(self, obj: Term) -> str:
        return obj.congress_roman


@admin.register(Membership)
class MembershipAdmin(CommitteeScopedAdmin):
    scoped_foreign_keys = {"committee": ""}
    list_display = ["user", "committee", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "committee__code", "committee__name"]
    list_select_related = ["user", "committee"]
    autocomplete_fields = ["user", "committee"]
