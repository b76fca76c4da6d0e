from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from targets import views as target_views

admin.site.site_header = "Chỉ tiêu"
admin.site.site_title = "Chỉ tiêu"

urlpatterns = [
    path("", target_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("targets.urls")),
]
