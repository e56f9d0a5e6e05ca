import pytest

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea, Support
from tests import factories as f

pytestmark = pytest.mark.django_db


def url(lab, idea=None, suffix=""):
    base = f"/o/{lab.org.slug}/ideas/"
    return f"{base}{idea.pk}/{suffix}" if idea else f"{base}{suffix}"


def test_list_shows_submitted_open_channel_ideas_only(client, lab):
    shown = f.IdeaFactory(organization=lab.org, title="Visible idea")
    f.IdeaFactory(organization=lab.org, title="Secret draft", state=IdeaState.DRAFT)
    f.IdeaFactory(organization=lab.org, title="Hidden one", hidden_at=shown.submitted_at, hidden_reason="spam")
    response = client.get(url(lab))
    assert response.status_code == 200
    assert "Visible idea" in response.text
    assert "Secret draft" not in response.text and "Hidden one" not in response.text


def test_list_query_count_does_not_grow_with_ideas(client, lab, django_assert_max_num_queries):
    client.force_login(lab.users["member"])
    for _ in range(3):
        f.IdeaFactory(organization=lab.org)
    with django_assert_max_num_queries(12) as small:
        client.get(url(lab))
    for _ in range(30):
        f.IdeaFactory(organization=lab.org)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(url(lab))


def test_htmx_search_returns_the_results_partial(client, lab):
    f.IdeaFactory(organization=lab.org, title="향기로운 캔")
    f.IdeaFactory(organization=lab.org, title="Other")
    response = client.get(url(lab), {"q": "향기"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="idea-results")
    assert "<html" not in response.text
    assert "향기로운 캔" in response.text and "Other" not in response.text


def test_member_posts_to_the_open_channel(client, lab):
    client.force_login(lab.users["member"])
    response = client.post(url(lab, suffix="new/"), {"title": "Refill", "body": "Stations", "submit": "1"})
    idea = Idea.objects.get(title="Refill")
    assert response.status_code == 302 and response["Location"] == url(lab, idea)
    assert idea.state == IdeaState.SUBMITTED and idea.author == lab.users["member"]


def test_failed_submit_keeps_what_was_typed(client, lab):
    client.force_login(lab.users["member"])
    response = client.post(url(lab, suffix="new/"), {"title": "", "body": "My long careful text", "submit": "1"})
    assert response.status_code == 200
    assert "My long careful text" in response.text
    assert not Idea.objects.exists()


def test_visitor_is_sent_to_login_to_propose(client, lab):
    response = client.get(url(lab, suffix="new/"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_support_toggle_via_htmx_is_idempotent(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["member"])
    for _ in range(2):
        response = client.post(url(lab, idea, "support/"), {"action": "add"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "Withdraw support" in response.text
    assert Support.objects.filter(idea=idea).count() == 1
    response = client.post(url(lab, idea, "support/"), {"action": "withdraw"}, HTTP_HX_REQUEST="true")
    assert "Withdraw support" not in response.text and Support.objects.filter(idea=idea).count() == 0


def test_comment_via_htmx_returns_the_comments_partial(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["member"])
    response = client.post(url(lab, idea, "comments/"), {"body": "Great <b>idea</b>"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Great &lt;b&gt;idea&lt;/b&gt;" in response.text  # never raw HTML from users
    assert idea.comments.count() == 1


def test_empty_comment_shows_an_error_and_saves_nothing(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["member"])
    response = client.post(url(lab, idea, "comments/"), {"body": ""}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "errorlist" in response.text
    assert idea.comments.count() == 0


def test_hide_requires_a_reason(client, lab):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["executive"])
    client.post(url(lab, idea, "hide/"), {"reason": ""})
    assert Idea.objects.get(pk=idea.pk).hidden_at is None
    client.post(url(lab, idea, "hide/"), {"reason": "Spam"})
    assert Idea.objects.get(pk=idea.pk).hidden_reason == "Spam"


def test_author_edits_a_draft_then_submits(client, lab):
    idea = f.IdeaFactory(organization=lab.org, author=lab.users["member"], state=IdeaState.DRAFT, submitted_at=None)
    client.force_login(lab.users["member"])
    assert client.get(url(lab, idea, "edit/")).status_code == 200
    client.post(url(lab, idea, "edit/"), {"title": "Sharper", "body": "text", "submit": "1"})
    idea.refresh_from_db()
    assert (idea.title, idea.state) == ("Sharper", IdeaState.SUBMITTED)
    assert client.get(url(lab, idea, "edit/")).status_code == 404


def test_my_ideas_lists_own_ideas_across_organizations(client, lab, django_assert_max_num_queries):
    other = f.make_lab()
    me = lab.users["member"]
    f.IdeaFactory(organization=lab.org, author=me, title="Here")
    f.IdeaFactory(organization=other.org, author=me, title="There")
    f.IdeaFactory(organization=lab.org, title="Someone else's")
    client.force_login(me)
    with django_assert_max_num_queries(15):
        response = client.get("/me/ideas/")
    assert "Here" in response.text and "There" in response.text and "Someone else" not in response.text


def test_detail_query_count_does_not_grow_with_comments(client, lab, django_assert_max_num_queries):
    idea = f.IdeaFactory(organization=lab.org)
    client.force_login(lab.users["executive"])  # staff: sees the most (hidden comments, scores)
    for _ in range(3):
        f.CommentFactory(idea=idea)
    with django_assert_max_num_queries(40) as small:
        client.get(url(lab, idea))
    for _ in range(30):
        f.CommentFactory(idea=idea)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(lab, idea)).status_code == 200
