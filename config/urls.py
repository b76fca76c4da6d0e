from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from targets import views as target_views


class FaviconRedirect(RedirectView):
    """To the icon's (hashed, in production) static address, looked up when asked for, so that
    loading the URLs (every management command's checks) needs no collected static files."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("targets/favicon.svg")


admin.site.site_header = "Chỉ tiêu"
admin.site.site_title = "Chỉ tiêu"

urlpatterns = [
    # The pages asked for most first (each request tries the patterns in order): their
    # addresses (committees/, review/, api/) are no other pattern's.
    path("", include("targets.urls")),
    path("", target_views.home, name="home"),
    # Browsers ask for /favicon.ico on pages (such as the admin's) that name no icon.
    path("favicon.ico", FaviconRedirect.as_view()),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(success_url="/password/done/"),
        name="password_change",
    ),
    path(
        "password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("admin/workbook/", include("targets.workbook.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.BENCH:
    urlpatterns.insert(0, path("bench/", include("bench.urls")))

handler403 = "targets.views.forbidden"
handler404 = "targets.views.not_found"
