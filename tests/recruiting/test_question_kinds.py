"""Choice, number and link questions: defined by managers, answered by applicants, checked by
the service, read by a rubric, and the same through /api/v1/."""

import pytest

from cocreate.core.errors import DomainError
from cocreate.recruiting import selectors
from cocreate.recruiting.enums import CriterionSource, QuestionKind
from cocreate.recruiting.models import Answer, Application, Question, Recruitment
from cocreate.recruiting.services import application_submit, recruitment_create, round_create
from tests import factories as f
from tests.api.helpers import Api, recruitment_url
from tests.recruiting.factories import AnswerFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


def call(lab, suffix=""):
    return f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/{lab.recruitment.pk}/{suffix}"


def kinds(lab):
    """The lab's recruitment with one question of each new kind (and its long question)."""
    r = lab.recruitment
    return {
        "long": r.questions.get(),
        "channel": f.QuestionFactory(recruitment=r, text="Where do you post?", kind=QuestionKind.CHOICE,
                                     choices=["Instagram", "YouTube", "TikTok"], max_length=None, order=1),
        "topics": f.QuestionFactory(recruitment=r, text="Topics", kind=QuestionKind.CHOICE, allow_multiple=True,
                                    choices=["Food", "Travel", "Beauty"], max_length=None, required=False,
                                    order=2),
        "days": f.QuestionFactory(recruitment=r, text="Days a week", kind=QuestionKind.NUMBER, min_value=0,
                                  max_value=7, max_length=None, order=3),
        "site": f.QuestionFactory(recruitment=r, text="Portfolio", kind=QuestionKind.LINK, max_length=None,
                                  required=False, order=4),
    }


def good(q):
    return {q["long"].pk: "I make videos.", q["channel"].pk: "YouTube", q["topics"].pk: ["Travel", "Food"],
            q["days"].pk: "4.5", q["site"].pk: "https://example.com/me"}


# Service ------------------------------------------------------------------------------------

def test_each_kind_is_stored_as_given_several_options_in_the_order_of_the_options(lab):
    q = kinds(lab)
    application = application_submit(lab.recruitment, applicant=lab.users["member"], answers=good(q), consent=True)
    stored = dict(Answer.objects.filter(application=application).values_list("question__text", "text"))
    assert stored == {"Why should we choose you?": "I make videos.", "Where do you post?": "YouTube",
                      "Topics": "Food\nTravel", "Days a week": "4.5", "Portfolio": "https://example.com/me"}


def test_every_wrong_answer_is_explained_at_once(lab):
    q = kinds(lab)
    answers = good(q) | {q["channel"].pk: "Facebook", q["topics"].pk: ["Food", "Cars"], q["days"].pk: "often",
                         q["site"].pk: "javascript:alert(1)"}
    with pytest.raises(DomainError) as e:
        application_submit(lab.recruitment, applicant=lab.users["member"], answers=answers, consent=True)
    assert e.value.messages == [
        "“Where do you post?”: “Facebook” is not one of the options.",
        "“Topics”: “Cars” is not one of the options.",
        "“Days a week”: “often” is not a number.",
        "“Portfolio”: “javascript:alert(1)” is not a valid link starting with http:// or https://.",
    ]
    assert not Application.objects.exists()


@pytest.mark.parametrize(("given", "error"), [
    ("7", None), ("0", None), ("-0.5", "“Days a week”: give a number from 0 to 7."),
    ("7.01", "“Days a week”: give a number from 0 to 7."), ("nan", "“Days a week”: “nan” is not a number."),
    ("1e400", "“Days a week”: “1e400” is not a number."),
])
def test_numbers_must_lie_within_the_bounds(lab, given, error):
    q = kinds(lab)
    answers = good(q) | {q["days"].pk: given}
    if error is None:
        application = application_submit(lab.recruitment, applicant=lab.users["member"], answers=answers,
                                         consent=True)
        assert application.answers.get(question=q["days"]).text == given
        return
    with pytest.raises(DomainError) as e:
        application_submit(lab.recruitment, applicant=lab.users["member"], answers=answers, consent=True)
    assert e.value.messages == [error]


@pytest.mark.parametrize(("link", "ok"), [
    ("http://example.com", True), ("https://blog.example.co.kr/post?id=1", True), ("ftp://example.com", False),
    ("example.com", False), ("https://", False),
])
def test_links_are_http_or_https_addresses(lab, link, ok):
    q = kinds(lab)
    answers = good(q) | {q["site"].pk: link}
    if ok:
        application = application_submit(lab.recruitment, applicant=lab.users["member"], answers=answers,
                                         consent=True)
        assert application.answers.get(question=q["site"]).text == link
    else:
        with pytest.raises(DomainError) as e:
            application_submit(lab.recruitment, applicant=lab.users["member"], answers=answers, consent=True)
        assert e.value.messages == [f"“Portfolio”: “{link}” is not a valid link starting with http:// or https://."]


def test_one_option_only_unless_several_are_allowed_and_optional_ones_may_stay_empty(lab):
    q = kinds(lab)
    with pytest.raises(DomainError) as e:
        application_submit(lab.recruitment, applicant=lab.users["member"],
                           answers=good(q) | {q["channel"].pk: "YouTube\nTikTok"}, consent=True)
    assert e.value.messages == ["“Where do you post?”: choose one option."]
    application = application_submit(lab.recruitment, applicant=lab.users["member"],
                                     answers=good(q) | {q["topics"].pk: [], q["site"].pk: ""}, consent=True)
    assert application.answers.get(question=q["topics"]).text == ""
    with pytest.raises(DomainError) as e:
        application_submit(lab.recruitment, applicant=lab.users["partner"],
                           answers=good(q) | {q["channel"].pk: "", q["days"].pk: ""}, consent=True)
    assert e.value.messages == ["“Where do you post?” needs an answer.", "“Days a week” needs an answer."]


def test_a_manager_defines_kinds_and_mistakes_are_refused(lab):
    manager = lab.users["program_manager"]
    common = {"title": "Call", "purpose": "p", "consent_text": "c", "opens_at": lab.recruitment.opens_at,
              "closes_at": lab.recruitment.closes_at}
    recruitment = recruitment_create(lab.program, actor=manager, **common, questions=[
        {"text": "Channel", "kind": "choice", "choices": "Instagram\n\nYouTube\nInstagram\n", "allow_multiple": True,
         "min_value": 3},
        {"text": "Days", "kind": "number", "min_value": 1, "max_value": 7, "choices": "ignored"},
        {"text": "Site", "kind": "link"},
    ])
    assert list(recruitment.questions.values_list("kind", "choices", "allow_multiple", "min_value",
                                                  "max_value")) == [
        ("choice", ["Instagram", "YouTube"], True, None, None), ("number", [], False, 1.0, 7.0),
        ("link", [], False, None, None)]
    with pytest.raises(DomainError) as e:
        recruitment_create(lab.program, actor=manager, **common, questions=[
            {"text": "Channel", "kind": "choice", "choices": "Only one"},
            {"text": "Days", "kind": "number", "min_value": 8, "max_value": 7}])
    assert e.value.messages == ["“Channel”: give at least two options, one per line.",
                                "“Days”: the lowest number must not be above the highest."]
    assert Recruitment.objects.filter(title="Call").count() == 1


def test_a_rubric_reads_the_number_answered_to_a_number_question(lab):
    q = kinds(lab)
    round = round_create(lab.recruitment, actor=lab.users["program_manager"], name="R", criteria=[
        {"name": "Days", "weight": 100, "source": CriterionSource.ANSWER, "question": q["days"].pk,
         "scale_min": 0, "scale_max": 7}])
    for text in ("3.5", "7", "-2"):
        AnswerFactory(application=ApplicationFactory(recruitment=lab.recruitment), question=q["days"], text=text)
    assert [s.score for s in selectors.round_standings(round)] == [100.0, 50.0, 0.0]


# Pages --------------------------------------------------------------------------------------

def questions_post(*questions):
    data = {"questions-TOTAL_FORMS": "3", "questions-INITIAL_FORMS": "0",
            "questions-MIN_NUM_FORMS": "0", "questions-MAX_NUM_FORMS": "1000"}
    for i in range(3):
        data |= {f"questions-{i}-text": "", f"questions-{i}-kind": "long", f"questions-{i}-required": "on"}
    for i, q in enumerate(questions):
        data |= {f"questions-{i}-{k}": v for k, v in q.items()}
    return data


def test_the_create_page_defines_options_and_bounds(client, lab):
    client.force_login(lab.users["program_manager"])
    path = f"/o/{lab.org.slug}/programs/{lab.program.slug}/recruitments/new/"
    page = client.get(path).text
    assert 'name="questions-0-choices"' in page and 'name="questions-0-min_value"' in page
    data = {"title": "Kinds", "purpose": "p", "consent_text": "c", "target_size": "5",
            "opens_at": "2030-01-01T09:00", "closes_at": "2030-01-31T18:00", "status": "draft"}
    data |= questions_post({"text": "Channel", "kind": "choice", "choices": "Instagram\r\nYouTube",
                            "allow_multiple": "on"},
                           {"text": "Days", "kind": "number", "min_value": "0", "max_value": "7"},
                           {"text": "Site", "kind": "link"})
    assert client.post(path, data).status_code == 302
    questions = Recruitment.objects.get(title="Kinds").questions.values_list("text", "kind", "choices",
                                                                             "allow_multiple", "min_value",
                                                                             "max_value")
    assert list(questions) == [("Channel", "choice", ["Instagram", "YouTube"], True, None, None),
                               ("Days", "number", [], False, 0.0, 7.0), ("Site", "link", [], False, None, None)]
    bad = client.post(path, data | {"title": "Bad", "questions-0-choices": "Instagram"})
    assert bad.status_code == 200
    assert "“Channel”: give at least two options, one per line." in bad.text
    assert "Instagram</textarea>" in bad.text


def test_the_apply_page_renders_each_kind_and_keeps_what_was_typed(client, lab):
    q = kinds(lab)
    client.force_login(lab.users["member"])
    page = client.get(call(lab, "apply/")).text
    assert f'type="radio" name="q_{q["channel"].pk}" value="YouTube"' in page
    assert f'type="checkbox" name="q_{q["topics"].pk}" value="Travel"' in page
    assert (f'type="number" name="q_{q["days"].pk}" step="any" inputmode="decimal" min="0" max="7"'
            in page)
    assert f'type="url" name="q_{q["site"].pk}"' in page
    data = {f"q_{q['long'].pk}": "Me", f"q_{q['channel'].pk}": "TikTok", f"q_{q['topics'].pk}": ["Food", "Beauty"],
            f"q_{q['days'].pk}": "9", f"q_{q['site'].pk}": "www.example.com", "consent": "on"}
    response = client.post(call(lab, "apply/"), data)
    assert response.status_code == 200
    assert "“Days a week”: give a number from 0 to 7." in response.text
    assert "“Portfolio”: “www.example.com” is not a valid link starting with http:// or https://." in response.text
    assert 'value="9"' in response.text and 'value="www.example.com"' in response.text
    assert f'value="TikTok" required id="id_q_{q["channel"].pk}_2" checked' in response.text
    assert not Application.objects.exists()
    response = client.post(call(lab, "apply/"), data | {f"q_{q['days'].pk}": "2", f"q_{q['site'].pk}": ""})
    assert response.status_code == 302
    assert Application.objects.get().answers.get(question=q["topics"]).text == "Food\nBeauty"


def test_an_option_not_offered_is_refused_by_the_form(client, lab):
    q = kinds(lab)
    client.force_login(lab.users["member"])
    data = {f"q_{q['long'].pk}": "Me", f"q_{q['channel'].pk}": "Facebook", f"q_{q['days'].pk}": "1", "consent": "on"}
    response = client.post(call(lab, "apply/"), data)
    assert response.status_code == 200 and "Choose one of the options, please." in response.text
    assert not Application.objects.exists()


# API ----------------------------------------------------------------------------------------

def test_the_api_shows_kinds_and_takes_several_options_as_a_list(client, lab):
    q = kinds(lab)
    api = Api(client).as_user(lab.users["member"])
    body = api.get(recruitment_url(lab)).json()
    assert [(x["text"], x["kind"], x["choices"], x["allow_multiple"], x["min_value"], x["max_value"])
            for x in body["questions"]] == [
        ("Why should we choose you?", "long", [], False, None, None),
        ("Where do you post?", "choice", ["Instagram", "YouTube", "TikTok"], False, None, None),
        ("Topics", "choice", ["Food", "Travel", "Beauty"], True, None, None),
        ("Days a week", "number", [], False, 0.0, 7.0),
        ("Portfolio", "link", [], False, None, None)]
    answers = [{"question_id": q["long"].pk, "text": "Me"}, {"question_id": q["channel"].pk, "text": "Instagram"},
               {"question_id": q["topics"].pk, "text": ["Beauty", "Food"]},
               {"question_id": q["days"].pk, "text": "8"}]
    bad = api.post(recruitment_url(lab, "/applications"), {"answers": answers, "consent": True})
    assert bad.status_code == 400 and bad.json()["detail"] == "“Days a week”: give a number from 0 to 7."
    answers[3]["text"] = "6"
    response = api.post(recruitment_url(lab, "/applications"), {"answers": answers, "consent": True})
    assert response.status_code == 201
    assert [a["text"] for a in response.json()["answers"]] == ["Me", "Instagram", "Food\nBeauty", "6", ""]


def test_a_manager_creates_kinds_through_the_api(client, lab):
    api = Api(client).as_user(lab.users["program_manager"])
    payload = {"title": "API call", "purpose": "p", "consent_text": "c", "opens_at": "2030-01-01T00:00:00Z",
               "closes_at": "2030-02-01T00:00:00Z", "questions": [
                   {"text": "Channel", "kind": "choice", "choices": ["A", "B"], "allow_multiple": True},
                   {"text": "Days", "kind": "number", "min_value": 0, "max_value": 7}]}
    response = api.post(f"/organizations/{lab.org.slug}/programs/{lab.program.slug}/recruitments", payload)
    assert response.status_code == 201
    assert [(x["kind"], x["choices"], x["min_value"]) for x in response.json()["questions"]] == [
        ("choice", ["A", "B"], None), ("number", [], 0.0)]
    assert Question.objects.filter(recruitment__title="API call").count() == 2
