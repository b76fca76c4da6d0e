"""The whole-workbook screens, under /admin/workbook/: admin pages (the admin's login, header and
permissions), each view's own rule deciding who may use it."""

from django.contrib import admin
from django.urls import path

from targets.workbook import upload_views, views

SCREENS = [
    ("import/", views.workbook_import_view, "workbook_import"),
    ("uploads/", upload_views.workbook_uploads_view, "workbook_uploads"),
    ("uploads/<int:pk>/", upload_views.workbook_upload_view, "workbook_upload"),
    (
        "uploads/<int:pk>/progress.json",
        upload_views.workbook_upload_progress_view,
        "workbook_upload_progress",
    ),
    ("template.xlsx", views.workbook_template_view, "workbook_template"),
    ("export/", views.workbook_export_view, "workbook_export"),
]

urlpatterns = [path(route, admin.site.admin_view(view), name=name) for route, view, name in SCREENS]
