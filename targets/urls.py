from django.urls import path

from targets import cycle_views, views

app_name = "targets"

urlpatterns = [
    path("committees/<str:code>/", views.dashboard, name="dashboard"),
    path("committees/<str:code>/overview/", views.overview, name="overview"),
    path("committees/<str:code>/report/", views.report, name="report"),
    path("committees/<str:code>/targets/<str:target>/", views.target_detail, name="target"),
    path(
        "committees/<str:code>/entry/<int:year>/<int:quarter>/",
        cycle_views.entry,
        name="entry",
    ),
    path("review/", cycle_views.review_list, name="review"),
    path("review/<int:pk>/", cycle_views.review_detail, name="review_detail"),
    path("review/<int:pk>/approve/", cycle_views.review_approve, name="review_approve"),
    path("review/<int:pk>/return/", cycle_views.review_return, name="review_return"),
    path("review/<int:pk>/reopen/", cycle_views.review_reopen, name="review_reopen"),
    path("api/progress", views.api_progress, name="api_progress"),
]
