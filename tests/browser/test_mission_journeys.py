"""The report's three mission cases in a real browser, in English and Korean.

4320 SYD: a manager sets up a co-marketing mission with the schedule builder (a post every hour
for three days: 72 deliverables) and two sub-missions, and a "reward on completion" incentive;
the partner chooses a sub-mission, saves a draft of the last post, finds it again, submits it,
and after the manager grants what is earned sees the reward promised to them.

Threadless: a public co-development mission for designs; a partner submits a design with an
image; once the idea is accepted the $1,000 prize and the name credit are granted and shown.

Mystery shopping: a mission with the default checklist (staff, attitude, atmosphere); a partner's
visit report is refused without ratings or with too short improvement proposals (the text is
kept), then goes in; the staff review screen shows the averages.

Parts that are not the point (71 of the 72 posts, the idea's acceptance) go through services.
Texts are looked up through the catalogues in the journey's language, so the Korean run fails
if a step is not translated."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_scopes import scopes_disabled
from PIL import Image

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.incentives.models import Grant, Incentive
from cocreate.missions.models import Mission
from cocreate.missions.submissions import submission_save
from tests import factories as f
from tests.browser.helpers import T, lab_speaking, local_input, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def fill_mission(page, *, kind, title, brief, visibility=None):
    page.select_option("select[name=kind]", kind)
    page.fill("input[name=title]", title)
    page.fill("textarea[name=brief]", brief)
    page.fill("input[name=starts_at]", local_input(timezone.now() - timedelta(hours=1)))
    page.fill("input[name=ends_at]", local_input(timezone.now() + timedelta(days=4)))
    if visibility:
        page.select_option("select[name=visibility]", visibility)


SYD_MESSAGES = [
    "New mission", "Create mission", "Check the settings of the type you chose, below, then save again.",
    "Save", "The mission was created.", "The mission was saved.",
    "Channels", "Take part", ("sub-mission", "Choose"), "Your choice",
    "Submit", "Save draft", "Your draft was saved. Only you can see it.", "My missions", "My drafts",
    "Edit or submit draft", "Your submission was received.", "New incentive",
    "Everyone who completes a mission", "The incentive was saved.", "Grant what is earned now",
    "My incentives", ("incentive grant", "Promised"),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_4320_syd_a_post_every_hour_and_the_reward_on_completion(browser, live_server, lang):
    lab = lab_speaking(lang, SYD_MESSAGES)
    org, program = lab.org, lab.program
    partner = lab.users["partner"]
    base = f"/o/{org.slug}/programs/{program.slug}/"

    # 1. The manager creates the co-marketing mission: 72 hourly posts from the schedule builder.
    manager = log_in(browser, live_server, lab.users["program_manager"], lang)
    manager.goto(base + "missions/new/")
    manager.get_by_role("heading", name=T(lang, "New mission")).wait_for()
    fill_mission(manager, kind="co_marketing", title="4320 SYD",
                 brief="Run our page for 4,320 minutes: a post every hour for three days.")
    first_due = timezone.now().replace(second=0, microsecond=0) + timedelta(hours=2)
    manager.fill("input[name=schedule-first_due]", local_input(first_due))
    manager.fill("input[name=schedule-every]", "1")
    manager.select_option("select[name=schedule-unit]", "hours")
    manager.fill("input[name=schedule-count]", "72")
    manager.fill("input[name=schedule-title_pattern]", "Post {n}")
    manager.fill("input[name=sub_missions-0-title]", "Harbour photos")
    manager.fill("input[name=sub_missions-0-capacity]", "2")
    manager.get_by_role("button", name=T(lang, "Create mission")).click()
    # The page showed the default type's settings: it comes back with co-marketing's, filled in
    # with their defaults, and keeps everything typed.
    manager.get_by_text(T(lang, "Check the settings of the type you chose, below, then save again.")).wait_for()
    assert manager.locator("textarea[name=config-channels]").input_value() == "Instagram\nFacebook\nX\nYouTube\nBlog"
    assert manager.locator("input[name=schedule-count]").input_value() == "72"
    assert manager.locator("input[name=sub_missions-0-title]").input_value() == "Harbour photos"
    manager.get_by_role("button", name=T(lang, "Create mission")).click()
    manager.wait_for_url(re.compile(r"/missions/\d+/$"))
    assert manager.get_by_text(T(lang, "The mission was created.")).is_visible()
    with scopes_disabled():
        mission = Mission.objects.get(title="4320 SYD")
        deliverables = list(mission.deliverables.order_by("due_at"))
    assert mission.kind == "co_marketing"
    assert len(deliverables) == 72
    assert [d.title for d in deliverables[:2]] + [deliverables[-1].title] == ["Post 1", "Post 2", "Post 72"]
    assert deliverables[0].due_at == first_due
    assert deliverables[-1].due_at - deliverables[0].due_at == timedelta(hours=71)

    # A second sub-mission, added on the edit page.
    manager.goto(base + f"missions/{mission.pk}/edit/")
    manager.fill("input[name=sub_missions-1-title]", "Beach stories")
    manager.fill("input[name=sub_missions-1-capacity]", "1")
    manager.get_by_role("button", name=T(lang, "Save"), exact=True).click()
    manager.wait_for_url(re.compile(r"/missions/\d+/$"))
    with scopes_disabled():
        assert list(mission.sub_missions.order_by("pk").values_list("title", "capacity")) == [
            ("Harbour photos", 2), ("Beach stories", 1)]
        assert mission.deliverables.count() == 72

    # 2. The reward on completion, in the incentive portfolio.
    manager.goto(base + "incentives/new/")
    manager.select_option("select[name=kind]", "product")
    manager.fill("input[name=title]", "A Sydney weekend")
    manager.select_option("select[name=condition]", "mission_complete")
    manager.select_option("select[name=mission]", str(mission.pk))
    manager.get_by_role("button", name=T(lang, "Save"), exact=True).click()
    manager.wait_for_url(re.compile(r"/incentives/$"))
    assert manager.get_by_text(T(lang, "The incentive was saved.")).is_visible()
    assert manager.get_by_text(T(lang, "Everyone who completes a mission") + " — 4320 SYD").is_visible()

    # 3. The partner takes part and chooses a sub-mission.
    partner_page = log_in(browser, live_server, partner, lang)
    partner_page.goto(base + f"missions/{mission.pk}/")
    block = partner_page.locator("#participation")
    if block.get_by_role("button", name=T(lang, "Take part")).count():
        block.get_by_role("button", name=T(lang, "Take part")).click()
        partner_page.wait_for_load_state()
    beach = partner_page.locator("#participation li", has_text="Beach stories")
    beach.get_by_role("button", name=T(lang, "Choose", context="sub-mission")).click()
    partner_page.wait_for_load_state()
    beach = partner_page.locator("#participation li", has_text="Beach stories")
    assert beach.get_by_text(T(lang, "Your choice")).is_visible()
    with scopes_disabled():
        assert mission.participations.get(user=partner).sub_mission.title == "Beach stories"

    # 71 posts go in through the service; the partner writes the last one in the browser.
    with scopes_disabled():
        for d in deliverables[:-1]:
            submission_save(mission, author=partner, title=d.title, body=f"{d.title} from Bondi.",
                            details={"content_kind": "text", "channel": "Instagram", "text": f"{d.title} #SYD"},
                            deliverable=d, submit=True)

    # 4. The last post: a draft first, found again in the workspace, then submitted.
    last = deliverables[-1]
    partner_page.goto(base + f"missions/{mission.pk}/ideas/new/?deliverable={last.pk}")
    partner_page.fill("input[name=title]", "Post 72: sunset")
    partner_page.fill("textarea[name=body]", "The last hour of 4,320 minutes.")
    partner_page.check("input[name=details-content_kind][value=text]")
    partner_page.select_option("select[name=details-channel]", "Instagram")
    partner_page.get_by_role("button", name=T(lang, "Save draft")).click()
    partner_page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    assert partner_page.get_by_text(T(lang, "Your draft was saved. Only you can see it.")).is_visible()
    with scopes_disabled():
        draft = Idea.objects.get(author=partner, deliverable=last)
    assert draft.state == IdeaState.DRAFT

    partner_page.goto("/me/missions/")
    card = partner_page.locator(f"#mission-{mission.pk}")
    assert card.get_by_role("heading", name=T(lang, "My drafts")).is_visible()
    card.get_by_role("link", name="Post 72: sunset").click()
    partner_page.get_by_role("link", name=T(lang, "Edit or submit draft")).click()
    partner_page.wait_for_url(re.compile(rf"/submissions/{draft.pk}/edit/$"))
    assert partner_page.locator("input[name=title]").input_value() == "Post 72: sunset"
    assert partner_page.locator("textarea[name=body]").input_value() == "The last hour of 4,320 minutes."
    partner_page.fill("textarea[name=details-text]", "Sunset over the harbour. #SYD")
    partner_page.get_by_role("button", name=T(lang, "Submit"), exact=True).click()
    partner_page.wait_for_url(re.compile(rf"/ideas/{draft.pk}/$"))
    assert partner_page.get_by_text(T(lang, "Your submission was received.")).is_visible()
    draft.refresh_from_db()
    assert draft.state == IdeaState.SUBMITTED

    # 5. The manager grants what is earned; the partner sees the promised reward.
    manager.goto(base + "incentives/")
    manager.get_by_role("button", name=T(lang, "Grant what is earned now")).click()
    manager.wait_for_url(re.compile(r"/incentives/ledger/$"))
    with scopes_disabled():
        incentive = Incentive.objects.get(title="A Sydney weekend")
        assert list(Grant.objects.filter(incentive=incentive).values_list("user", "status")) == [
            (partner.pk, "promised")]
    partner_page.goto("/me/incentives/")
    grant = partner_page.locator("li.card", has_text="A Sydney weekend")
    assert grant.get_by_text(T(lang, "Promised", context="incentive grant"), exact=True).is_visible()
    assert grant.get_by_text("4320 SYD").count() >= 1
    for pg in (manager, partner_page):
        assert pg.js_errors == []


def png(path, colour=(200, 30, 60)):
    Image.new("RGB", (64, 48), colour).save(path, format="PNG")
    return path


THREADLESS_MESSAGES = [
    "New mission", "Create mission", "The mission was created.", "Submit an idea", "Submit",
    "Your submission was received.", "Grant what is earned now", "My incentives", ("incentive grant", "Promised"),
    "Cash", "Name credit on the product",
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_threadless_design_contest_with_1000_dollars_and_name_credit(browser, live_server, lang, tmp_path):
    from cocreate.incentives import services as incentives
    from cocreate.realization.services import idea_decide

    lab = lab_speaking(lang, THREADLESS_MESSAGES)
    org, program = lab.org, lab.program
    partner = lab.users["partner"]
    base = f"/o/{org.slug}/programs/{program.slug}/"

    # 1. The manager opens a public design contest (co-development, the default type).
    manager = log_in(browser, live_server, lab.users["program_manager"], lang)
    manager.goto(base + "missions/new/")
    fill_mission(manager, kind="co_development", title="Tee design contest", visibility="public",
                 brief="Design our next T-shirt. The community votes; we print the winners with your name.")
    manager.get_by_role("button", name=T(lang, "Create mission")).click()
    manager.wait_for_url(re.compile(r"/missions/\d+/$"))
    assert manager.get_by_text(T(lang, "The mission was created.")).is_visible()
    with scopes_disabled():
        mission = Mission.objects.get(title="Tee design contest")
        assert (mission.kind, mission.visibility) == ("co_development", "public")
        # The prize and the name credit, for the winners (set up through the service).
        incentives.incentive_create(program, actor=lab.users["program_manager"], kind="cash", title="Winner's prize",
                                    amount=1000, currency="USD", condition="winners")
        incentives.incentive_create(program, actor=lab.users["program_manager"], kind="name_credit",
                                    title="Your name on the tee", condition="winners")

    # 2. The partner submits a design with its image.
    partner_page = log_in(browser, live_server, partner, lang)
    partner_page.goto(base + f"missions/{mission.pk}/")
    partner_page.get_by_role("link", name=T(lang, "Submit an idea")).click()
    partner_page.wait_for_url(re.compile(r"/ideas/new/$"))
    partner_page.fill("input[name=title]", "Harbour at night")
    partner_page.fill("textarea[name=body]", "A screen print of the harbour bridge at night, in three colours.")
    partner_page.fill("textarea[name=details-problem]", "Tees with the city on them all look like postcards.")
    partner_page.set_input_files("input[name=files]", str(png(tmp_path / "harbour.png")))
    partner_page.get_by_role("button", name=T(lang, "Submit"), exact=True).click()
    partner_page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    assert partner_page.get_by_text(T(lang, "Your submission was received.")).is_visible()
    with scopes_disabled():
        idea = Idea.objects.get(title="Harbour at night")
        assert idea.state == IdeaState.SUBMITTED
        assert [(a.name, a.content_type) for a in idea.attachments.all()] == [("harbour.png", "image/png")]
    assert partner_page.get_by_role("link", name="harbour.png").is_visible()

    # 3. The executive accepts it (service); the manager grants what is earned.
    with scopes_disabled():
        idea_decide(idea, actor=lab.users["executive"], kind="accept", department=lab.department)
    manager.goto(base + "incentives/")
    manager.get_by_role("button", name=T(lang, "Grant what is earned now")).click()
    manager.wait_for_url(re.compile(r"/incentives/ledger/$"))
    with scopes_disabled():
        assert sorted(Grant.objects.filter(user=partner).values_list("incentive__title", "incentive__amount",
                                                                        "incentive__currency", "status")) == [
            ("Winner's prize", 1000, "USD", "promised"), ("Your name on the tee", None, "", "promised")]

    # 4. The partner sees the prize and the name credit.
    partner_page.goto("/me/incentives/")
    prize = partner_page.locator("li.card", has_text="Winner's prize")
    assert prize.get_by_text(T(lang, "Cash"), exact=True).is_visible()
    assert prize.get_by_text(T(lang, "Promised", context="incentive grant"), exact=True).is_visible()
    credit = partner_page.locator("li.card", has_text="Your name on the tee")
    assert credit.get_by_text(T(lang, "Name credit on the product"), exact=True).is_visible()
    for pg in (manager, partner_page):
        assert pg.js_errors == []


MYSTERY_MESSAGES = [
    "New mission", "Create mission", "The mission was created.",
    "Check the settings of the type you chose, below, then save again.", "Submit",
    "Describe the improvements in at least %(min)s characters (now %(length)s).",
    "Your submission was received.", "All submissions together", "Mean", "Staff", "Attitude", "Atmosphere",
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_mystery_shopping_visit_report_and_the_averages(browser, live_server, lang):
    lab = lab_speaking(lang, MYSTERY_MESSAGES)
    org, program = lab.org, lab.program
    partner = lab.users["partner"]
    base = f"/o/{org.slug}/programs/{program.slug}/"
    staff, attitude, atmosphere = T(lang, "Staff"), T(lang, "Attitude"), T(lang, "Atmosphere")

    # 1. The manager creates the mission; the default checklist comes with the type.
    manager = log_in(browser, live_server, lab.users["program_manager"], lang)
    manager.goto(base + "missions/new/")
    fill_mission(manager, kind="mystery_shopping", title="Gangnam store visits",
                 brief="Visit our Gangnam store incognito and tell us how it felt.")
    manager.get_by_role("button", name=T(lang, "Create mission")).click()
    manager.get_by_text(T(lang, "Check the settings of the type you chose, below, then save again.")).wait_for()
    assert manager.locator("textarea[name=config-checklist]").input_value() == (
        f"[staff] {staff} | 1-5\n[attitude] {attitude} | 1-5\n[atmosphere] {atmosphere} | 1-5")
    manager.get_by_role("button", name=T(lang, "Create mission")).click()
    manager.wait_for_url(re.compile(r"/missions/\d+/$"))
    assert manager.get_by_text(T(lang, "The mission was created.")).is_visible()
    with scopes_disabled():
        mission = Mission.objects.get(title="Gangnam store visits")
    assert [(i["key"], i["min"], i["max"]) for i in mission.config["checklist"]] == [
        ("staff", 1, 5), ("attitude", 1, 5), ("atmosphere", 1, 5)]

    # 2. The partner's visit report: a rating out of range, then too short proposals, are
    # refused with the reason, and what was typed stays.
    partner_page = log_in(browser, live_server, partner, lang)
    partner_page.goto(base + f"missions/{mission.pk}/ideas/new/")
    visit_day = timezone.localdate() - timedelta(days=1)
    partner_page.fill("input[name=title]", "Saturday visit")
    partner_page.fill("textarea[name=body]", "Busy Saturday afternoon, about twenty customers.")
    partner_page.fill("input[name=details-visit_date]", visit_day.isoformat())
    partner_page.fill("input[name=details-location]", "Gangnam flagship, 2nd floor")
    partner_page.check("input[name=details-rating_staff][value='4']")
    partner_page.check("input[name=details-rating_attitude][value='5']")
    partner_page.check("input[name=details-rating_atmosphere][value='3']")
    # A tampered page sends 9 for Staff (the radios only offer 1 to 5).
    partner_page.evaluate("() => { document.querySelector('form.submission-form').noValidate = true; "
                          "document.querySelector('input[name=details-rating_staff]:checked').value = '9'; }")
    partner_page.fill("textarea[name=details-improvements]", "More staff.")
    partner_page.get_by_role("button", name=T(lang, "Submit"), exact=True).click()
    partner_page.wait_for_load_state()
    with scopes_disabled():
        assert not Idea.objects.filter(mission=mission).exists()
    assert partner_page.locator("#id_details-rating_staff_error").is_visible()
    assert partner_page.locator("input[name=details-location]").input_value() == "Gangnam flagship, 2nd floor"
    assert partner_page.locator("textarea[name=details-improvements]").input_value() == "More staff."
    partner_page.check("input[name=details-rating_staff][value='4']")
    partner_page.evaluate("() => { document.querySelector('form.submission-form').noValidate = true; }")
    partner_page.get_by_role("button", name=T(lang, "Submit"), exact=True).click()
    partner_page.wait_for_load_state()
    assert partner_page.get_by_text(T(lang, "Describe the improvements in at least %(min)s characters "
                                            "(now %(length)s).", min=20, length=11)).is_visible()
    assert partner_page.locator("textarea[name=details-improvements]").input_value() == "More staff."
    assert partner_page.locator("input[name=title]").input_value() == "Saturday visit"
    with scopes_disabled():
        assert not Idea.objects.filter(mission=mission, state=IdeaState.SUBMITTED).exists()
    partner_page.fill("textarea[name=details-improvements]", "More staff at the fitting rooms on weekends.")
    partner_page.get_by_role("button", name=T(lang, "Submit"), exact=True).click()
    partner_page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    assert partner_page.get_by_text(T(lang, "Your submission was received.")).is_visible()
    with scopes_disabled():
        report = Idea.objects.get(mission=mission, author=partner)
    assert report.state == IdeaState.SUBMITTED
    assert report.details["ratings"] == {"staff": 4, "attitude": 5, "atmosphere": 3}
    assert report.details["location"] == "Gangnam flagship, 2nd floor"
    assert report.details["visit_date"] == visit_day.isoformat()

    # A second shopper's report, through the service.
    other = f.UserFactory(name="Second shopper", language=lang)
    f.PartnerFactory(program=program, user=other)
    f.AcceptanceFactory(agreement=lab.agreement, user=other)
    with scopes_disabled():
        submission_save(mission, author=other, title="Sunday visit", body="Quiet Sunday morning.", submit=True,
                        details={"visit_date": visit_day.isoformat(), "location": "Gangnam flagship",
                                 "ratings": {"staff": 2, "attitude": 4, "atmosphere": 4},
                                 "improvements": "Greet people at the door, play softer music."})

    # 3. The staff review screen adds the reports up per checklist item.
    manager.goto(base + f"missions/{mission.pk}/review/")
    manager.get_by_role("heading", name=T(lang, "All submissions together")).wait_for()
    table = manager.locator("section.aggregate table")
    rows = {row.locator("th").inner_text(): row.locator("td .number").inner_text()
            for row in table.locator("tbody tr").all()}
    assert rows == {staff: "3.00 / 5", attitude: "4.50 / 5", atmosphere: "3.50 / 5"}
    assert manager.get_by_text("Saturday visit").count() >= 1
    for pg in (manager, partner_page):
        assert pg.js_errors == []
