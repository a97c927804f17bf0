from django.conf import settings
from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Recommendation tracker: editors"
admin.site.site_title = "Recommendation tracker"

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("alerts/", include("alerts.urls")),
    path("api/", include("api.urls")),
    path("", include("recommendations.urls")),
]

# A database that cannot be reached gives the 503 page wherever the error is raised; anything else the 500 page.
handler500 = "tracker.middleware.server_error"
