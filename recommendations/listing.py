"""The recommendations list, its exports and its Atom feed: one FilterSet, four outputs."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponse


def recommendation_list(request):
    return HttpResponse("Not built yet", status=501)


def export_csv(request):
    return HttpResponse("Not built yet", status=501)


def export_json(request):
    return HttpResponse("Not built yet", status=501)


class StatusChangeFeed(Feed):
    title = "Status changes"
    link = "/recommendations/"

    def items(self):
        return []
