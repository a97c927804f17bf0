from django.urls import path, re_path

from . import docs
from .views import api, unknown_path

urlpatterns = [
    path("", docs.index, name="api_docs"),
    path("v1/", api.urls),
    re_path(r"^v1/(?P<rest>.*)$", unknown_path),
]
