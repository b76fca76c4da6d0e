from django.urls import path

from targets import views

app_name = "targets"

urlpatterns = [
    path("committees/<str:code>/", views.dashboard, name="dashboard"),
    path("committees/<str:code>/overview/", views.overview, name="overview"),
    path("committees/<str:code>/report/", views.report, name="report"),
    path("committees/<str:code>/targets/<str:target>/", views.target_detail, name="target"),
    path("api/progress", views.api_progress, name="api_progress"),
]
