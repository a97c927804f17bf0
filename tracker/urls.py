from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Recommendation tracker: editors"
admin.site.site_title = "Recommendation tracker"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("recommendations.urls")),
]
