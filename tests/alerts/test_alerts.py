"""Following by email, end to end against a real SMTP server (tests/smtp.py): follow, confirm, alert, second run,
one-click unsubscribe; a run killed between two mails; send failures; throttles; expiry; privacy."""

import base64
import datetime
import io
import re

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from alerts import following, tokens
from alerts.matching import plan_deliveries
from alerts.models import Delivery, DeliveryState, Event, Frequency, Subscriber, Subscription
from alerts.targets import resolve
from recommendations.changes import Change, ChangeKind, announce
from recommendations.models import Recommendation, Status, Theme
from recommendations.services.status import record_status
from tests.builders import COMMITMENT_TEXT, add_commitment, build_report
from tests.smtp import SITE_URL, html_of, text_of

pytestmark = pytest.mark.django_db
URL = re.compile(r"https://tracker\.example\.org/\S+")


@pytest.fixture
def report():
    return build_report(4)


def recommendation(number: str) -> Recommendation:
    return Recommendation.objects.select_related("report").get(number=number)


def follow(client, email, target, *, frequency="immediate", ip="192.0.2.1", **fields):
    data = {"email": email, "frequency": frequency, "target": target, **fields}
    return client.post("/alerts/follow/", data, REMOTE_ADDR=ip)


def path_of(url: str) -> str:
    return url.removeprefix(SITE_URL)


def links_in(message) -> list[str]:
    return URL.findall(text_of(message))


def confirmed(email: str, target: str, obj=None, *, frequency="immediate", query="") -> Subscription:
    following.request_follow(email=email, frequency=frequency, followed=resolve(target, obj and obj.pk, query))
    subscription = Subscription.objects.get(subscriber__email=email, key__startswith=target)
    return following.confirm(subscription.pk, frequency)


def change_status(number: str, status=Status.ACCEPTED):
    return record_status(
        recommendation=recommendation(number), status=status, effective_on=timezone.localdate(), note="Test change."
    )


def send_alerts(*args) -> str:
    out = io.StringIO()
    call_command("send_alerts", *args, stdout=out)
    return out.getvalue()


def test_follow_confirm_alert_rerun_unsubscribe_end_to_end(client, report, smtp):
    rec = recommendation("1")
    response = follow(client, "parent@example.org", "recommendation", object=rec.pk)
    assert response.status_code == 200
    assert b"Check your email" in response.content

    [confirmation] = smtp.to("parent@example.org")
    assert confirmation["Subject"] == "Confirm your email alert"
    [confirm_link] = links_in(confirmation)
    assert "parent" not in confirm_link and "example.org/" not in path_of(confirm_link)
    assert client.get(path_of(confirm_link)).status_code == 200
    assert Subscription.objects.get().confirmed_at is None, "opening the link confirms nothing"
    response = client.post(path_of(confirm_link))
    assert b"Your alert is confirmed" in response.content
    assert Subscription.objects.get().confirmed_at is not None

    change_status("1")
    send_alerts("--frequency", "immediate")
    [alert] = smtp.to("parent@example.org")[1:]
    text = text_of(alert)
    print("\n--- the alert as sent ---\n" + smtp.raw[-1].decode() + "\n--- its text ---\n" + text)
    assert "Status changed to Accepted" in text
    assert f"{SITE_URL}/reports/{report.slug}/1/" in text
    assert "You follow: Recommendation 1 of “Special educational needs and disabilities”" in text
    assert f'href="{SITE_URL}/reports/{report.slug}/1/"' in html_of(alert)
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert alert["List-Id"] == "Recommendation tracker alerts <alerts.tracker.example.org>"
    assert alert["Auto-Submitted"] == "auto-generated"
    unsubscribe_link = re.fullmatch(
        r"<(https://tracker\.example\.org/alerts/unsubscribe/\S+/)>", alert["List-Unsubscribe"].strip()
    )[1]
    manage_link = next(link for link in links_in(alert) if "/alerts/manage/" in link)
    assert client.get(path_of(manage_link)).status_code == 200

    send_alerts("--frequency", "immediate")
    assert len(smtp.messages) == 2, "a second run sends nothing"

    # The one-click POST of RFC 8058: no cookie, no CSRF token.
    mail_client = Client(enforce_csrf_checks=True)
    response = mail_client.post(path_of(unsubscribe_link), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Subscription.objects.exists()
    assert not Subscriber.objects.exists(), "an address following nothing is deleted"

    change_status("1", Status.REJECTED)
    send_alerts()
    assert len(smtp.messages) == 2


class Killed(BaseException):
    """The process dying, as far as the code under test can tell."""


def test_a_run_killed_between_two_mails_neither_loses_nor_repeats(report, smtp, monkeypatch):
    theme = Theme.objects.get(slug="send-workforce")
    for email in ["a@example.org", "b@example.org", "c@example.org"]:
        confirmed(email, "theme", theme)
    smtp.messages.clear()
    change_status("1")

    from django.core.mail.backends.smtp import EmailBackend

    real_send = EmailBackend.send_messages
    calls = []

    def dies_on_the_second_mail(self, messages):
        calls.append(messages)
        if len(calls) == 2:
            raise Killed
        return real_send(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", dies_on_the_second_mail)
    with pytest.raises(Killed):
        send_alerts()
    assert [m["To"] for m in smtp.messages] == ["a@example.org"]

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    send_alerts()
    send_alerts()
    assert sorted(m["To"] for m in smtp.messages) == ["a@example.org", "b@example.org", "c@example.org"]
    assert len({m["Message-ID"] for m in smtp.messages}) == 3
    assert set(Delivery.objects.values_list("state", flat=True)) == {DeliveryState.SENT}


def test_a_refused_mail_is_logged_shown_in_the_admin_and_sent_next_run(report, smtp, caplog, admin_client):
    confirmed("busy@example.org", "report", report)
    confirmed("fine@example.org", "report", report)
    smtp.messages.clear()
    change_status("2")
    smtp.refuse_once.add("busy@example.org")

    send_alerts()
    assert [m["To"] for m in smtp.messages] == ["fine@example.org"]
    failed = Delivery.objects.get(state=DeliveryState.FAILED)
    assert "Mailbox busy" in failed.last_error and failed.attempts == 1
    assert "Alert to subscriber" in caplog.text and "failed" in caplog.text
    page = admin_client.get("/admin/alerts/delivery/?state=failed")
    assert b"Mailbox busy" in page.content

    send_alerts()
    assert sorted(m["To"] for m in smtp.messages) == ["busy@example.org", "fine@example.org"]
    assert Delivery.objects.get(pk=failed.pk).state == DeliveryState.SENT


def test_one_mail_per_address_combining_its_subscriptions_each_change_once(report, smtp):
    rec = recommendation("1")
    confirmed("parent@example.org", "recommendation", rec)
    confirmed("parent@example.org", "theme", rec.themes.get())
    confirmed("parent@example.org", "search", query="status=accepted&ordering=status&page=2")
    confirmed("parent@example.org", "report", report, frequency="daily")
    smtp.messages.clear()
    change_status("1")  # matches the first three, and the daily report subscription
    change_status("2", Status.NOTED)  # funding theme, not accepted: only the daily report subscription

    send_alerts("--frequency", "immediate")
    [alert] = smtp.messages
    text = text_of(alert)
    assert alert["Subject"] == "1 change to what you follow: recommendation tracker"
    assert text.count("Status changed to Accepted") == 1
    assert "Recommendation 1 of" in text and "The theme “The SEND workforce”" in text
    assert "Recommendations with status Accepted" in text
    assert "Noted" not in text

    send_alerts("--frequency", "daily")
    [_, digest] = smtp.messages
    assert digest["Subject"] == "2 changes to what you follow: recommendation tracker"
    assert "Status changed to Noted" in text_of(digest)
    send_alerts()
    assert len(smtp.messages) == 2


def test_review_followers_hear_of_recommendations_deferred_to_it(report, smtp):
    rec = recommendation("4")  # under the SEND Review
    confirmed("parent@example.org", "review", rec.review)
    smtp.messages.clear()
    change_status("4", Status.ACCEPTED)  # no longer under review: not about the review any more
    record_status(
        recommendation=recommendation("1"),
        status=Status.UNDER_REVIEW,
        review=rec.review,
        effective_on=timezone.localdate(),
    )
    send_alerts()
    [alert] = smtp.messages
    assert "Recommendations deferred to the SEND Review" in text_of(alert)
    assert "Status changed to Under SEND Review" in text_of(alert)


def test_an_event_is_recorded_with_its_change_or_not_at_all(report):
    events = Event.objects.count()
    with pytest.raises(RuntimeError):
        from django.db import transaction

        with transaction.atomic():
            change_status("1")
            raise RuntimeError("the writer fails after announcing")
    assert Event.objects.count() == events
    announce(Change(kind=ChangeKind.EDIT, summary="A theme's description"))
    assert Event.objects.count() == events, "plain edits send no alert"
    entry = change_status("1")
    announce(
        Change(kind=ChangeKind.STATUS, recommendation_ids=(entry.recommendation_id,), source=f"statusentry:{entry.pk}")
    )
    assert Event.objects.filter(source=f"statusentry:{entry.pk}").count() == 1, "one change, one event"


def test_changes_before_confirmation_are_not_sent(report, smtp):
    following.request_follow(email="late@example.org", frequency="immediate", followed=resolve("report", report.pk, ""))
    change_status("1")
    subscription = Subscription.objects.get()
    following.confirm(subscription.pk, "immediate")
    assert plan_deliveries(Frequency.values) == 0


# Throttles


def test_at_most_three_confirmation_mails_per_address_a_day_with_the_same_answer(client, report, smtp):
    answers = [
        follow(client, "parent@example.org", "recommendation", object=recommendation(n).pk, ip=f"192.0.2.{n}")
        for n in ["1", "2", "3", "4"]
    ]
    assert len(smtp.to("parent@example.org")) == following.CONFIRMATIONS_PER_MAILBOX_PER_DAY == 3
    unknown = follow(client, "nobody@example.org", "recommendation", object=recommendation("4").pk, ip="192.0.2.9")
    assert {answer.status_code for answer in answers} == {unknown.status_code} == {200}
    assert {answer.content for answer in answers} == {unknown.content}, "the answer says nothing about the address"
    assert Subscription.objects.filter(subscriber__email="parent@example.org").count() == 4


def test_a_known_address_gets_the_same_answer_as_a_new_one(client, report, smtp):
    confirmed("known@example.org", "report", report)
    known = follow(client, "known@example.org", "report", object=report.pk)
    new = follow(client, "new@example.org", "report", object=report.pk)
    assert known.status_code == new.status_code == 200
    assert known.content == new.content


def test_follow_requests_per_client_address_are_limited(client, report, smtp):
    rec = recommendation("1")
    for n in range(following.FOLLOWS_PER_CLIENT_PER_HOUR):
        assert (
            follow(client, f"p{n}@example.org", "recommendation", object=rec.pk, ip="198.51.100.7").status_code == 200
        )
    response = follow(client, "one-more@example.org", "recommendation", object=rec.pk, ip="198.51.100.7")
    assert response.status_code == 429
    assert not Subscriber.objects.filter(email="one-more@example.org").exists()
    assert follow(client, "other@example.org", "recommendation", object=rec.pk, ip="198.51.100.8").status_code == 200


# Expiry


def test_unconfirmed_requests_expire_after_seven_days_and_are_deleted(client, report, smtp):
    follow(client, "slow@example.org", "report", object=report.pk)
    [link] = links_in(smtp.messages[0])
    week_ago = timezone.now() - datetime.timedelta(days=8)
    Subscription.objects.update(created_at=week_ago)
    assert "deleted: 1 unconfirmed subscription(s), 1 address(es)" in send_alerts()
    assert not Subscriber.objects.exists()
    assert client.post(path_of(link)).status_code == 404


def test_a_confirmation_link_older_than_seven_days_confirms_nothing(client, report, smtp, monkeypatch):
    follow(client, "slow@example.org", "report", object=report.pk)
    [link] = links_in(smtp.messages[0])
    later = timezone.now().timestamp() + 7 * 24 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    response = client.post(path_of(link))
    assert response.status_code == 404
    assert b"This link does not work" in response.content
    assert Subscription.objects.get().confirmed_at is None


# The forms and pages


def test_every_followable_page_has_the_follow_form(client, report):
    theme = Theme.objects.get(slug="funding")
    pages = [
        f"/reports/{report.slug}/1/",
        f"/reports/{report.slug}/",
        f"/themes/{theme.slug}/",
        "/recommendations/?status=rejected&theme=funding",
    ]
    for page in pages:
        html = client.get(page).content.decode()
        form = re.search(r'<form method="post" action="/alerts/follow/".*?</form>', html, re.S)
        assert form, page
        assert 'type="email"' in form[0] and 'name="frequency"' in form[0], page
        assert all(f'value="{value}"' in form[0] for value in Frequency.values), page
    assert 'name="query" value="status=rejected&amp;theme=funding"' in client.get(pages[-1]).content.decode()


def test_following_a_search_keeps_its_filters_and_refuses_one_that_names_nothing(client, report, smtp):
    follow(client, "p@example.org", "search", query="theme=funding&status=rejected&page=3")
    assert Subscription.objects.get().query == "status=rejected&theme=funding"
    response = follow(client, "p@example.org", "search", query="theme=no-such-theme")
    assert response.status_code == 400
    assert "there is no theme" in response.content.decode()


@pytest.mark.parametrize(
    "fields",
    [
        {"email": "not an address", "target": "report"},
        {"target": "nonsense"},
        {"target": "recommendation", "object": "999999"},
        {"target": "recommendation", "object": "abc"},
        {"frequency": "hourly", "target": "report"},
    ],
)
def test_a_bad_follow_form_is_a_clear_400_and_sends_nothing(client, report, smtp, fields):
    data = {"email": "p@example.org", "frequency": "daily", "object": str(report.pk), **fields}
    response = client.post("/alerts/follow/", data)
    assert response.status_code == 400
    assert b'class="error-summary"' in response.content
    assert smtp.messages == [] and not Subscription.objects.exists()


def test_the_follow_form_refuses_posts_from_other_sites_and_one_click_unsubscribe_does_not(report, smtp):
    strict = Client(enforce_csrf_checks=True)
    data = {"email": "p@example.org", "frequency": "daily", "target": "report"}
    for other_site in [{"Origin": "https://elsewhere.example"}, {"Sec-Fetch-Site": "cross-site"}]:
        assert strict.post("/alerts/follow/", data, headers=other_site).status_code == 403
    same_site = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
    assert strict.post("/alerts/follow/", data, headers=same_site).status_code == 400  # no object: the form's 400
    assert smtp.messages == [] and not Subscription.objects.exists()
    subscription = confirmed("p@example.org", "report", report)
    unsubscribe = tokens.unsubscribe_token(subscription.subscriber, [subscription.pk])
    assert strict.post(f"/alerts/unsubscribe/{unsubscribe}/").status_code == 200
    assert not Subscription.objects.exists()


def test_manage_page_changes_frequency_removes_one_then_all(client, report, smtp):
    first = confirmed("p@example.org", "report", report)
    second = confirmed("p@example.org", "theme", Theme.objects.get(slug="funding"))
    third = confirmed("p@example.org", "recommendation", recommendation("2"))
    url = f"/alerts/manage/{tokens.manage_token(first.subscriber)}/"
    page = client.get(url).content.decode()
    assert "The report “Special educational needs and disabilities”" in page and "The theme “Funding”" in page
    response = client.post(url, {"action": "frequency", "subscription": first.pk, "frequency": "weekly"})
    assert response.status_code == 302 and Subscription.objects.get(pk=first.pk).frequency == Frequency.WEEKLY
    assert "Saved" in client.get(response["Location"]).content.decode()
    response = client.post(url, {"action": "remove", "subscription": second.pk})
    assert set(Subscription.objects.values_list("pk", flat=True)) == {first.pk, third.pk}
    assert client.get(url).status_code == 404, "stopping an alert gives the address a new secret"
    url = response["Location"].split("?")[0]
    response = client.post(url, {"action": "remove_all"})
    assert "your address is deleted" in response.content.decode()
    assert not Subscriber.objects.exists() and not Subscription.objects.exists()
    assert client.get(url).status_code == 404


def test_manage_page_only_touches_the_tokens_own_subscriptions(client, report, smtp):
    mine = confirmed("me@example.org", "report", report)
    theirs = confirmed("them@example.org", "report", report)
    url = f"/alerts/manage/{tokens.manage_token(mine.subscriber)}/"
    client.post(url, {"action": "remove", "subscription": theirs.pk})
    client.post(url, {"action": "frequency", "subscription": theirs.pk, "frequency": "weekly"})
    assert Subscription.objects.get(pk=theirs.pk).frequency == Frequency.IMMEDIATE
    assert client.post(url, {"action": "explode"}).status_code == 400
    assert client.post(url, {"action": "remove", "subscription": "abc"}).status_code == 302
    for bad in ["1e9", "²", "9" * 40]:
        assert client.post(url, {"action": "frequency", "subscription": bad, "frequency": "daily"}).status_code == 302
    assert Subscription.objects.count() == 2


@pytest.mark.parametrize("kind", ["confirm", "manage", "unsubscribe"])
def test_altered_or_foreign_tokens_are_a_404_page(client, report, kind):
    subscription = confirmed("p@example.org", "report", report)
    genuine = tokens.manage_token(subscription.subscriber)
    other_kind = genuine if kind != "manage" else tokens.unsubscribe_token(subscription.subscriber, [subscription.pk])
    for token in ["nonsense", genuine[:-2] + "xx", other_kind]:
        for method in (client.get, client.post):
            response = method(f"/alerts/{kind}/{token}/")
            assert response.status_code == 404, (kind, token)
    assert Subscription.objects.filter(pk=subscription.pk).exists()


def test_tokens_carry_no_address(report, smtp):
    subscription = confirmed("secret.person@example.org", "report", report)
    for token in [
        tokens.confirm_token(subscription, "daily"),
        tokens.manage_token(subscription.subscriber),
        tokens.unsubscribe_token(subscription.subscriber, [subscription.pk]),
    ]:
        payload = token.split(":")[0].lstrip(".")
        decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
        assert b"secret" not in decoded


def test_addresses_are_for_superusers_only(client, editor_client, admin_client, report):
    confirmed("p@example.org", "report", report)
    for model in ["subscriber", "subscription", "delivery", "event"]:
        assert editor_client.get(f"/admin/alerts/{model}/").status_code == 403
        assert admin_client.get(f"/admin/alerts/{model}/").status_code == 200
    assert b"Email alerts" not in editor_client.get("/admin/").content
    assert b"p@example.org" in admin_client.get("/admin/alerts/subscriber/").content


def test_a_refused_confirmation_mail_changes_nothing(client, report, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response = follow(client, "p@example.org", "report", object=report.pk)
    assert response.status_code == 503
    assert not Subscriber.objects.exists()


# Query budgets of the new pages, whatever the number of subscriptions


@pytest.mark.parametrize("count", [3, 300])
def test_manage_page_query_budget(client, django_assert_num_queries, count):
    report = build_report(count)
    subscriber = Subscriber.objects.create(email="p@example.org")
    Subscription.objects.bulk_create(
        Subscription(
            subscriber=subscriber,
            target="recommendation",
            recommendation=r,
            key=f"recommendation:{r.pk}",
            frequency="daily",
            confirmed_at=timezone.now(),
        )
        for r in report.recommendations.all()
    )
    with django_assert_num_queries(2):
        response = client.get(f"/alerts/manage/{tokens.manage_token(subscriber)}/")
    assert response.content.decode().count('name="action" value="remove"') == count


@pytest.mark.parametrize("count", [3, 300])
def test_confirm_and_unsubscribe_pages_query_budget(client, django_assert_num_queries, count):
    report = build_report(count)
    subscription = confirmed("p@example.org", "report", report)
    confirm = tokens.confirm_token(subscription, "daily")
    unsubscribe = tokens.unsubscribe_token(subscription.subscriber, [subscription.pk])
    with django_assert_num_queries(1):
        assert client.get(f"/alerts/confirm/{confirm}/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get(f"/alerts/unsubscribe/{unsubscribe}/").status_code == 200


def test_importing_a_report_alerts_the_followers_of_a_matching_search(smtp):
    confirmed("charity@example.org", "search", query="q=SENCO&kind=recommendation")
    smtp.messages.clear()
    call_command("load_send_data", stdout=io.StringIO())
    new = Event.objects.get(kind=ChangeKind.NEW_RECOMMENDATION)
    assert new.recommendations.count() == 38
    assert Event.objects.filter(kind=ChangeKind.QUESTION_LINKED).exists()
    events = Event.objects.count()
    call_command("load_send_data", stdout=io.StringIO())
    assert Event.objects.count() == events, "a second import changes nothing and announces nothing"

    send_alerts()
    [alert] = smtp.messages
    text = text_of(alert)
    print("\n--- the alert as sent ---\n" + text)
    assert "38 new recommendations in “Special educational needs and disabilities”" in text
    assert "Recommendations with the words you searched for; kind Recommendation" in text


def test_sent_deliveries_and_old_events_are_forgotten_after_thirty_days(report, smtp):
    confirmed("p@example.org", "recommendation", recommendation("1"))
    change_status("1")
    send_alerts()
    change_status("1", Status.REJECTED)
    assert plan_deliveries([Frequency.IMMEDIATE]) == 1  # planned, not yet sent
    month_ago = timezone.now() - datetime.timedelta(days=31)
    Event.objects.update(created_at=month_ago)
    Delivery.objects.update(sent_at=month_ago)
    pending = Event.objects.latest("id")
    Subscription.objects.update(frequency=Frequency.WEEKLY)  # the next immediate run does not send it
    assert "5 old event(s)." in send_alerts("--frequency", "immediate")  # the 4 of build_report, and the one sent
    assert list(Event.objects.all()) == [pending], "the event still to be sent is kept"
    assert list(Delivery.objects.values_list("state", flat=True)) == [DeliveryState.PENDING]


def save_in_admin(instance, editor, **changes):
    """Save `instance` through its admin's form and save_related, as the change page does."""
    from django.contrib import admin
    from django.forms.models import model_to_dict
    from django.test import RequestFactory

    model_admin = admin.site._registry[type(instance)]
    request = RequestFactory().post("/")
    request.user = editor
    form_class = model_admin.get_form(request, instance)
    initial = model_to_dict(instance, fields=list(form_class.base_fields))
    data = {name: [o.pk for o in value] if isinstance(value, list) else value for name, value in initial.items()}
    data = {name: value for name, value in {**data, **changes}.items() if value is not None}
    form = form_class(data, instance=instance)
    assert form.is_valid(), form.errors
    model_admin.save_model(request, form.save(commit=False), form, True)
    model_admin.save_related(request, form, [], True)


def test_editors_linking_a_question_or_changing_a_reply_alert_the_followers(report, editor, smtp):
    from recommendations.models import Reply, WrittenQuestion

    confirmed("p@example.org", "recommendation", recommendation("2"))
    smtp.messages.clear()
    question = WrittenQuestion.objects.create(
        key="slcn", heading="Special Educational Needs: Speech and Language Therapy", question_text="To ask…"
    )
    save_in_admin(question, editor, recommendations=[recommendation("2").pk])
    reply = Reply.objects.get(recommendations=recommendation("2"))
    save_in_admin(reply, editor, text=reply.text + " We will keep this under review.")
    save_in_admin(reply, editor)  # nothing changed: no alert
    send_alerts()
    [alert] = smtp.messages
    text = text_of(alert)
    assert "Written question linked: Special Educational Needs: Speech and Language Therapy" in text
    assert text.count("The reply of the Government was changed") == 1


def test_a_commitment_falling_overdue_is_alerted_once_and_old_ones_never(report, smtp):
    reply = report.replies.order_by("position").first()
    followed = reply.recommendations.order_by("position").first()
    confirmed("parent@example.org", "recommendation", followed)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    add_commitment(reply, due_on=yesterday, period="by yesterday")
    add_commitment(reply, text="An old promise long overdue.")  # due 30 November 2020: before alerts kept events

    assert "1 commitment(s) newly overdue" in send_alerts()
    [alert] = smtp.to("parent@example.org")[1:]
    assert f"Commitment overdue (due by yesterday): {COMMITMENT_TEXT}" in text_of(alert)
    assert "An old promise" not in text_of(alert)

    assert "0 commitment(s) newly overdue" in send_alerts()
    assert len(smtp.to("parent@example.org")) == 2, "a second run sends nothing"
