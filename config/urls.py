from django.contrib import admin
from django.urls import path
from django.views.generic import RedirectView

admin.site.site_header = "Chỉ tiêu"
admin.site.site_title = "Chỉ tiêu"

urlpatterns = [
    # Until the dashboards exist, the admin is the way in.
    path("", RedirectView.as_view(pattern_name="admin:index", permanent=False), name="home"),
    path("admin/", admin.site.urls),
]
