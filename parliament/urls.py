from django.urls import path

import recommendations.urls  # noqa: F401  (registers the "stored" converter)

from . import views

urlpatterns = [
    path("committees/", views.committee_list, name="committee_list"),
    path("committees/<stored:slug>/", views.committee_detail, name="committee_detail"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/<stored:slug>/", views.department_detail, name="department_detail"),
    path("responses/awaited/", views.awaited_list, name="awaited_list"),
    path("responses/awaited/feed/", views.AwaitedFeed(), name="awaited_feed"),
]
