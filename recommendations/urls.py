from django.urls import path, register_converter

from .converters import StoredValueConverter
from .views import commitments, committees, exports, feeds, listing, pages, reviews, sitemaps

register_converter(StoredValueConverter, "stored")

urlpatterns = [
    path("", pages.home, name="home"),
    path("recommendations/", listing.recommendation_list, name="recommendation_list"),
    path("recommendations/export.csv", exports.export_csv, name="export_csv"),
    path("recommendations/export.json", exports.export_json, name="export_json"),
    path("feeds/", feeds.status_change_feed, name="feed"),
    path("reports/<stored:slug>/", pages.report_detail, name="report_detail"),
    path("reports/<stored:slug>/<stored:number>/", pages.recommendation_detail, name="recommendation_detail"),
    path("themes/", pages.theme_list, name="theme_list"),
    path("themes/<stored:slug>/", pages.theme_detail, name="theme_detail"),
    path("questions/", pages.question_list, name="question_list"),
    path("questions/<stored:key>/", pages.question_detail, name="question_detail"),
    path("committees/", committees.committee_list, name="committee_list"),
    path("committees/<stored:slug>/", committees.committee_detail, name="committee_detail"),
    path("departments/", committees.department_list, name="department_list"),
    path("departments/<stored:slug>/", committees.department_detail, name="department_detail"),
    path("responses/awaited/", committees.awaited_list, name="awaited_list"),
    path("responses/awaited/feed/", committees.AwaitedFeed(), name="awaited_feed"),
    path("responses/timeliness.csv", committees.timeliness_csv, name="timeliness_csv"),
    path("commitments/", commitments.commitment_list, name="commitment_list"),
    path("commitments/feed/", feeds.CommitmentFeed(), name="commitment_feed"),
    path("reviews/", reviews.review_list, name="review_list"),
    path("reviews/<stored:slug>/", reviews.review_detail, name="review_detail"),
    path("robots.txt", pages.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemaps/<slug:section>-<int:number>.xml", sitemaps.page, name="sitemap_page"),
]
