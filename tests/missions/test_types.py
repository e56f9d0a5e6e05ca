"""The registered mission types: registry, settings, submission details, forms, summaries,
aggregates and their templates."""

import datetime
import json

import pytest
from django.template.loader import render_to_string
from django.utils import timezone, translation

from cocreate.core.errors import DomainError
from cocreate.missions.models import Mission
from cocreate.missions.types import Ability, MissionType, kind_choices, mission_type, register, registered, unregister
from tests import factories as f

KEYS = ["co_development", "co_solving", "co_marketing", "mystery_shopping", "survey"]


def mission(kind, config=None, time_zone="Asia/Seoul"):
    """An unsaved mission: the types read only its kind, config and time zone."""
    return Mission(kind=kind, config=config or {}, time_zone=time_zone, title="M", brief="B")


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call(*args, **kwargs)
    return caught.value


def codes(error):
    return [e.code for e in error.error_list]


def fields(error):
    return [e.params["field"] for e in error.error_list]


def seoul_today():
    return timezone.localdate(timezone=datetime.timezone(datetime.timedelta(hours=9)))


# Registry --------------------------------------------------------------------------------

def test_registry_lists_the_five_types_in_order_with_unique_keys():
    assert [t.key for t in registered()] == KEYS
    assert [key for key, _label in kind_choices()] == KEYS
    assert [str(label) for _key, label in kind_choices()] == [
        "Co-development", "Co-solving / beta test", "Co-marketing", "Mystery shopping", "Survey / poll"]
    assert mission("co_solving").type is mission_type("co_solving")


def test_unknown_key_is_a_lookup_error():
    with pytest.raises(LookupError):
        mission_type("nope")
    with pytest.raises(LookupError):
        mission("nope").type  # noqa: B018


def test_a_new_type_is_one_registered_class():
    @register
    class Idea(MissionType):
        key = "throwaway"
        label = "Throwaway"

    try:
        assert mission_type("throwaway").label == "Throwaway"
        assert ("throwaway", "Throwaway") in kind_choices()
        assert mission_type("throwaway").allows(Ability.SUBMIT)
        with pytest.raises(ValueError):
            register(Idea)
    finally:
        unregister("throwaway")
    assert [t.key for t in registered()] == KEYS


def test_abilities_visibility_attachments_and_words():
    t = {x.key: x for x in registered()}
    assert t["co_development"].enables == {"submit", "comment", "support", "pairwise", "purchase_intent"}
    assert t["co_solving"].enables == {"submit", "comment", "support"}
    assert t["co_marketing"].enables == {"submit", "comment", "support"}
    assert t["mystery_shopping"].enables == {"submit"}
    assert t["survey"].enables == {"submit"}
    assert [x.peers_see_submissions for x in t.values()] == [True, True, True, False, False]
    assert [x.accepts_attachments for x in t.values()] == [True, True, True, False, False]
    assert [str(x.submission_noun) for x in t.values()] == [
        "design proposal", "defect report", "post", "visit report", "response"]
    assert all(str(x.description).endswith(".") for x in t.values())
    assert t["co_development"].allows("pairwise") and not t["survey"].allows(Ability.COMMENT)
    assert t["co_marketing"].attachment_required({"content_kind": "image"})
    assert not t["co_marketing"].attachment_required({"content_kind": "post"})


# Co-development --------------------------------------------------------------------------

def test_co_development_details_are_optional_and_normalised():
    t, m = mission_type("co_development"), mission("co_development")
    assert t.clean_details(m, {}) == {"problem": "", "target_customer": "", "video_url": ""}
    clean = t.clean_details(m, {"problem": "  Cans rust\r\nin showers ", "target_customer": "Surfers",
                                "video_url": "https://youtu.be/x", "other": "dropped"})
    assert clean == {"problem": "Cans rust\nin showers", "target_customer": "Surfers",
                     "video_url": "https://youtu.be/x"}
    assert t.clean_details(m, clean) == clean


def test_co_development_refuses_long_text_and_bad_links_at_once():
    t, m = mission_type("co_development"), mission("co_development")
    error = refused(t.clean_details, m, {"problem": "x" * 2001, "target_customer": "y" * 501,
                                          "video_url": "javascript:alert(1)"})
    assert codes(error) == ["too_long", "too_long", "not_a_link"]
    assert fields(error) == ["problem", "target_customer", "video_url"]
    assert error.messages == [
        "“Problem it solves” can be at most 2000 characters long (now 2001).",
        "“Target customer” can be at most 500 characters long (now 501).",
        "“Video link”: “javascript:alert(1)” is not a valid link starting with http:// or https://.",
    ]
    assert codes(refused(t.clean_details, m, {"video_url": "ftp://x.org/v"}, draft=True)) == ["not_a_link"]


# Co-solving ------------------------------------------------------------------------------

REPORT = {"kind": "defect", "steps": "1. Open the app\n2. Tap pay", "expected": "Paid", "actual": "Crash",
          "severity": "blocker", "device": "Galaxy S24", "os": "Android 15", "version": "2.3.1"}


def test_co_solving_accepts_a_full_report():
    t, m = mission_type("co_solving"), mission("co_solving")
    assert t.clean_details(m, REPORT) == REPORT
    assert t.clean_details(m, {**REPORT, "device": "", "os": "", "version": ""})["device"] == ""


def test_co_solving_lists_every_missing_or_wrong_part():
    t = mission_type("co_solving")
    m = mission("co_solving", {"environment_required": ["os", "version"]})
    error = refused(t.clean_details, m, {"kind": "wish", "severity": "huge", "device": "d" * 201})
    assert codes(error) == ["not_a_choice", "required", "required", "not_a_choice", "too_long", "required",
                            "required"]
    assert fields(error) == ["kind", "steps", "actual", "severity", "device", "os", "version"]
    assert error.messages[:3] == ["“Kind of report”: “wish” is not one of the choices.",
                                  "“Steps to reproduce” is required.", "“Actual result” is required."]
    assert error.messages[-1] == "“App or product version” is required."


def test_co_solving_draft_skips_required_but_keeps_limits():
    t = mission_type("co_solving")
    m = mission("co_solving", {"environment_required": ["os"]})
    assert t.clean_details(m, {"steps": "half typed"}, draft=True)["steps"] == "half typed"
    assert codes(refused(t.clean_details, m, {"steps": "s" * 5001}, draft=True)) == ["too_long"]
    assert codes(refused(t.clean_details, m, {"severity": "huge"}, draft=True)) == ["not_a_choice"]


def test_co_solving_config():
    t = mission_type("co_solving")
    assert t.clean_config({"environment_required": ["version", "device"]}) == {
        "environment_required": ["device", "version"]}
    assert t.clean_config({}) == {"environment_required": []}
    error = refused(t.clean_config, {"environment_required": ["browser"]})
    assert codes(error) == ["not_an_environment_field"]
    form = t.config_form({"config-environment_required": ["os"]})
    assert form.is_valid(), form.errors
    assert form.config == {"environment_required": ["os"]}
    assert t.initial_config(mission("co_solving", {"environment_required": ["os"]})) == {
        "environment_required": ["os"]}


def test_co_solving_form_marks_configured_environment_required():
    t = mission_type("co_solving")
    m = mission("co_solving", {"environment_required": ["version"]})
    form = t.details_form(m)
    assert list(form.fields) == ["kind", "steps", "expected", "actual", "severity", "device", "os", "version"]
    assert [n for n, fld in form.fields.items() if fld.required] == ["kind", "steps", "actual", "severity", "version"]
    assert form.initial["kind"] == "defect"
    html = form.as_div()
    assert "Steps to reproduce" in html and 'value="blocker"' in html
    bound = t.details_form(m, data={**REPORT, "version": ""})
    assert not bound.is_valid()
    assert list(bound.errors) == ["version"]
    assert bound["steps"].value() == REPORT["steps"]  # typed text is kept
    good = t.details_form(m, data=REPORT)
    assert good.is_valid(), good.errors
    assert good.details == REPORT
    draft = t.details_form(m, data={"steps": "typing"}, draft=True)
    assert draft.is_valid(), draft.errors
    assert draft.details["steps"] == "typing"


def test_co_solving_summary_and_aggregate():
    t, m = mission_type("co_solving"), mission("co_solving")
    assert t.summary(m, REPORT)[:2] == [("Kind of report", "Defect"), ("Severity", "Blocker")]
    assert len(t.summary(m, REPORT)) == 8
    agg = t.aggregate(m, [REPORT, REPORT, {**REPORT, "severity": "minor", "kind": "improvement"}, {}])
    assert agg["n"] == 4
    assert [(r["value"], r["count"], r["share"]) for r in agg["by_severity"]] == [
        ("blocker", 2, 50), ("major", 0, 0), ("minor", 1, 25), ("trivial", 0, 0)]
    assert [(r["value"], r["count"]) for r in agg["by_kind"]] == [("defect", 2), ("improvement", 1)]


# Co-marketing ----------------------------------------------------------------------------

POST = {"content_kind": "post", "channel": "Instagram", "post_url": "https://instagram.com/p/1", "text": "",
        "published_at": "2026-12-04T10:00:00+09:00"}


def test_co_marketing_post_is_normalised_to_utc():
    t, m = mission_type("co_marketing"), mission("co_marketing")
    clean = t.clean_details(m, POST)
    assert clean == {**POST, "published_at": "2026-12-04T01:00:00+00:00"}
    assert t.clean_details(m, clean) == clean
    naive = t.clean_details(m, {**POST, "published_at": "2026-12-04T10:00"})
    assert naive["published_at"] == "2026-12-04T01:00:00+00:00"  # read in the mission's zone (Seoul)


def test_co_marketing_refusals():
    t, m = mission_type("co_marketing"), mission("co_marketing")
    error = refused(t.clean_details, m, {"content_kind": "post", "channel": "TikTok", "published_at": "soon"})
    assert codes(error) == ["not_a_choice", "required", "not_a_datetime"]
    assert error.messages == ["“Channel”: “TikTok” is not one of the choices.", "“Link to the post” is required.",
                              "“Published at”: “soon” is not a date and time."]
    assert codes(refused(t.clean_details, m, {"content_kind": "text", "channel": "X"})) == ["required"]
    assert fields(refused(t.clean_details, m, {"content_kind": "text", "channel": "X"})) == ["text"]
    assert t.clean_details(m, {"content_kind": "image", "channel": "X"})["post_url"] == ""
    strict = mission("co_marketing", {"channels": ["Blog"], "link_required": True})
    assert fields(refused(t.clean_details, strict, {"content_kind": "image", "channel": "Blog"})) == ["post_url"]
    assert codes(refused(t.clean_details, m, {"post_url": "http//x"}, draft=True)) == ["not_a_link"]
    assert t.clean_details(m, {"text": "half"}, draft=True)["text"] == "half"


def test_co_marketing_config_and_form():
    t = mission_type("co_marketing")
    assert t.clean_config({"channels": " Instagram\n\nNaver Blog\n", "link_required": True}) == {
        "channels": ["Instagram", "Naver Blog"], "link_required": True}
    error = refused(t.clean_config, {"channels": ["X", "x", "y" * 51]})
    assert codes(error) == ["channel_repeated", "channel_too_long"]
    assert codes(refused(t.clean_config, {"channels": []})) == ["channels_required"]
    form = t.config_form({"config-channels": "Instagram\nYouTube", "config-link_required": "on"})
    assert form.is_valid(), form.errors
    assert form.config == {"channels": ["Instagram", "YouTube"], "link_required": True}
    bad = t.config_form({"config-channels": "X\nX"})
    assert not bad.is_valid()
    assert bad.errors["channels"] == ["“X” is listed twice."]
    assert t.initial_config(None) == {"channels": "Instagram\nFacebook\nX\nYouTube\nBlog", "link_required": False}

    m = mission("co_marketing", {"channels": ["Instagram"], "link_required": False})
    details_form = t.details_form(m, initial=t.clean_details(m, {**POST}))
    html = details_form.as_div()
    assert 'value="Instagram"' in html and "Facebook" not in html
    assert "Asia/Seoul" in html
    assert details_form["published_at"].value().hour == 10  # shown in the mission's zone
    bound = t.details_form(m, data={"content_kind": "post", "channel": "Instagram",
                                    "post_url": "https://instagram.com/p/2", "published_at": "2026-12-04T11:00"})
    assert bound.is_valid(), bound.errors
    assert bound.details["published_at"] == "2026-12-04T02:00:00+00:00"
    paris = mission("co_marketing", {"channels": ["X"]}, time_zone="Europe/Paris")
    form = t.details_form(paris, data={"content_kind": "text", "channel": "X", "text": "Hi",
                                       "published_at": "2026-12-04T11:00"})
    assert form.is_valid(), form.errors
    assert form.details["published_at"] == "2026-12-04T10:00:00+00:00"
    assert 'value="2026-12-04T11:00"' in t.details_form(paris, initial=form.details).as_div()


def test_co_marketing_summary_and_aggregate():
    t, m = mission_type("co_marketing"), mission("co_marketing")
    rows = t.summary(m, t.clean_details(m, POST))
    assert rows[:3] == [("Kind of content", "Post with a link"), ("Channel", "Instagram"),
                        ("Link to the post", "https://instagram.com/p/1")]
    assert rows[3][0] == "Published at" and rows[3][1].endswith("(Asia/Seoul)")
    agg = t.aggregate(m, [POST, POST, {**POST, "channel": "Gone", "content_kind": "text"}])
    assert [(r["label"], r["count"], r["share"]) for r in agg["by_channel"]] == [
        ("Instagram", 2, 67), ("Facebook", 0, 0), ("X", 0, 0), ("YouTube", 0, 0), ("Blog", 0, 0), ("Gone", 1, 33)]
    assert [(r["value"], r["count"]) for r in agg["by_kind"]] == [("text", 1), ("image", 0), ("post", 2)]


# Mystery shopping ------------------------------------------------------------------------

def visit(**changes):
    report = {"visit_date": (seoul_today() - datetime.timedelta(days=1)).isoformat(), "location": "Gangnam store",
              "ratings": {"staff": 4, "attitude": 5, "atmosphere": 3}, "comments": {"staff": "Quick help"},
              "improvements": "Play softer music near the fitting rooms."}
    report.update(changes)
    return report


def test_mystery_shopping_defaults_to_three_items():
    t = mission_type("mystery_shopping")
    assert t.effective_config(mission("mystery_shopping"))["checklist"] == [
        {"key": "staff", "label": "Staff", "min": 1, "max": 5},
        {"key": "attitude", "label": "Attitude", "min": 1, "max": 5},
        {"key": "atmosphere", "label": "Atmosphere", "min": 1, "max": 5}]


def test_mystery_shopping_accepts_a_visit_report():
    t, m = mission_type("mystery_shopping"), mission("mystery_shopping")
    clean = t.clean_details(m, visit(ratings={"staff": "4", "attitude": 5, "atmosphere": 3, "old": 2},
                                     comments={"staff": " Quick help ", "attitude": ""}))
    assert clean == visit()
    assert t.clean_details(m, clean) == clean


def test_mystery_shopping_refuses_every_problem():
    t, m = mission_type("mystery_shopping"), mission("mystery_shopping")
    tomorrow = (seoul_today() + datetime.timedelta(days=1)).isoformat()
    error = refused(t.clean_details, m, {"visit_date": tomorrow, "location": "",
                                          "ratings": {"staff": 6, "attitude": "good"},
                                          "comments": {"atmosphere": "c" * 1001}, "improvements": "Too short"})
    assert codes(error) == ["visit_in_future", "required", "rating_out_of_range", "rating_out_of_range",
                            "rating_required", "too_long", "improvements_too_short"]
    assert fields(error) == ["visit_date", "location", "rating_staff", "rating_attitude", "rating_atmosphere",
                             "comment_atmosphere", "improvements"]
    assert error.messages == [
        "The visit cannot be in the future.", "“Store or location” is required.",
        "“Staff”: give a rating from 1 to 5.", "“Attitude”: give a rating from 1 to 5.", "Rate “Atmosphere”.",
        "The comment on “Atmosphere” can be at most 1000 characters long (now 1001).",
        "Describe the improvements in at least 20 characters (now 9).",
    ]
    assert codes(refused(t.clean_details, m, visit(visit_date="2026-02-30"))) == ["not_a_date"]
    assert codes(refused(t.clean_details, m, visit(improvements=""))) == ["required"]


def test_mystery_shopping_draft():
    t, m = mission_type("mystery_shopping"), mission("mystery_shopping")
    assert t.clean_details(m, {"improvements": "Soft"}, draft=True) == {
        "visit_date": "", "location": "", "ratings": {}, "comments": {}, "improvements": "Soft"}
    assert codes(refused(t.clean_details, m, {"ratings": {"staff": 9}}, draft=True)) == ["rating_out_of_range"]


def test_mystery_shopping_config_text_keeps_keys_and_scales():
    t = mission_type("mystery_shopping")
    old = t.effective_config(mission("mystery_shopping"))
    text = t.initial_config(mission("mystery_shopping"))["checklist"]
    assert text == "[staff] Staff | 1-5\n[attitude] Attitude | 1-5\n[atmosphere] Atmosphere | 1-5"
    form = t.config_form({"config-checklist": "[staff] Friendly staff | 1-5\nAttitude\n[atmosphere] Atmosphere | 1-5"
                                              "\nCleanliness | 0-10"})
    assert form.is_valid(), form.errors
    assert form.config["checklist"][1]["key"] == "item_1"  # no saved settings to match "Attitude" against
    clean = t.clean_config(form.cleaned_data, previous=old, has_submissions=True)
    assert clean == {"checklist": [
        {"key": "staff", "label": "Friendly staff", "min": 1, "max": 5},
        {"key": "attitude", "label": "Attitude", "min": 1, "max": 5},  # matched by its label
        {"key": "atmosphere", "label": "Atmosphere", "min": 1, "max": 5},
        {"key": "item_1", "label": "Cleanliness", "min": 0, "max": 10}]}


def test_mystery_shopping_config_refusals():
    t = mission_type("mystery_shopping")
    error = refused(t.clean_config, {"checklist": [{"label": "Staff", "min": 5, "max": 5},
                                                   {"label": "staff", "key": "Bad Key"}, {"label": ""}]})
    assert codes(error) == ["bad_scale", "bad_key", "label_repeated", "label_required"]
    assert codes(refused(t.clean_config, {"checklist": []})) == ["checklist_required"]
    bad = t.config_form({"config-checklist": "Staff | five"})
    assert not bad.is_valid()
    assert bad.errors["checklist"] == ["Line 1: write the scale as lowest-highest, e.g. “Staff | 1-5”."]


def test_mystery_shopping_refuses_removing_items_or_changing_scales_once_reports_exist():
    t = mission_type("mystery_shopping")
    old = t.effective_config(mission("mystery_shopping"))
    new = {"checklist": [{"key": "staff", "label": "Staff", "min": 1, "max": 10},
                         {"key": "attitude", "label": "Attitude", "min": 1, "max": 5}]}
    assert codes(refused(t.clean_config, new, previous=old, has_submissions=True)) == ["scale_changed",
                                                                                       "item_removed"]
    assert [e.message % e.params for e in t.config_change_problems(old, new)] == [
        "The scale of “Staff” cannot change from 1–5 to 1–10: visit reports already use it.",
        "“Atmosphere” cannot be removed: visit reports already rate it."]
    assert t.clean_config(new, previous=old, has_submissions=False) == new


def test_mystery_shopping_form_has_a_rating_and_comment_per_item():
    t = mission_type("mystery_shopping")
    m = mission("mystery_shopping", {"checklist": [{"key": "staff", "label": "Staff", "min": 1, "max": 5},
                                                   {"key": "item_1", "label": "Music", "min": 0, "max": 3}]})
    form = t.details_form(m)
    assert list(form.fields) == ["visit_date", "location", "rating_staff", "comment_staff", "rating_item_1",
                                 "comment_item_1", "improvements"]
    assert [v for v, _label in form.fields["rating_item_1"].choices] == [0, 1, 2, 3]
    data = {"visit_date": seoul_today().isoformat(), "location": "Myeongdong", "rating_staff": "2",
            "rating_item_1": "0", "comment_item_1": "Too loud", "improvements": "Lower the music volume a lot."}
    bound = t.details_form(m, data=data)
    assert bound.is_valid(), bound.errors
    assert bound.details == {"visit_date": seoul_today().isoformat(), "location": "Myeongdong",
                             "ratings": {"staff": 2, "item_1": 0}, "comments": {"item_1": "Too loud"},
                             "improvements": "Lower the music volume a lot."}
    again = t.details_form(m, initial=bound.details)
    assert again.initial["rating_staff"] == 2 and again.initial["comment_item_1"] == "Too loud"
    short = t.details_form(m, data={**data, "improvements": "Short"})
    assert not short.is_valid()
    assert short.errors["improvements"] == ["Describe the improvements in at least 20 characters (now 5)."]


def test_mystery_shopping_aggregate_exact_numbers():
    t, m = mission_type("mystery_shopping"), mission("mystery_shopping")
    reports = [visit(), visit(ratings={"staff": 2, "attitude": 5}), visit(ratings={"staff": 3})]
    agg = t.aggregate(m, reports)
    staff, attitude, atmosphere = agg["items"]
    assert agg["n"] == 3
    assert (staff["n"], staff["mean"], staff["mean_share"]) == (3, 3.0, 50)
    assert [(d["value"], d["count"], d["share"]) for d in staff["distribution"]] == [
        (1, 0, 0), (2, 1, 33), (3, 1, 33), (4, 1, 33), (5, 0, 0)]
    assert (attitude["n"], attitude["mean"]) == (2, 5.0)
    assert (atmosphere["n"], atmosphere["mean"]) == (1, 3.0)
    empty = t.aggregate(m, [])
    assert empty["items"][0]["mean"] is None and empty["n"] == 0


# Survey ----------------------------------------------------------------------------------

SURVEY_TEXT = """How did you hear of us? | single
- A friend
- Instagram

Which products do you use? | multiple
- Deodorant
- Shampoo
- Soap
How satisfied are you? | scale 1-5
What would you change? | text | optional
"""


def survey_mission():
    t = mission_type("survey")
    return mission("survey", t.clean_config({"questions": SURVEY_TEXT}))


def test_survey_config_from_text():
    t = mission_type("survey")
    config = t.clean_config({"questions": SURVEY_TEXT})
    assert config == {"questions": [
        {"key": "q1", "text": "How did you hear of us?", "kind": "single", "options": ["A friend", "Instagram"],
         "min": None, "max": None, "required": True},
        {"key": "q2", "text": "Which products do you use?", "kind": "multiple",
         "options": ["Deodorant", "Shampoo", "Soap"], "min": None, "max": None, "required": True},
        {"key": "q3", "text": "How satisfied are you?", "kind": "scale", "options": [], "min": 1, "max": 5,
         "required": True},
        {"key": "q4", "text": "What would you change?", "kind": "text", "options": [], "min": None, "max": None,
         "required": False}]}
    text = t.initial_config(mission("survey", config))["questions"]
    assert text.splitlines()[0] == "[q1] How did you hear of us? | single"
    assert t.clean_config({"questions": text}, previous=config) == config  # the round trip keeps everything
    form = t.config_form({"config-questions": SURVEY_TEXT})
    assert form.is_valid(), form.errors
    assert form.config == config


def test_survey_config_refusals():
    t = mission_type("survey")
    error = refused(t.clean_config, {"questions": [
        {"text": "Pick", "kind": "single", "options": ["A"]},
        {"text": "Pick again", "kind": "multiple", "options": ["A", "a"]},
        {"text": "Rate", "kind": "scale", "min": 3, "max": 2},
        {"text": "Draw", "kind": "drawing"},
        {"text": ""}]})
    assert codes(error) == ["options_count", "option_repeated", "bad_scale", "bad_kind", "text_required"]
    assert error.messages[0] == "“Pick”: give from 2 to 20 options."
    assert codes(refused(t.clean_config, {"questions": []})) == ["questions_required"]
    assert codes(refused(t.clean_config, {"questions": [{"text": "A", "kind": "single",
                                                         "options": [str(i) for i in range(21)]}]})) == [
        "options_count"]
    bad = t.config_form({"config-questions": "- orphan\nRate us | stars"})
    assert not bad.is_valid()
    assert bad.errors["questions"] == [
        "Line 1: an option must follow its question.",
        "Line 2: “stars” is not a kind of question (single, multiple, scale, text) nor “optional”."]


def test_survey_refuses_breaking_changes_once_responses_exist():
    t = mission_type("survey")
    old = t.clean_config({"questions": SURVEY_TEXT})
    new = t.clean_config({"questions": "[q1] How did you hear of us? | single\n- A friend\n- TikTok\n"
                                       "[q2] Which products do you use? | single\n- Deodorant\n- Soap\n"
                                       "[q3] How satisfied are you? | scale 0-10\n"})
    error = refused(t.clean_config, new, previous=old, has_submissions=True)
    assert codes(error) == ["option_removed", "kind_changed", "scale_changed", "question_removed"]
    assert error.messages[0] == ("“How did you hear of us?”: the option “Instagram” cannot be removed or renamed: "
                                 "responses already chose from it.")
    added = t.clean_config({"questions": t.initial_config(mission("survey", old))["questions"] + "\nNew? | text"},
                           previous=old, has_submissions=True)
    assert [q["key"] for q in added["questions"]] == ["q1", "q2", "q3", "q4", "q5"]


def test_survey_answers():
    t, m = mission_type("survey"), survey_mission()
    answers = {"q1": "Instagram", "q2": ["Soap", "Deodorant"], "q3": "4", "q4": "", "zz": "dropped"}
    assert t.clean_details(m, {"answers": answers}) == {
        "answers": {"q1": "Instagram", "q2": ["Deodorant", "Soap"], "q3": 4}}
    error = refused(t.clean_details, m, {"answers": {"q1": "TV", "q2": ["Gum"], "q4": "x" * 2001}})
    assert codes(error) == ["not_an_option", "not_an_option", "answer_required", "too_long"]
    assert fields(error) == ["answer_q1", "answer_q2", "answer_q3", "answer_q4"]
    assert error.messages[2] == "“How satisfied are you?” needs an answer."
    assert codes(refused(t.clean_details, m, {"answers": {"q3": 6}}, draft=True)) == ["out_of_range"]
    assert t.clean_details(m, {"answers": {"q4": "later"}}, draft=True) == {"answers": {"q4": "later"}}


def test_survey_form_one_field_per_question():
    t, m = mission_type("survey"), survey_mission()
    form = t.details_form(m)
    assert list(form.fields) == ["answer_q1", "answer_q2", "answer_q3", "answer_q4"]
    assert [fld.required for fld in form.fields.values()] == [True, True, True, False]
    assert form.fields["answer_q3"].label == "How satisfied are you?"
    bound = t.details_form(m, data={"answer_q1": "A friend", "answer_q2": ["Shampoo"], "answer_q3": "5"})
    assert bound.is_valid(), bound.errors
    assert bound.details == {"answers": {"q1": "A friend", "q2": ["Shampoo"], "q3": 5}}
    assert t.details_form(m, initial=bound.details).initial == {"answer_q1": "A friend", "answer_q2": ["Shampoo"],
                                                                 "answer_q3": 5}
    assert t.summary(m, bound.details) == [("How did you hear of us?", "A friend"),
                                           ("Which products do you use?", "Shampoo"),
                                           ("How satisfied are you?", "5 / 5")]


def test_survey_aggregate_exact_numbers():
    t, m = mission_type("survey"), survey_mission()
    responses = [{"answers": {"q1": "A friend", "q2": ["Deodorant", "Soap"], "q3": 5, "q4": "More scents"}},
                 {"answers": {"q1": "Instagram", "q2": ["Soap"], "q3": 2}},
                 {"answers": {"q1": "A friend", "q2": ["Soap"], "q3": 4}},
                 {"answers": {}}]
    agg = t.aggregate(m, responses)
    q1, q2, q3, q4 = agg["questions"]
    assert agg["n"] == 4
    assert q1["answered"] == 3
    assert [(o["label"], o["count"], o["share"]) for o in q1["options"]] == [("A friend", 2, 67),
                                                                             ("Instagram", 1, 33)]
    assert [(o["label"], o["count"], o["share"]) for o in q2["options"]] == [("Deodorant", 1, 33),
                                                                             ("Shampoo", 0, 0), ("Soap", 3, 100)]
    assert q3["mean"] == 3.67
    assert [(d["value"], d["count"]) for d in q3["distribution"]] == [(1, 0), (2, 1), (3, 0), (4, 1), (5, 1)]
    assert (q4["answered"], q4["text_count"]) == (1, 1)


# Templates and submissions in the database -----------------------------------------------

@pytest.fixture
def mission_idea(db):
    def build(kind, details, config=None):
        m = f.MissionFactory(kind=kind, config=config or {})
        idea = f.IdeaFactory(organization=m.program.organization, program=m.program, mission=m, channel="mission",
                             details=details)
        return m, idea
    return build


def test_has_submissions_counts_submitted_ideas_not_drafts(mission_idea):
    m, idea = mission_idea("mystery_shopping", visit())
    t = m.type
    assert t.has_submissions(m)
    idea.state = "draft"
    idea.save(update_fields=["state"])
    assert not t.has_submissions(m)
    assert not t.has_submissions(mission("mystery_shopping"))


def test_config_form_with_a_mission_refuses_breaking_changes(mission_idea):
    m, _idea = mission_idea("mystery_shopping", visit())
    t = m.type
    form = t.config_form({"config-checklist": "[staff] Staff | 1-5\n[attitude] Attitude | 1-5"}, mission=m)
    assert not form.is_valid()
    assert form.errors["checklist"] == ["“Atmosphere” cannot be removed: visit reports already rate it."]
    ok = t.config_form({"config-checklist": t.initial_config(m)["checklist"] + "\nMusic"}, mission=m)
    assert ok.is_valid(), ok.errors
    assert [i["key"] for i in ok.config["checklist"]] == ["staff", "attitude", "atmosphere", "item_1"]


def test_review_templates_render_each_type(mission_idea):
    cases = {
        "co_development": ({"problem": "Rusty cans", "target_customer": "", "video_url": "https://v.example/1"},
                           ["Rusty cans", 'href="https://v.example/1"', 'rel="nofollow noopener noreferrer ugc"']),
        "co_solving": (REPORT, ["Severity: Blocker", "Defect", "1. Open the app<br>2. Tap pay", "Galaxy S24"]),
        "co_marketing": ({**POST, "published_at": "2026-12-04T01:00:00+00:00"},
                         ['href="https://instagram.com/p/1"', "Instagram", "(Asia/Seoul)", "Post with a link"]),
        "mystery_shopping": (visit(), ["Gangnam store", 'width="75"', "4 / 5", "Quick help",
                                       "Play softer music", "<svg"]),
        "survey": ({"answers": {"q1": "Instagram", "q2": ["Soap", "Deodorant"], "q3": 4}},
                   ["How did you hear of us?", "<li>Soap</li>", "4 / 5"]),
    }
    for kind, (details, expected) in cases.items():
        config = survey_mission().config if kind == "survey" else {}
        m, idea = mission_idea(kind, details, config)
        html = m.type.render_review(m, idea)
        for text in expected:
            assert text in html, (kind, text)
        assert "style=" not in html


def test_default_review_template_renders_rows():
    html = render_to_string("missions/types/review_default.html", {"rows": [("Label", "one\ntwo")]})
    assert "<dt>Label</dt><dd>one<br>two</dd>" in html


def test_aggregate_templates_render_bars_without_inline_styles():
    m = mission("mystery_shopping")
    html = m.type.render_aggregate(m, [visit(), visit(ratings={"staff": 2, "attitude": 5, "atmosphere": 1})])
    assert "Ratings from 2 visit reports" in html
    assert "3.00 / 5" in html and "(n = 2)" in html and 'width="50"' in html
    s = survey_mission()
    html = s.type.render_aggregate(s, [{"answers": {"q1": "A friend", "q2": ["Soap"], "q3": 5, "q4": "Hi"}}])
    assert "1 response" in html and "1 written answer" in html and "5.00" in html and 'width="100"' in html
    c = mission("co_solving")
    assert "1 report by severity" in c.type.render_aggregate(c, [REPORT])
    k = mission("co_marketing")
    assert "2 submissions by channel" in k.type.render_aggregate(k, [POST, POST])
    d = mission("co_development")
    assert d.type.render_aggregate(d, [{}]) == ""
    for html in [c.type.render_aggregate(c, [REPORT]), k.type.render_aggregate(k, [POST])]:
        assert "style=" not in html


def test_every_type_renders_its_forms_in_both_languages_and_stores_plain_json():
    samples = {"co_development": {"problem": "P"}, "co_solving": REPORT, "co_marketing": POST,
               "mystery_shopping": visit(), "survey": {"answers": {"q1": "Instagram", "q2": ["Soap"], "q3": 4}}}
    for t in registered():
        m = survey_mission() if t.key == "survey" else mission(t.key)
        clean = t.clean_details(m, samples[t.key])
        assert json.loads(json.dumps(clean)) == clean
        assert json.loads(json.dumps(t.effective_config(m))) == t.effective_config(m)
        if t.key != "co_development":
            config = t.clean_config(t.effective_config(m))
            assert t.clean_config(config, previous=config, has_submissions=True) == config
        for language in ["en", "ko"]:
            with translation.override(language):
                html = render_to_string("includes/form.html", {"form": t.details_form(m, initial=clean)})
                assert "field" in html and "style=" not in html
                config_form = t.config_form(initial=t.initial_config(m))
                if t.key == "co_development":
                    assert config_form is None
                else:
                    assert 'name="config-' in render_to_string("includes/form.html", {"form": config_form})
                assert all(isinstance(label, str) and isinstance(value, str) for label, value in t.summary(m, clean))
