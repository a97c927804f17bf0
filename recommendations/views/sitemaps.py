"""The sitemaps: /sitemap.xml is an index of pages of at most PAGE_SIZE addresses each.

Sections: the site's own pages with the themes and reviews, then the reports, the recommendations and the written
questions, each in pages of PAGE_SIZE in id order. A page finds its first id with one index-only query and
reads its rows from there (keyset), and writes the XML itself: a template would cost more than the queries
at 10,000 addresses. The index counts each section (the recommendations from the stored counts on
PostgreSQL).
"""

import math
from dataclasses import dataclass
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_safe

from .. import counts
from ..converters import StoredValueConverter
from ..freshness import public_page
from ..models import Recommendation, Report, Review, Theme, WrittenQuestion

PAGE_SIZE = 10_000
SITE_PAGES = ("home", "recommendation_list", "theme_list", "question_list", "commitment_list", "review_list")
XML = '<?xml version="1.0" encoding="UTF-8"?>\n'
NAMESPACE = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'


@dataclass(frozen=True)
class Section:
    objects: QuerySet
    url_name: str
    parts: tuple[str, ...]  # the fields that fill the address, in the URL's order

    def count(self) -> int:
        if self.objects.model is Recommendation and counts.kept():
            return counts.total()
        return self.objects.count()

    def paths(self, page: int) -> list[str]:
        """The addresses of page `page` (from 1): PAGE_SIZE rows from the page's first id."""
        offset = (page - 1) * PAGE_SIZE
        ids = self.objects.order_by("pk").values_list("pk", flat=True)
        first = list(ids[offset : offset + 1])
        rows = self.objects.filter(pk__gte=first[0]).order_by("pk").values_list(*self.parts) if first else []
        holes = [f"part{index}hole" for index in range(len(self.parts))]
        pattern = reverse(self.url_name, args=holes)
        paths = []
        for parts in rows[:PAGE_SIZE]:
            path = pattern
            for hole, part in zip(holes, parts, strict=True):
                # As reverse() writes a stored value ("1/2" escaped by the URL converter, then quoted).
                path = path.replace(hole, quote(StoredValueConverter().to_url(part), safe=""))
            paths.append(path)
        return paths


SECTIONS = {
    "reports": Section(Report.objects.all(), "report_detail", ("slug",)),
    "recommendations": Section(Recommendation.objects.all(), "recommendation_detail", ("report__slug", "number")),
    "questions": Section(WrittenQuestion.objects.all(), "question_detail", ("key",)),
}


def _locations(request, paths) -> list[str]:
    # The paths are quoted already: the site's address is worked out once, not for each of 10,000.
    site = request.build_absolute_uri("/").removesuffix("/")
    return [f"<loc>{escape(site + path)}</loc>" for path in paths]


@public_page()
@require_safe
def index(request):
    """The index: the site's pages, then each page of each section."""
    entries = [reverse("sitemap_page", args=["pages", 1])]
    for name, section in SECTIONS.items():
        entries += [reverse("sitemap_page", args=[name, page]) for page in range(1, pages_of(section) + 1)]
    body = "".join(f"<sitemap>{location}</sitemap>" for location in _locations(request, entries))
    return HttpResponse(f"{XML}<sitemapindex {NAMESPACE}>{body}</sitemapindex>\n", content_type="application/xml")


def pages_of(section: Section) -> int:
    return max(1, math.ceil(section.count() / PAGE_SIZE))


@public_page()
@require_safe
def page(request, section: str, number: int):
    if section == "pages":
        if number != 1:
            raise Http404("The site's pages fit on one sitemap page.")
        paths = [reverse(name) for name in SITE_PAGES]
        paths += [reverse("theme_detail", args=[slug]) for slug in Theme.objects.values_list("slug", flat=True)]
        paths += [reverse("review_detail", args=[slug]) for slug in Review.objects.values_list("slug", flat=True)]
    elif section in SECTIONS and number >= 1:
        paths = SECTIONS[section].paths(number)
        if not paths and number > 1:
            raise Http404("No such sitemap page.")
    else:
        raise Http404("No such sitemap.")
    body = "".join(f"<url>{location}</url>" for location in _locations(request, paths))
    return HttpResponse(f"{XML}<urlset {NAMESPACE}>{body}</urlset>\n", content_type="application/xml")
