"""R4's fairness in a real browser, in Korean and English, entirely through pages.

1. The Coca-Cola pattern: four criteria at 25 % each, the fourth the participants' vote. The
   manager reads the published agreement and assigns judges automatically; each judge works
   through their queue on the scorecard (which never offers the participants' vote); partners
   support ideas with the idea page's button; the results page and its CSV show each idea's
   breakdown and a final score equal to the one computed here, independently, from the raw
   numbers.
2. A rejected author's one-to-one explanation: asked for on the idea page, assigned to an
   internal partner of the department, times proposed and one confirmed, the outcome recorded
   and read by the author; every step mails the person concerned in their language.
3. A parked idea revived into a later program's mission: parked on the decide page with a date
   and a condition (its owner reminded on the day), revived on the revive page; the new idea
   links to the original, its authors are credited and told, and the original shows where it
   went."""

import csv
import datetime
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from django.core import mail
from django.utils import formats, timezone, translation

from cocreate.evaluation.models import JudgeAssignment, Score
from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Credit, Idea, Support
from cocreate.notifications.models import Notification
from cocreate.realization.enums import DecisionKind, ExplanationStatus
from cocreate.realization.models import Decision, ExplanationRequest, RejectionReason
from cocreate.realization.revival import revisit_reminders_send
from cocreate.realization.services import idea_decide
from tests import factories as f
from tests.browser.helpers import N, T, lab_speaking, local_input, log_in
from tests.evaluation.coca_cola import expected_points
from tests.evaluation.factories import mission_idea, new_partner

pytestmark = pytest.mark.django_db(transaction=True)


def shown(value: Fraction, digits: int) -> str:
    """A number as the page shows it: rounded half up to ``digits`` decimals."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return str(exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP))


def subjects_to(user) -> list[str]:
    return [m.subject for m in mail.outbox if m.to == [user.email]]


# --- 1. Coca-Cola -------------------------------------------------------------------------------

# Each idea's raw scores: (first judge, second judge) on Creativity (0-10), Usefulness (0-10)
# and Brand impact (0-5). The participants' vote is never scored by a judge.
SCORES = {
    "Refill stations at gyms": [(7, 9), (6, 8), (4, 4)],
    "Glitter cans": [(3, 5), (4, 4), (2, 2)],
    "Bottle made of paper": [(6, 6), (9, 7), (3, 5)],
}
# Which ideas each of three partners supports on the idea page.
SUPPORTERS = [
    ["Refill stations at gyms", "Glitter cans", "Bottle made of paper"],
    ["Glitter cans", "Bottle made of paper"],
    ["Glitter cans"],
]

COCA_COLA_MESSAGES = [
    "participants' vote",
    "0 to %(top)s",
    "The participants' vote counts for %(share)s%% of the final score.",
    "an idea's supports divided by the most supports any idea of the program received.",
    "Assign automatically",
    ("%(n)s assignment was made.", "%(n)s assignments were made.", "plural"),
    "Ideas to score in “%(program)s”",
    ("button", "Score"),
    "Save and next",
    "You have scored every idea in your queue.",
    "%(done)s of %(total)s done",
    "Support",
    "Withdraw support",
    "Download CSV",
    "Final score",
    "%(name)s: points",
    "%(name)s: judges' mean",
    "%(name)s: participants' vote",
    "Total: %(total)s of 100.",
    "%(name)s: mean of %(n)s judges %(mean)s of %(top)s = %(norm)s; × %(weight)s%% = %(points)s points.",
    "%(name)s (participants' vote): %(supports)s supports ÷ %(most)s, the most any idea of the program "
    "received = %(norm)s; × %(weight)s%% = %(points)s points.",
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_coca_cola_published_judged_voted_and_ranked_in_the_browser(browser, live_server, lang):
    lab = lab_speaking(lang, COCA_COLA_MESSAGES)
    org, program = lab.org, lab.program
    creativity, usefulness, brand, vote = lab.criteria
    vote.is_crowd_vote = True  # Coca-Cola: the participants' vote is a quarter of the score
    vote.save(update_fields=["is_crowd_vote"])
    brand.scale_max = 5  # a criterion on its own scale, so normalising is visible
    brand.save(update_fields=["scale_max"])
    assert [c.weight for c in lab.criteria] == [25, 25, 25, 25] and lab.agreement.min_judges == 2
    judges = [lab.users["judge"], f.UserFactory(name="Second judge", language=lang)]
    f.MembershipFactory(organization=org, user=judges[1], role="judge")
    ideas = {
        title: mission_idea(lab, title=title, author=new_partner(lab, name=f"Author of {title}", language=lang))
        for title in SCORES
    }
    by_pk = {idea.pk: title for title, idea in ideas.items()}
    supporters = [new_partner(lab, name=f"Supporter {i}", language=lang) for i in range(len(SUPPORTERS))]

    # 1. The manager reads the agreement in force: four criteria at 25 %, the vote published.
    manager = log_in(browser, live_server, lab.users["program_manager"], lang)
    manager.goto(f"/o/{org.slug}/programs/{program.slug}/agreement/")
    current = manager.locator("#current")
    for c in lab.criteria:
        row = current.get_by_role("row").filter(has=manager.get_by_role("rowheader", name=c.name))
        assert row.locator("td").all_inner_texts()[1:] == ["25%", T(lang, "0 to %(top)s", top=c.scale_max)]
    vote_row = current.get_by_role("rowheader", name=vote.name)
    assert vote_row.locator(".badge").inner_text() == T(lang, "participants' vote")
    assert current.get_by_text(
        T(lang, "an idea's supports divided by the most supports any idea of the program received."), exact=False
    ).is_visible()
    assert current.get_by_text(
        T(lang, "The participants' vote counts for %(share)s%% of the final score.", share=25), exact=False
    ).is_visible()

    # 2. Judges assigned automatically on the judging page: two per idea, balanced; each told.
    manager.goto(f"/o/{org.slug}/programs/{program.slug}/judging/")
    assert manager.input_value("input[name=min_judges]") == "2"
    with manager.expect_navigation():
        manager.get_by_role("button", name=T(lang, "Assign automatically")).click()
    assert manager.get_by_text(N(lang, "%(n)s assignment was made.", "%(n)s assignments were made.", 6)).is_visible()
    assert sorted(JudgeAssignment.objects.values_list("idea_id", "judge_id")) == sorted(
        (idea.pk, judge.pk) for idea in ideas.values() for judge in judges
    )
    for judge in judges:
        assert subjects_to(judge) == [T(lang, "Ideas to score in “%(program)s”", program=program.title)]

    # 3. Each judge works through their queue; the scorecard has no participants' vote.
    for j, judge in enumerate(judges):
        page = log_in(browser, live_server, judge, lang)
        page.goto(f"/o/{org.slug}/evaluation/")
        assert page.get_by_text(T(lang, "%(done)s of %(total)s done", done=0, total=3)).first.is_visible()
        with page.expect_navigation():
            page.get_by_role("link", name=T(lang, "Score", "button")).first.click()
        scored = []
        for _ in range(3):
            pk = int(re.search(r"/ideas/(\d+)/score/", page.url).group(1))
            title = by_pk[pk]
            form = page.locator("form.score-form")
            assert form.locator("input.score-input").count() == 3
            assert form.locator(f"input[name=criterion_{vote.pk}]").count() == 0
            assert form.get_by_text(vote.name, exact=False).count() == 0
            for c, pair in zip((creativity, usefulness, brand), SCORES[title], strict=True):
                assert form.locator(f"input[name=criterion_{c.pk}]").get_attribute("max") == str(c.scale_max)
                page.fill(f"input[name=criterion_{c.pk}]", str(pair[j]))
            with page.expect_navigation():
                page.get_by_role("button", name=T(lang, "Save and next")).click()
            scored.append(title)
        assert sorted(scored) == sorted(SCORES)
        assert page.get_by_text(T(lang, "You have scored every idea in your queue.")).is_visible()
        assert page.get_by_text(T(lang, "%(done)s of %(total)s done", done=3, total=3)).first.is_visible()
        assert page.js_errors == []
        page.context.close()
    assert Score.objects.count() == 3 * 3 * 2 and not Score.objects.filter(criterion=vote).exists()

    # 4. Partners support ideas with the idea page's button.
    for supporter, chosen in zip(supporters, SUPPORTERS, strict=True):
        page = log_in(browser, live_server, supporter, lang)
        for title in chosen:
            page.goto(f"/o/{org.slug}/ideas/{ideas[title].pk}/")
            page.locator("#support-box").get_by_role("button", name=T(lang, "Support"), exact=True).click()
            page.locator("#support-box").get_by_role("button", name=T(lang, "Withdraw support")).wait_for()
        assert page.js_errors == []
        page.context.close()
    assert {title: Support.objects.filter(idea=idea).count() for title, idea in ideas.items()} == {
        "Refill stations at gyms": 1,
        "Glitter cans": 3,
        "Bottle made of paper": 2,
    }

    # 5. The results page: ranking, each idea's points per criterion, the formula, the totals.
    expected = expected_points(lab.criteria, SCORES, SUPPORTERS)
    ranking = sorted(SCORES, key=lambda t: -expected[t][0])
    assert ranking == ["Bottle made of paper", "Refill stations at gyms", "Glitter cans"]  # the vote decides
    manager.goto(f"/o/{org.slug}/programs/{program.slug}/results/")
    rows = manager.locator("section[aria-labelledby=ranking-title] tbody tr")
    assert rows.count() == 3
    for rank, title in enumerate(ranking, start=1):
        row = rows.nth(rank - 1)
        assert row.get_by_role("rowheader").get_by_role("link").inner_text() == title
        total, points = expected[title]
        assert row.locator("td").all_inner_texts() == [str(rank), shown(total, 1), *(shown(p, 1) for p in points), "2"]
    top_total, top_points = expected[ranking[0]]
    top_supports = sum(ranking[0] in chosen for chosen in SUPPORTERS)
    most = max(sum(title in chosen for chosen in SUPPORTERS) for title in SCORES)
    top_brand = Fraction(sum(SCORES[ranking[0]][2]), 2)  # the judges' mean on Brand impact
    formula = manager.locator("section[aria-labelledby=formula-title] ol.formula li").all_inner_texts()
    brand_line = T(
        lang,
        "%(name)s: mean of %(n)s judges %(mean)s of %(top)s = %(norm)s; × %(weight)s%% = %(points)s points.",
        name=brand.name,
        n=2,
        mean=shown(top_brand, 2),
        top=brand.scale_max,
        norm=shown(top_brand / brand.scale_max, 2),
        weight=25,
        points=shown(top_points[2], 1),
    )
    vote_line = T(
        lang,
        "%(name)s (participants' vote): %(supports)s supports ÷ %(most)s, the most any idea of "
        "the program received = %(norm)s; × %(weight)s%% = %(points)s points.",
        name=vote.name,
        supports=top_supports,
        most=most,
        norm=shown(Fraction(top_supports, most), 2),
        weight=25,
        points=shown(top_points[3], 1),
    )
    assert brand_line in formula and vote_line in formula
    assert formula[-1] == T(lang, "Total: %(total)s of 100.", total=shown(top_total, 1))

    # 6. The CSV behind the page's link carries the same figures, to two and four decimals.
    with manager.expect_download() as download:
        manager.get_by_role("link", name=T(lang, "Download CSV")).click()
    with open(download.value.path(), encoding="utf-8-sig", newline="") as fh:
        table = list(csv.reader(fh))
    head = table[0]
    final = head.index(T(lang, "Final score"))
    points_at = [head.index(T(lang, "%(name)s: points", name=c.name)) for c in lab.criteria]
    means_at = [head.index(T(lang, "%(name)s: judges' mean", name=c.name)) for c in lab.criteria[:3]]
    supports_at = head.index(T(lang, "%(name)s: participants' vote", name=vote.name))
    lines = {int(line[1]): line for line in table[1:4]}
    for title, (total, points) in expected.items():
        line = lines[ideas[title].pk]
        assert line[0] == str(ranking.index(title) + 1)
        assert Decimal(line[final]) == Decimal(shown(total, 2))
        assert [Decimal(line[i]) for i in points_at] == [Decimal(shown(p, 4)) for p in points]
        assert [Decimal(line[i]) for i in means_at] == [Decimal(sum(pair)) / 2 for pair in SCORES[title]]
        assert Decimal(line[supports_at]) == sum(title in chosen for chosen in SUPPORTERS)
    assert manager.js_errors == []
    manager.context.close()


# --- 2. A rejected author's one-to-one explanation -------------------------------------------------

EXPLANATION_MESSAGES = [
    "Not taken forward this time",
    "About your idea “%(idea)s”",
    "Ask for a one-to-one explanation",
    "Ask for the explanation",
    "%(person)s asks for an explanation of the decision on “%(idea)s”",
    "Assign",
    "Please explain the decision on “%(idea)s”",
    "%(person)s will explain the decision on “%(idea)s”",
    "Propose these times",
    "Choose a time to talk about “%(idea)s”",
    "Confirm this time",
    "Meeting confirmed about “%(idea)s”: %(when)s",
    "Save the outcome",
    "Summary of your conversation about “%(idea)s”",
    "One-to-one explanation",
    "Outcome",
    ("explanation", "Held"),
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_rejected_author_hears_the_reasons_one_to_one(browser, live_server, lang):
    lab = lab_speaking(lang, EXPLANATION_MESSAGES)
    org = lab.org
    expert = lab.users["internal_partner"]  # of lab.department
    executive = lab.users["executive"]
    reason = RejectionReason.objects.create(
        organization=org, text_en="Too close to a product already planned", text_ko="이미 계획된 제품과 너무 비슷합니다"
    )
    author_user = new_partner(lab, name="Author", language=lang)
    idea = mission_idea(lab, title="Glitter cans", author=author_user)
    # The rejection itself is set up through the service (the decide page has its own journey).
    idea_decide(
        idea,
        actor=executive,
        kind=DecisionKind.REJECT,
        reasons=[reason],
        criteria=[lab.criteria[0]],
        reason="Glitter is hard to recycle; we would love a refill angle.",
    )
    assert subjects_to(author_user) == [T(lang, "About your idea “%(idea)s”", idea=idea.title)]
    mail.outbox.clear()

    # 1. The author reads why, and asks for a one-to-one explanation from the idea page.
    author = log_in(browser, live_server, author_user, lang)
    author.goto(f"/o/{org.slug}/ideas/{idea.pk}/")
    decision = author.locator("#decision")
    assert decision.get_by_role("heading", name=T(lang, "Not taken forward this time")).is_visible()
    assert decision.get_by_text(reason.text_ko if lang == "ko" else reason.text_en).is_visible()
    with author.expect_navigation():
        decision.get_by_role("link", name=T(lang, "Ask for a one-to-one explanation")).click()
    author.fill("textarea[name=message]", "Which part of the recycling worried you?")
    with author.expect_navigation():
        author.get_by_role("button", name=T(lang, "Ask for the explanation")).click()
    req = ExplanationRequest.objects.get(idea=idea)
    assert author.url.endswith(f"/o/{org.slug}/explanations/{req.pk}/")
    assert req.status == ExplanationStatus.REQUESTED and req.message == "Which part of the recycling worried you?"
    asked = T(
        lang,
        "%(person)s asks for an explanation of the decision on “%(idea)s”",
        person=author_user.display_name,
        idea=idea.title,
    )
    for person in ("executive", "program_manager", "org_admin"):
        assert subjects_to(lab.users[person]) == [asked]
    mail.outbox.clear()

    # 2. The executive assigns it to an internal partner of the department concerned.
    boss = log_in(browser, live_server, executive, lang)
    boss.goto(f"/o/{org.slug}/explanations/")
    with boss.expect_navigation():
        boss.get_by_role("link", name=idea.title).first.click()
    boss.select_option("select[name=expert]", str(expert.pk))
    with boss.expect_navigation():
        boss.get_by_role("button", name=T(lang, "Assign"), exact=True).click()
    req.refresh_from_db()
    assert (req.status, req.expert, req.department) == (ExplanationStatus.ASSIGNED, expert, lab.department)
    assert subjects_to(expert) == [T(lang, "Please explain the decision on “%(idea)s”", idea=idea.title)]
    assert subjects_to(author_user) == [
        T(lang, "%(person)s will explain the decision on “%(idea)s”", person=expert.display_name, idea=idea.title)
    ]
    mail.outbox.clear()

    # 3. The expert proposes two times and a place.
    soon = timezone.localtime(timezone.now() + datetime.timedelta(days=3)).replace(second=0, microsecond=0)
    times = [soon.replace(hour=10, minute=0), soon.replace(hour=15, minute=30)]
    explainer = log_in(browser, live_server, expert, lang)
    explainer.goto(f"/o/{org.slug}/explanations/{req.pk}/")
    explainer.fill("input[name=time_1]", local_input(times[0]))
    explainer.fill("input[name=time_2]", local_input(times[1]))
    explainer.fill("input[name=place]", "Meeting room 3, R&D building")
    with explainer.expect_navigation():
        explainer.get_by_role("button", name=T(lang, "Propose these times")).click()
    req.refresh_from_db()
    assert req.status == ExplanationStatus.PROPOSED and len(req.proposed_times) == 2
    assert subjects_to(author_user) == [T(lang, "Choose a time to talk about “%(idea)s”", idea=idea.title)]
    mail.outbox.clear()

    # 4. The author confirms the second time; the expert is told when and where.
    author.goto(f"/o/{org.slug}/explanations/{req.pk}/")
    chosen = datetime.datetime.fromisoformat(req.proposed_times[1])
    assert chosen == times[1]
    author.check(f"input[name=at][value='{chosen.isoformat()}']")
    with author.expect_navigation():
        author.get_by_role("button", name=T(lang, "Confirm this time")).click()
    req.refresh_from_db()
    assert (req.status, req.scheduled_at) == (ExplanationStatus.SCHEDULED, times[1])
    with translation.override(lang):
        when = formats.date_format(timezone.localtime(times[1]), "DATETIME_FORMAT")
    assert subjects_to(expert) == [T(lang, "Meeting confirmed about “%(idea)s”: %(when)s", idea=idea.title, when=when)]
    mail.outbox.clear()

    # 5. After the meeting the expert records the outcome; the author reads it.
    outcome = "We showed the recycling study; a refill version with mica instead of glitter is welcome."
    explainer.goto(f"/o/{org.slug}/explanations/{req.pk}/")
    explainer.fill("textarea[name=outcome]", outcome)
    with explainer.expect_navigation():
        explainer.get_by_role("button", name=T(lang, "Save the outcome")).click()
    req.refresh_from_db()
    assert (req.status, req.outcome) == (ExplanationStatus.DONE, outcome)
    done_mail = [m for m in mail.outbox if m.to == [author_user.email]]
    assert [m.subject for m in done_mail] == [T(lang, "Summary of your conversation about “%(idea)s”", idea=idea.title)]
    assert outcome in done_mail[0].body
    assert Notification.objects.filter(user=author_user, kind="explanation_done").count() == 1

    author.goto(f"/o/{org.slug}/ideas/{idea.pk}/")
    link = author.locator("#decision").get_by_role("link", name=T(lang, "Held", "explanation"))
    with author.expect_navigation():
        link.click()
    assert author.get_by_role("heading", name=T(lang, "Outcome")).is_visible()
    assert author.get_by_text(outcome).is_visible()

    for page in (author, boss, explainer):
        assert page.js_errors == []
        page.context.close()


# --- 3. A parked idea revived into a later program ------------------------------------------------

REVIVAL_MESSAGES = [
    "Record the decision",
    "Your idea “%(idea)s” is kept for later",
    "Kept for later",
    "We will look at it again",
    "Time to look again at “%(idea)s”",
    "Revive into a program",
    "Revive into this program",
    "Your idea “%(idea)s” is back in “%(mission)s”",
    "Revived from an earlier idea",
    "Credited",
]


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_parked_idea_is_revived_into_a_later_program_with_its_lineage(browser, live_server, lang):
    lab = lab_speaking(lang, REVIVAL_MESSAGES)
    org = lab.org
    executive = lab.users["executive"]
    author_user = new_partner(lab, name="Author", language=lang)
    teammate = new_partner(lab, name="Teammate", language=lang)
    original = mission_idea(lab, title="Refill stations at gyms", author=author_user)
    Credit.objects.bulk_create([Credit(idea=original, user=author_user), Credit(idea=original, user=teammate)])
    later = f.ProgramFactory(organization=org, title="Summer refill program")
    later_mission = f.MissionFactory(program=later, title="Refills at the beach")
    revisit_on = timezone.localdate() + datetime.timedelta(days=30)

    # 1. The executive parks the idea on the decide page with a date and a condition.
    boss = log_in(browser, live_server, executive, lang)
    boss.goto(f"/o/{org.slug}/ideas/{original.pk}/decide/")
    boss.check("input[name=kind][value=park]")
    boss.fill("input[name=revisit_on]", revisit_on.isoformat())
    boss.fill("textarea[name=revisit_condition]", "When the refill line reaches sports clubs.")
    boss.fill("textarea[name=reason]", "A good idea for when refills reach sports clubs.")
    boss.uncheck("input[name=stage]")  # released now, not with the round
    with boss.expect_navigation():
        boss.get_by_role("button", name=T(lang, "Record the decision")).click()
    original.refresh_from_db()
    assert original.state == IdeaState.PARKED
    decision = Decision.objects.get(idea=original)
    assert (decision.kind, decision.revisit_on, decision.revisit_condition, decision.revisit_owner) == (
        DecisionKind.PARK,
        revisit_on,
        "When the refill line reaches sports clubs.",
        executive,
    )
    assert subjects_to(author_user) == [T(lang, "Your idea “%(idea)s” is kept for later", idea=original.title)]

    author = log_in(browser, live_server, author_user, lang)
    author.goto(f"/o/{org.slug}/ideas/{original.pk}/")
    panel = author.locator("#decision")
    assert panel.get_by_role("heading", name=T(lang, "Kept for later")).is_visible()
    assert panel.get_by_text(T(lang, "We will look at it again"), exact=False).is_visible()
    assert panel.get_by_text("When the refill line reaches sports clubs.", exact=False).is_visible()

    # 2. On the day, its owner is reminded (the daily task), once.
    mail.outbox.clear()
    day = timezone.make_aware(datetime.datetime.combine(revisit_on, datetime.time(9)))
    assert revisit_reminders_send(now=day - datetime.timedelta(days=1)) == 0
    assert revisit_reminders_send(now=day) == 1
    assert revisit_reminders_send(now=day) == 0
    assert subjects_to(executive) == [T(lang, "Time to look again at “%(idea)s”", idea=original.title)]
    mail.outbox.clear()

    # 3. The executive revives it into the later program's mission through the revive page.
    boss.goto(f"/o/{org.slug}/ideas/{original.pk}/decide/")
    with boss.expect_navigation():
        boss.get_by_role("link", name=T(lang, "Revive into a program")).click()
    boss.select_option("select[name=program]", str(later.pk))
    boss.select_option("select[name=mission]", str(later_mission.pk))
    boss.fill("textarea[name=note]", "Sports clubs signed up for refills.")
    with boss.expect_navigation():
        boss.get_by_role("button", name=T(lang, "Revive into this program")).click()
    new = Idea.objects.get(revived_from=original)
    assert boss.url.endswith(f"/o/{org.slug}/ideas/{new.pk}/")
    assert (new.program, new.mission, new.author, new.state, new.title) == (
        later,
        later_mission,
        author_user,
        IdeaState.SUBMITTED,
        original.title,
    )
    assert set(Credit.objects.filter(idea=new).values_list("user_id", flat=True)) == {author_user.pk, teammate.pk}
    told = T(lang, "Your idea “%(idea)s” is back in “%(mission)s”", idea=original.title, mission=later_mission.title)
    for person in (author_user, teammate):
        assert subjects_to(person) == [told]
        assert Notification.objects.filter(user=person, kind="idea_revived").count() == 1
    original.refresh_from_db()
    assert original.state == IdeaState.PARKED  # the original keeps its history

    # 4. The new idea links to the original and credits both; the original shows where it went.
    lineage = boss.locator(".lineage")
    assert lineage.get_by_text(T(lang, "Revived from an earlier idea"), exact=False).is_visible()
    assert lineage.get_by_role("link", name=original.title).get_attribute("href") == (
        f"/o/{org.slug}/ideas/{original.pk}/"
    )
    credited = boss.get_by_text(T(lang, "Credited"), exact=False)
    assert "Author" in credited.inner_text() and "Teammate" in credited.inner_text()
    for page in (boss, author):
        page.goto(f"/o/{org.slug}/ideas/{original.pk}/")
        went = page.locator(".revivals")
        assert went.get_by_role("link", name=original.title).get_attribute("href") == f"/o/{org.slug}/ideas/{new.pk}/"
        assert later.title in went.inner_text() and later_mission.title in went.inner_text()
    author.goto(f"/o/{org.slug}/ideas/{new.pk}/")
    assert author.locator(".lineage").get_by_role("link", name=original.title).is_visible()

    for page in (boss, author):
        assert page.js_errors == []
        page.context.close()
