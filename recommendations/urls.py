from django.urls import path, register_converter

from . import followthrough, listing, sitemaps, views
from .converters import StoredValueConverter

register_converter(StoredValueConverter, "stored")

urlpatterns = [
    path("", views.home, name="home"),
    path("recommendations/", listing.recommendation_list, name="recommendation_list"),
    path("recommendations/export.csv", listing.export_csv, name="export_csv"),
    path("recommendations/export.json", listing.export_json, name="export_json"),
    path("feeds/", listing.status_change_feed, name="feed"),
    path("reports/<stored:slug>/", views.report_detail, name="report_detail"),
    path("reports/<stored:slug>/<stored:number>/", views.recommendation_detail, name="recommendation_detail"),
    path("themes/", views.theme_list, name="theme_list"),
    path("themes/<stored:slug>/", views.theme_detail, name="theme_detail"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/<stored:key>/", views.question_detail, name="question_detail"),
    path("commitments/", followthrough.commitment_list, name="commitment_list"),
    path("commitments/feed/", followthrough.CommitmentFeed(), name="commitment_feed"),
    path("reviews/", followthrough.review_list, name="review_list"),
    path("reviews/<stored:slug>/", followthrough.review_detail, name="review_detail"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemaps/<slug:section>-<int:number>.xml", sitemaps.page, name="sitemap_page"),
]
