"""A person's notifications: rendered in the reader's language, marked read, mailed once."""

import pytest
from django.conf import settings
from django.utils import timezone, translation

from cocreate.notifications.kinds import render
from cocreate.notifications.models import Notification
from cocreate.notifications.services import notify
from cocreate.notifications.tasks import send_notification_email
from tests import factories as f

pytestmark = pytest.mark.django_db

LIST = "/me/notifications/"


def decided(user, title="Sea can", url="/me/ideas/", **kwargs):
    return Notification.objects.create(
        user=user, kind="idea_decided", url=url,
        params={"idea": title, "decision_value": "reject", "decision": "반려", "reason": "Too costly"},
        **kwargs)


def test_list_renders_each_notification_in_the_readers_language(client):
    user = f.UserFactory(language="en")
    decided(user)
    Notification.objects.create(user=user, kind="idea_state_changed",
                                params={"idea": "Old can", "state_value": "in_evaluation",
                                        "state": "평가 중"},
                                read_at=timezone.now())
    client.force_login(user)
    response = client.get(LIST)
    assert response.status_code == 200
    text = response.text
    # The stored Korean label is ignored: the enum value is labelled in the reader's language.
    assert "Decision on your idea “Sea can”: Reject" in text and "반려" not in text
    assert "Reason: Too costly" in text
    assert "Your idea “Old can” is now: In evaluation" in text and "평가 중" not in text
    with translation.override("en"):
        subject, _body = render("idea_decided", decided(f.UserFactory()).params)
    assert subject in text


def test_list_follows_the_language_the_person_reads_in(client):
    user = f.UserFactory(language="ko")
    n = decided(user)
    client.force_login(user)
    text = client.get(LIST).text
    with translation.override("ko"):
        subject, body = render(n.kind, n.params)
    assert subject in text
    assert '<html lang="ko">' in text


def test_unread_are_highlighted_and_others_notifications_are_not_listed(client):
    user = f.UserFactory()
    unread = decided(user, title="Unread one")
    read = decided(user, title="Read one", read_at=timezone.now())
    decided(f.UserFactory(), title="Somebody else's")
    client.force_login(user)
    text = client.get(LIST).text
    assert "Somebody else" not in text
    unread_at, read_at = text.index("Unread one"), text.index("Read one")
    assert text.rfind('class="card notification unread"', 0, unread_at) > text.rfind("</li>", 0, unread_at)
    assert text.rfind('class="card notification"', 0, read_at) > text.rfind("</li>", 0, read_at)
    assert f'href="/me/notifications/{unread.pk}/"' in text and f'href="/me/notifications/{read.pk}/"' in text
    assert "Mark all as read" in text


def test_unknown_kind_still_renders(client):
    user = f.UserFactory()
    Notification.objects.create(user=user, kind="something_new", params={})
    client.force_login(user)
    response = client.get(LIST)
    assert response.status_code == 200 and "something_new" in response.text


def test_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    user = f.UserFactory()
    client.force_login(user)
    for _ in range(3):
        decided(user)
    with django_assert_max_num_queries(8) as small:
        assert client.get(LIST).status_code == 200
    for _ in range(40):
        decided(user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(LIST)
    assert response.text.count("Decision on your idea") == 25  # one page
    assert "?page=2" in response.text


def test_list_needs_login(client):
    response = client.get(LIST)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_mark_all_read(client):
    user, other = f.UserFactory(), f.UserFactory()
    mine = [decided(user), decided(user)]
    theirs = decided(other)
    client.force_login(user)
    assert client.get("/me/notifications/read/").status_code == 405
    response = client.post("/me/notifications/read/")
    assert response.status_code == 302 and response["Location"] == LIST
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None
    assert "Mark all as read" not in client.get(LIST).text


def test_open_marks_read_and_follows_the_link(client):
    user = f.UserFactory()
    n = decided(user, url="/me/ideas/")
    other = decided(user)
    client.force_login(user)
    response = client.get(f"/me/notifications/{n.pk}/")
    assert response.status_code == 302 and response["Location"] == "/me/ideas/"
    assert Notification.objects.get(pk=n.pk).read_at is not None
    assert Notification.objects.get(pk=other.pk).read_at is None


def test_open_never_leaves_the_site(client):
    user = f.UserFactory()
    n = decided(user, url="https://evil.example/phish")
    client.force_login(user)
    response = client.get(f"/me/notifications/{n.pk}/")
    assert response["Location"] == LIST


def test_someone_elses_notification_is_404(client):
    owner, intruder = f.UserFactory(), f.UserFactory()
    n = decided(owner)
    client.force_login(intruder)
    assert client.get(f"/me/notifications/{n.pk}/").status_code == 404
    assert client.get("/me/notifications/999999/").status_code == 404
    assert Notification.objects.get(pk=n.pk).read_at is None


# Mail ---------------------------------------------------------------------------------------

def test_mail_goes_out_in_the_recipients_language(mailoutbox, django_capture_on_commit_callbacks):
    korean = f.UserFactory(language="ko", email="minji@example.com")
    english = f.UserFactory(language="en", email="sam@example.com")
    params = {"idea": "바다 캔", "decision_value": "reject", "decision": "Reject", "reason": "원가"}
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        notify([korean, english], "idea_decided", params=params, url="/me/ideas/")
    by_recipient = {m.to[0]: m for m in mailoutbox}
    assert set(by_recipient) == {"minji@example.com", "sam@example.com"}
    for user in (korean, english):
        with translation.override(user.language):
            subject, body = render("idea_decided", params)
        mail = by_recipient[user.email]
        assert mail.subject == subject
        assert mail.body == f"{body}\n\n{settings.SITE_URL}/me/ideas/"
    assert all(n.emailed_at for n in Notification.objects.all())


def test_mail_task_is_idempotent(mailoutbox):
    user = f.UserFactory()
    n = decided(user)
    assert send_notification_email.call(n.pk) is True
    assert send_notification_email.call(n.pk) is False
    assert len(mailoutbox) == 1


def test_mail_task_skips_inactive_people(mailoutbox):
    user = f.UserFactory(is_active=False)
    n = decided(user)
    assert send_notification_email.call(n.pk) is False
    assert mailoutbox == []
