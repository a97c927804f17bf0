"""The public pages other than the recommendations list (see listing.py)."""

from django.http import HttpResponse
from django.shortcuts import render

from .models import Report


def home(request):
    reports = Report.objects.select_related("committee")
    return render(request, "recommendations/home.html", {"reports": reports})


def _not_built(request, *args, **kwargs):
    return HttpResponse("Not built yet", status=501)


report_detail = recommendation_detail = theme_list = theme_detail = _not_built
question_list = question_detail = robots_txt = sitemap = _not_built
