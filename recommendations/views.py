from django.shortcuts import render

from .models import Report


def home(request):
    reports = Report.objects.select_related("committee")
    return render(request, "recommendations/home.html", {"reports": reports})
