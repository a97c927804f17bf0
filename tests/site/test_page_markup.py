"""Every public page's markup, with the SEND data loaded: a short plain-text title, and no id used twice."""

import io
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.core.management import call_command

from tests.site.public_pages import add_the_answering_department, public_paths

MAX_TITLE = 120


class Markup(HTMLParser):
    """The page's titles (text, and any tags inside them) and how often each id is used."""

    def __init__(self, html: str):
        super().__init__()
        self.titles, self.tags_in_title, self.ids = [], [], Counter()
        self.in_title = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if self.in_title:
            self.tags_in_title.append(tag)
        elif tag == "title":
            self.in_title = True
            self.titles.append("")
        self.ids.update(value for name, value in attrs if name == "id")

    def handle_endtag(self, tag):
        if tag == "title":
            self.in_title = False

    def handle_data(self, data):
        if self.in_title:
            self.titles[-1] += data


@pytest.mark.django_db
def test_every_public_page_has_a_short_plain_title_and_unique_ids(client):
    call_command("load_send_data", stdout=io.StringIO())
    add_the_answering_department()
    problems = {}
    for name, path in public_paths().items():
        response = client.get(path)
        assert response.status_code == 200, path
        if not response["Content-Type"].startswith("text/html"):
            continue
        markup = Markup(response.content.decode())
        titles = [" ".join(title.split()) for title in markup.titles]
        duplicates = sorted(id_ for id_, count in markup.ids.items() if count > 1)
        if len(titles) != 1 or markup.tags_in_title or "<" in titles[0] or not 0 < len(titles[0]) < MAX_TITLE:
            problems[name] = {"titles": [title[:80] for title in titles], "tags": markup.tags_in_title}
        if duplicates:
            problems.setdefault(name, {})["duplicate ids"] = duplicates
    assert not problems, problems
