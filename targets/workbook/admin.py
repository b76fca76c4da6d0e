"""Each sheet of the workbook in the admin (django-import-export's import and export screens),
for the models of both apps: the Committee and Term admins of `districts` get their sheets
here, so that `districts` needs nothing from `targets`."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from import_export.admin import ImportExportMixin
from import_export.forms import ImportForm

from districts.admin import CommitteeAdmin, TermAdmin
from districts.models import Committee, Term
from targets.previews import PreviewExpired
from targets.workbook import reading
from targets.workbook.contract import CellError
from targets.workbook.resources import CommitteeResource, SheetCSV, SheetXLSX, TermResource


class SheetImportForm(ImportForm):
    """The admin's import form, refusing a file over the upload limit before it is read."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        try:
            reading.check_upload_size(upload.size)
        except reading.FileTooLarge as error:
            raise ValidationError(str(error)) from None
        return upload


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


admin.site.unregister(Committee)
admin.site.unregister(Term)


@admin.register(Committee)
class CommitteeSheetAdmin(WorkbookSheetAdmin, CommitteeAdmin):
    resource_classes = [CommitteeResource]


@admin.register(Term)
class TermSheetAdmin(WorkbookSheetAdmin, TermAdmin):
    resource_classes = [TermResource]
