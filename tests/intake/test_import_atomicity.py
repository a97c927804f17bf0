"""An import that dies half-way leaves the database as it was."""

import pytest
from django.core.management import call_command

from intake.management.commands.load_send_data import QUESTIONS, RESPONSE
from recommendations.models import Body, Committee, Recommendation, Reply, Report, Review, StatusEntry, WrittenQuestion
from recommendations.services import status

pytestmark = pytest.mark.django_db(transaction=True)
TABLES = [Body, Committee, Recommendation, Reply, Report, Review, StatusEntry, WrittenQuestion]


class Killed(Exception):
    """Stands in for the process dying: raised from deep inside the save."""


def counts():
    return {model.__name__: model.objects.count() for model in TABLES}


def test_response_import_dying_after_most_of_the_save_changes_nothing(monkeypatch):
    calls = []
    real_record_status = status.record_status

    def dies_on_the_thirtieth(**kwargs):
        calls.append(kwargs["recommendation"].number)
        if len(calls) == 30:
            raise Killed
        return real_record_status(**kwargs)

    monkeypatch.setattr("intake.save.record_status", dies_on_the_thirtieth)
    with pytest.raises(Killed):
        call_command("import_response", str(RESPONSE))
    assert len(calls) == 30  # the recommendations, replies and 29 statuses had been written by then
    assert set(counts().values()) == {0}


def test_question_import_dying_on_the_last_file_changes_nothing(monkeypatch):
    real_save = WrittenQuestion.save
    saved = []

    def dies_on_the_last(self, *args, **kwargs):
        saved.append(self)
        if len(saved) == len(QUESTIONS):
            raise Killed
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(WrittenQuestion, "save", dies_on_the_last)
    with pytest.raises(Killed):
        call_command("import_question", *map(str, QUESTIONS))
    assert len(saved) == len(QUESTIONS)
    assert WrittenQuestion.objects.count() == 0
