"""A program's results: every submitted idea ranked by its final score, with its breakdown, the
judges' agreement per criterion and the ideas flagged for a second look; CSV and XLSX exports.

Reads only (one blend of the whole program, see evaluation.blending); the same numbers feed the
page, the API and both exports, so they can never disagree."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cocreate.ideas.enums import IdeaState
from cocreate.ideas.models import Idea
from cocreate.programs.enums import CrowdSource, Leniency

from . import reliability
from .blending import agreements_for, blends_for
from .rules import is_staff_beyond_judging
from .scoring import Breakdown
from .selectors_judging import scores_open_to_judge


@dataclass
class ResultRow:
    rank: int | None  # None: no score yet
    idea: Idea
    breakdown: Breakdown


@dataclass
class CriterionAgreement:
    criterion: object  # programs.Criterion
    alpha: float | None
    level: str  # reliable / tentative / low / undefined (reliability.alpha_level)
    reading: str
    flagged: int  # ideas whose judges disagree strongly on this criterion


@dataclass
class ProgramResults:
    program: object
    agreement: object | None
    rows: list[ResultRow] = field(default_factory=list)
    agreement_per_criterion: list[CriterionAgreement] = field(default_factory=list)
    problems: list = field(default_factory=list)

    @property
    def second_look(self) -> list[ResultRow]:
        return [r for r in self.rows if r.breakdown.second_look]

    @property
    def held_votes(self) -> int:
        return sum(r.breakdown.held_votes for r in self.rows)

    @property
    def leniency_label(self) -> str:
        return str(Leniency(self.agreement.leniency).label) if self.agreement else ""

    @property
    def crowd_label(self) -> str:
        return str(CrowdSource(self.agreement.crowd_source).label) if self.agreement else ""

    @property
    def has_crowd(self) -> bool:
        return self.agreement is not None and any(c.is_crowd_vote for c in self.agreement.criteria.all())


def program_ideas(program):
    """The ideas a program's results rank: everything submitted, except ideas hidden for abuse."""
    return (Idea.objects.filter(program=program, hidden_at__isnull=True).exclude(state=IdeaState.DRAFT)
            .select_related("author").order_by("id"))


def program_results(program, reader) -> ProgramResults:
    """Ranking (best first, ties to the earlier idea), alpha per judged criterion, flags. A
    constant number of queries whatever the number of ideas.

    A ``reader`` who is only a judge gets the rows of the ideas they finished scoring and of
    decided ideas (evaluation.view_scores: judges judge independently); the ranks stay the
    program's. ``None``: every row, for code that shows them to no one."""
    agreements = agreements_for([program.pk])
    agreement = agreements.get(program.pk)
    results = ProgramResults(program, agreement)
    if agreement is None:
        return results
    ideas = list(program_ideas(program))
    blend = blends_for(ideas, agreements).get(program.pk)
    if blend is None:
        return results
    by_id = {i.pk: i for i in ideas}
    rank = 0
    for row in blend.ranking():
        idea_id = int(blend.ideas[row])
        idea = by_id.get(idea_id)
        if idea is None:  # scored, but hidden or back in draft: not ranked
            continue
        breakdown = blend.breakdown(idea_id)
        if breakdown.total is not None:
            rank += 1
        results.rows.append(ResultRow(rank if breakdown.total is not None else None, idea, breakdown))
    alpha = blend.alpha()
    for j, criterion in enumerate(agreement.criteria.all()):
        if criterion.is_crowd_vote:
            continue
        value = alpha.get(criterion.pk)
        results.agreement_per_criterion.append(CriterionAgreement(
            criterion, value, reliability.alpha_level(value), reliability.alpha_reading(value),
            sum(1 for r in results.rows if r.breakdown.criteria[j].disagreement),
        ))
    results.problems = list(blend.problems)
    if reader is not None and not is_staff_beyond_judging(reader, program):
        open_rows = scores_open_to_judge(reader, [r.idea for r in results.rows])
        results.rows = [r for r in results.rows if r.idea.pk in open_rows]
    return results


# --------------------------------------------------------------------------------------------
# Exports
# --------------------------------------------------------------------------------------------


def _header(results: ProgramResults) -> list[str]:
    head = [_("Rank"), _("Idea"), _("Title"), _("Author"), _("State"), _("Final score"), _("Complete"),
            _("Judges")]
    for c in results.agreement.criteria.all():
        if c.is_crowd_vote:
            head += [_("%(name)s: participants' vote") % {"name": c.name}, _("%(name)s: points") % {"name": c.name}]
        else:
            head += [_("%(name)s: judges' mean") % {"name": c.name},
                     _("%(name)s: corrected mean") % {"name": c.name}, _("%(name)s: points") % {"name": c.name}]
    return head + [_("Votes held for review"), _("Second look")]


def _text(value: str) -> str:
    """People's text in a spreadsheet cell, never read as a formula (=, +, -, @ first)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _cells(row: ResultRow) -> list:
    b = row.breakdown
    cells = [row.rank if row.rank is not None else "", row.idea.pk, _text(row.idea.title),
             _text(row.idea.author.display_name),
             str(IdeaState(row.idea.state).label), b.total if b.total is not None else "",
             _("yes") if b.complete else _("no"), b.judges]
    for r in b.criteria:
        blank = "" if r.contribution is None else r.contribution
        if r.source != "judges":
            cells += ["" if r.crowd_value is None else r.crowd_value, blank]
        else:
            cells += ["" if r.raw_mean is None else r.raw_mean, "" if r.mean is None else r.mean, blank]
    return cells + [b.held_votes, _("yes") if b.second_look else _("no")]


def _about(results: ProgramResults) -> list[list]:
    """The published rules the numbers follow, for the export's second part."""
    rows = [[_("Program"), _text(results.program.title)],
            [_("Agreement version"), results.agreement.version],
            [_("Leniency correction"), results.leniency_label]]
    if results.has_crowd:
        rows.append([_("Participants' vote from"), results.crowd_label])
    rows.append([])
    rows.append([_("Criterion"), _("Weight (%)"), _("Highest score"), _("Krippendorff's alpha"), _("Reading")])
    alpha = {a.criterion.pk: a for a in results.agreement_per_criterion}
    for c in results.agreement.criteria.all():
        a = alpha.get(c.pk)
        rows.append([_text(c.name), c.weight, c.scale_max,
                     "" if a is None or a.alpha is None else round(a.alpha, 3),
                     _("participants' vote") if c.is_crowd_vote else (a.reading if a else "")])
    return rows


def results_csv(results: ProgramResults) -> str:
    """UTF-8 text with a byte-order mark, so that spreadsheet programs read Korean titles."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(_header(results))
    for row in results.rows:
        writer.writerow(_cells(row))
    writer.writerow([])
    for line in _about(results):
        writer.writerow(line)
    return out.getvalue()


def results_xlsx(results: ProgramResults) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = _("Results")[:31]
    sheet.append(_header(results))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in results.rows:
        # A control character typed into a title would make openpyxl refuse the whole file.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in _cells(row)])
    sheet.freeze_panes = "A2"
    about = book.create_sheet(_("Formula")[:31])
    for line in _about(results):
        about.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
