"""The IBM Jam pattern in a real browser, in Korean and English: hundreds of open-channel
ideas from many people, in both languages, every one looked at by an executive working
through the board page by page; concepts suggested by clustering the ideas' text (the real
task, run by the test settings' ImmediateBackend), accepted, renamed and merged, and the ideas
that arrived afterwards classified by hand, until every idea is in a concept; then a whole
concept accepted and forwarded to a department with an owner and a due date, the department
acknowledging receipt, and an author following the hand-off on their idea's page."""

import random
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.realization.enums import ClusteringStatus
from cocreate.realization.models import ClusteringRun, Concept, ConceptSuggestion, Forwarding
from tests import factories as f
from tests.browser.helpers import N, T, lab_speaking, log_in
from tests.realization.jam import THEMES, jam_ideas, jam_text, purity

pytestmark = pytest.mark.django_db(transaction=True)

IDEAS = 240
MESSAGES = [
    "Nobody looked at it yet",
    "Mark the selected ideas as looked at",
    ("pagination", "Next"),
    "No idea matches these filters.",
    "Number of concepts",
    "Suggest concepts",
    "Accept as a concept",
    "Every suggestion of this run was handled.",
    "Save",
    "Concept saved.",
    "Merge",
    "Merged into “%(name)s”.",
    "Classify",
    ("%(count)d idea classified.", "%(count)d ideas classified.", "plural"),
    "Record the decision",
    "Forward to a department",
    "Forward the accepted ideas of “%(name)s”",
    "Forward",
    "Acknowledge receipt",
    "Receipt acknowledged; the author was told.",
    "Hand-off to departments",
    "Forwarded to %(department)s",
    "receipt acknowledged",
    ("%(n)s idea", "%(n)s ideas", "plural"),
    ("%(n)d idea marked as looked at.", "%(n)d ideas marked as looked at.", "plural"),
    ("%(n)s idea is not in a concept yet.", "%(n)s ideas are not in a concept yet.", "plural"),
    ("%(n)d idea forwarded to %(department)s.", "%(n)d ideas forwarded to %(department)s.", "plural"),
]


@pytest.fixture(autouse=True, scope="module")
def _lazy_imports_done():
    """Import what the first request and the clustering task load lazily (the URL conf with
    every API router, hence SciPy; scikit-learn) before any browser wait starts: on a loaded
    machine that compiles them from source (PYTHONDONTWRITEBYTECODE) these imports alone have
    outlasted a page's 15 s timeout."""
    import sklearn.cluster  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401
    from django.urls import get_resolver

    assert get_resolver().url_patterns


def unseen(org) -> int:
    return Idea.objects.filter(organization=org, first_seen_at__isnull=True).count()


def unclassified(org) -> int:
    return Idea.objects.filter(organization=org, concept__isnull=True).count()


def concept_themes(org, themes) -> dict[int, Counter]:
    """Each concept's ideas counted by the theme they were written on."""
    out: dict[int, Counter] = {}
    for concept_id, idea_id in Idea.objects.filter(organization=org).values_list("concept_id", "pk"):
        out.setdefault(concept_id, Counter())[themes[idea_id]] += 1
    return out


# What the executive calls each theme once it is one concept, in the journey's language.
THEME_NAMES = {
    "refill": ("Refills and less packaging", "리필과 포장 줄이기"),
    "chatbot": ("Support chatbot", "고객 상담 챗봇"),
    "solar": ("Solar energy", "태양광 에너지"),
    "drone": ("Drone delivery", "드론 배송"),
    "loyalty": ("Loyalty points", "멤버십 포인트"),
    "wellbeing": ("Employee wellbeing", "직원 웰빙"),
}


def see_message(page, text):
    expect(page.locator(".messages")).to_contain_text(text)


def submit(page, button, wait_until="load"):
    """Click a button that sends a form, and wait for the page that answers it (the old page
    may show the same message as the new one)."""
    with page.expect_navigation(wait_until=wait_until):
        button.click()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_ibm_jam_runs_end_to_end(browser, live_server, lang):
    lab = lab_speaking(lang, MESSAGES)
    org, department, partner = lab.org, lab.department, lab.users["internal_partner"]
    jam = jam_ideas(org, count=IDEAS, authors=60, language=lang)
    assert len({(i.title, i.body) for i in jam.ideas}) == IDEAS  # varied, not copies
    assert len({i.author_id for i in jam.ideas}) == 60
    slug = org.slug

    # 1. The board tells the executive how many ideas nobody has looked at yet.
    executive = log_in(browser, live_server, lab.users["executive"], lang)
    executive.goto(f"/o/{slug}/board/")
    executive.get_by_label(T(lang, "Nobody looked at it yet")).check()  # htmx swaps the results
    expect(executive.locator("#board-results caption")).to_have_text(N(lang, "%(n)s idea", "%(n)s ideas", IDEAS))
    assert unseen(org) == IDEAS

    # 2. Opening an idea is a first look; then the board, page by page, each page marked as
    # looked at with the board's own checkboxes, until nothing is new.
    newest = jam.ideas[0]
    executive.goto(f"/o/{slug}/board/")
    executive.get_by_role("link", name=newest.title, exact=True).first.click()
    executive.wait_for_url(f"**/ideas/{newest.pk}/")
    newest.refresh_from_db()
    assert newest.first_seen_by == lab.users["executive"] and unseen(org) == IDEAS - 1
    executive.goto(f"/o/{slug}/board/")
    pages, marked = 0, 1
    while True:
        pages += 1
        boxes = executive.locator("#board-results input[type=checkbox][name=idea]")
        n = boxes.count()
        # One click on each new idea's box (in the page, at once: fifty round trips to the
        # browser per page would be most of the journey's time).
        boxes.evaluate_all("boxes => boxes.forEach(box => box.click())")
        assert boxes.evaluate_all("boxes => boxes.every(box => box.checked)")
        if n:
            submit(executive, executive.get_by_role("button", name=T(lang, "Mark the selected ideas as looked at")))
            see_message(executive, N(lang, "%(n)d idea marked as looked at.", "%(n)d ideas marked as looked at.", n))
            marked += n
            assert unseen(org) == IDEAS - marked
            # Back on the same page, where nothing is new any more.
            assert executive.locator("#board-results input[name=idea]").count() == 0
        following = executive.get_by_role("link", name=T(lang, "Next", "pagination"), exact=True)
        if not following.count():
            break
        submit(executive, following)
    assert pages == 5 and marked == IDEAS and unseen(org) == 0
    assert set(Idea.objects.filter(organization=org).values_list("first_seen_by", flat=True)) == {
        lab.users["executive"].pk
    }
    assert not Idea.objects.filter(organization=org, first_seen_at__isnull=True).exists()
    executive.goto(f"/o/{slug}/board/?unseen=on")
    expect(executive.get_by_text(T(lang, "No idea matches these filters."))).to_be_visible()

    # 3. Concepts suggested by clustering the ideas' text, for real: the task runs on commit.
    executive.goto(f"/o/{slug}/concepts/")
    expect(executive.locator("main .lead")).to_have_text(
        N(lang, "%(n)s idea is not in a concept yet.", "%(n)s ideas are not in a concept yet.", IDEAS)
    )
    executive.get_by_label(T(lang, "Number of concepts")).fill("12")
    executive.get_by_role("button", name=T(lang, "Suggest concepts")).click()
    executive.wait_for_url("**/concepts/runs/*/")
    run = ClusteringRun.objects.get(organization=org)
    assert (run.status, run.progress, run.idea_count) == (ClusteringStatus.DONE, 100, IDEAS)
    suggestions = list(ConceptSuggestion.objects.filter(run=run))
    assert len(suggestions) == 12 and sum(s.size for s in suggestions) == IDEAS
    # Six themes, each written in two languages: the groups follow the themes.
    assert purity([s.idea_ids for s in suggestions], jam.themes) >= 0.9

    # 4. Every suggestion accepted under the name it proposes.
    accept = executive.get_by_role("button", name=T(lang, "Accept as a concept"))
    names = set()
    for n in range(len(suggestions)):
        # The proposed name (the suggestion's top terms) unless an earlier concept took it.
        field = executive.locator("main form input[name$='-name']").first
        name = field.input_value()
        if name.lower() in names:
            name = f"{name} ({n + 1})"
            field.fill(name)
        names.add(name.lower())
        submit(executive, accept.first)
    expect(executive.get_by_text(T(lang, "Every suggestion of this run was handled."))).to_be_visible()
    assert Concept.objects.filter(organization=org).count() == 12 and unclassified(org) == 0

    # 5. A theme that clustering found twice (once per language) is named and merged into one.
    by_concept = concept_themes(org, jam.themes)
    spread = Counter(theme for counts in by_concept.values() for theme in counts)
    theme = next(
        (t for t in THEMES if spread[t] == 2 and all(len(c) == 1 for c in by_concept.values() if t in c)), None
    )
    assert theme is not None, by_concept
    keep, merge = sorted((pk for pk, c in by_concept.items() if theme in c), key=lambda pk: -by_concept[pk][theme])
    name = THEME_NAMES[theme][lang == "ko"]
    executive.goto(f"/o/{slug}/concepts/{keep}/")
    executive.fill("input[name=name]", name)
    submit(executive, executive.get_by_role("button", name=T(lang, "Save"), exact=True))
    see_message(executive, T(lang, "Concept saved."))
    assert Concept.objects.get(pk=keep).name == name
    executive.goto(f"/o/{slug}/concepts/{merge}/")
    executive.select_option("select[name=into]", str(keep))
    submit(executive, executive.get_by_role("button", name=T(lang, "Merge"), exact=True))  # confirmed
    see_message(executive, T(lang, "Merged into “%(name)s”.", name=name))
    executive.wait_for_url(f"**/concepts/{keep}/")
    assert not Concept.objects.filter(pk=merge).exists()
    theme_ids = {pk for pk, t in jam.themes.items() if t == theme}
    assert set(Idea.objects.filter(concept_id=keep).values_list("pk", flat=True)) == theme_ids
    expect(executive.locator("main h1")).to_have_text(name)

    # 6. The jam goes on: two ideas arrive after the run. The board shows them as new; the
    # executive classifies each from its row, then marks them as looked at.
    rng = random.Random(lang)
    late = []
    for korean in (True, False):
        title, body = jam_text(theme, korean, rng)
        late.append(f.IdeaFactory(organization=org, author=jam.authors[0], title=f"{title} (+)", body=body))
    executive.goto(f"/o/{slug}/board/?unseen=on")
    expect(executive.locator("#board-results caption")).to_have_text(N(lang, "%(n)s idea", "%(n)s ideas", 2))
    for idea in late:
        executive.goto(f"/o/{slug}/board/?unseen=on")
        row = executive.locator("#board-results tbody tr", has=executive.get_by_role("link", name=idea.title))
        row.get_by_role("link", name=T(lang, "Classify")).click()
        executive.select_option("select[name=concept]", str(keep))
        submit(executive, executive.get_by_role("button", name=T(lang, "Classify"), exact=True))
        see_message(executive, N(lang, "%(count)d idea classified.", "%(count)d ideas classified.", 1, count=1))
    executive.goto(f"/o/{slug}/board/?unseen=on")
    for box in executive.locator("#board-results input[name=idea]").all():
        box.check()
    submit(executive, executive.get_by_role("button", name=T(lang, "Mark the selected ideas as looked at")))
    see_message(executive, N(lang, "%(n)d idea marked as looked at.", "%(n)d ideas marked as looked at.", 2))
    total = IDEAS + 2
    assert unseen(org) == 0 and unclassified(org) == 0 and Idea.objects.filter(organization=org).count() == total
    executive.goto(f"/o/{slug}/concepts/")
    expect(executive.locator("main .lead")).to_have_text(
        N(lang, "%(n)s idea is not in a concept yet.", "%(n)s ideas are not in a concept yet.", 0)
    )

    # 7. The smallest other concept is accepted idea by idea through the decision page.
    forwarded = min(
        (c for c in Concept.objects.filter(organization=org).exclude(pk=keep)), key=lambda c: (c.ideas.count(), c.pk)
    )
    members = list(forwarded.ideas.order_by("pk"))
    for idea in members:
        executive.goto(f"/o/{slug}/ideas/{idea.pk}/decide/")
        executive.check("input[name=kind][value=accept]")
        executive.select_option("select[name=department]", str(department.pk))
        assert not executive.is_checked("input[name=stage]")  # open-channel ideas are decided at once
        # The decision is written once the answer (a redirect to the board) arrives; the
        # board itself need not finish loading before the next idea.
        submit(executive, executive.get_by_role("button", name=T(lang, "Record the decision")), "commit")
        assert executive.url.endswith(f"/o/{slug}/board/")
    assert {i.state for i in forwarded.ideas.all()} == {IdeaState.ACCEPTED}

    # 8. The whole concept goes to the department, from the concept's own page.
    executive.goto(f"/o/{slug}/concepts/{forwarded.pk}/")
    executive.get_by_role("link", name=T(lang, "Forward to a department")).click()
    expect(executive.locator("main h1")).to_have_text(
        T(lang, "Forward the accepted ideas of “%(name)s”", name=forwarded.name)
    )
    due = timezone.localdate() + timedelta(days=10)
    executive.select_option("select[name=department]", str(department.pk))
    executive.select_option("select[name=owner]", str(partner.pk))
    executive.fill("input[name=due_on]", due.isoformat())
    executive.fill("textarea[name=note]", "IBM Jam: plan a pilot in one region.")
    submit(executive, executive.get_by_role("button", name=T(lang, "Forward"), exact=True))
    see_message(
        executive,
        N(
            lang,
            "%(n)d idea forwarded to %(department)s.",
            "%(n)d ideas forwarded to %(department)s.",
            len(members),
            department=department.name,
        ),
    )
    rows = Forwarding.objects.filter(concept=forwarded)
    assert sorted(rows.values_list("idea_id", flat=True)) == [i.pk for i in members]
    assert set(rows.values_list("department_id", "owner_id", "due_on", "acknowledged_at")) == {
        (department.pk, partner.pk, due, None)
    }

    # 9. The department's internal partner acknowledges receipt of every idea on the
    # forwarded page.
    staff = log_in(browser, live_server, partner, lang)
    staff.goto(f"/o/{slug}/forwarded/")
    acknowledge = staff.get_by_role("button", name=T(lang, "Acknowledge receipt"))
    expect(acknowledge).to_have_count(len(members))
    for left in range(len(members), 0, -1):
        submit(staff, acknowledge.first)
        expect(acknowledge).to_have_count(left - 1)
        see_message(staff, T(lang, "Receipt acknowledged; the author was told."))
    assert set(rows.values_list("acknowledged_by", flat=True)) == {partner.pk}
    assert not rows.filter(acknowledged_at__isnull=True).exists()

    # 10. An author of an idea in that concept follows the hand-off on their idea's page.
    idea = members[0]
    author = log_in(browser, live_server, idea.author, lang)
    author.goto(f"/o/{slug}/ideas/{idea.pk}/")
    hand_off = author.locator("section.forwardings")
    expect(hand_off.get_by_role("heading", name=T(lang, "Hand-off to departments"))).to_be_visible()
    expect(hand_off).to_contain_text(T(lang, "Forwarded to %(department)s", department=department.name))
    expect(hand_off).to_contain_text(T(lang, "receipt acknowledged"))

    for page in (executive, staff, author):
        assert page.js_errors == []
        page.context.close()
