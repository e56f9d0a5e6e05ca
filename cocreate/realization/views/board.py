"""The executive board (every idea, unfiltered), its exports, the first looks and the
overdue report. Deciding lives in ``decisions``."""

import csv
import io
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_scopes import scope

from cocreate.core.http import require
from cocreate.core.middleware import organization_required
from cocreate.ideas.enums import IdeaState

from .. import board as board_services
from .. import selectors
from ..forms import BoardFilterForm

PAGE_SIZE = 50


@login_required
@organization_required
def board(request, organization_slug):
    org = request.organization
    require(request.user, "realization.view_board", org)
    form = BoardFilterForm(request.GET, organization=org)
    filters = form.filters()
    qs = selectors.board_ideas(org, **filters)
    ideas, next_cursor = selectors.board_page(qs, cursor=request.GET.get("after", ""), sort=filters["sort"],
                                              size=PAGE_SIZE)
    count, more = selectors.bounded_count(qs, page=(ideas, next_cursor) if filters["query"] else None)
    counts = selectors.state_counts(org, bound=selectors.COUNT_BOUND)
    params = request.GET.copy()
    params.pop("after", None)
    params.pop("page", None)
    context = {
        "organization": org, "form": form, "filters": filters,
        "rows": board_services.board_rows(request.user, ideas),
        "count": count, "count_more": more, "next_cursor": next_cursor,
        "first_page": bool(request.GET.get("after")),
        "state_counts": [(value, label, _bounded(counts.get(value, 0)))
                         for value, label in IdeaState.choices if value != IdeaState.DRAFT],
        "total_count": _bounded(sum(counts.values()), any(n > selectors.COUNT_BOUND for n in counts.values())),
        "querystring": params.urlencode(),
        "can_release": request.user.has_perm("realization.release_decisions", org),
        "can_mark_seen": request.user.has_perm("realization.mark_seen", org),
        # Each row leads to the idea's concept form, so an idea no suggestion covered gets one too.
        "can_classify": request.user.has_perm("realization.manage_concepts", org),
    }
    if request.htmx and request.htmx.target == "board-results":
        return render(request, "realization/_board_results.html", context)
    # What waits for a first look, whatever the filters, in the header (not in the results the
    # filters swap in): counted only up to WAITING_BOUND, as a badge needs no more.
    context["waiting"] = {
        key: _bounded(*selectors.bounded_count(selectors.board_ideas(org, **{key: True}), WAITING_BOUND),
                      bound=WAITING_BOUND)
        for key in ("unseen", "overdue")}
    return render(request, "realization/board.html", context)


WAITING_BOUND = 999


def _bounded(n: int, more: bool = False, bound: int = selectors.COUNT_BOUND) -> str:
    """A count for a badge: "10,000+" past the bound."""
    if more or n > bound:
        return f"{min(n, bound):,}+"
    return str(n)


@require_POST
@login_required
@organization_required
def board_mark_seen(request, organization_slug):
    """The bulk action "mark as looked at" on the ideas ticked on the board."""
    org = request.organization
    require(request.user, "realization.mark_seen", org)
    ids = [i for i in request.POST.getlist("idea") if i.isdigit()]
    n = board_services.mark_seen(org, ids, actor=request.user)
    messages.success(request, ngettext("%(n)d idea marked as looked at.", "%(n)d ideas marked as looked at.", n)
                     % {"n": n})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, require_https=request.is_secure()):
        back = ""
    return redirect(back) if back else redirect("realization:board", org.slug)


@login_required
@organization_required
def overdue(request, organization_slug):
    """Ideas nobody looked at within the organization's review time: counts per program,
    the oldest one, and the list (a page of 50, longest waiting first)."""
    org = request.organization
    require(request.user, "realization.view_board", org)
    report = board_services.overdue_report(org)
    qs = selectors.board_ideas(org, overdue=True, sort="oldest")  # unseen: longest waiting = oldest
    ideas, next_cursor = selectors.board_page(qs, cursor=request.GET.get("after", ""), sort="oldest",
                                              size=PAGE_SIZE)
    context = {"organization": org, "report": report, "rows": board_services.board_rows(request.user, ideas),
               "next_cursor": next_cursor, "can_mark_seen": request.user.has_perm("realization.mark_seen", org)}
    return render(request, "realization/overdue.html", context)


class _Echo:
    """csv.writer writes into this and gets the line back, so rows can be streamed."""

    def write(self, value: str) -> str:
        return value


@login_required
@organization_required
def board_csv(request, organization_slug):
    org = request.organization
    require(request.user, "realization.view_board", org)
    return csv_response(request, org)


@login_required
@organization_required
def board_xlsx(request, organization_slug):
    org = request.organization
    require(request.user, "realization.view_board", org)
    return xlsx_response(request, org)


def _export(request, org):
    filters = BoardFilterForm(request.GET, organization=org).filters()
    return selectors.board_ideas(org, **filters), request.build_absolute_uri("/")[:-1]


def csv_response(request, org, qs=None):
    """The board as CSV with the same filters, streamed in chunks so a large board neither
    holds memory nor times out. Starts with a UTF-8 BOM so that Excel reads Korean."""
    default_qs, base = _export(request, org)
    qs = default_qs if qs is None else qs
    language = translation.get_language()

    def lines() -> Iterator[str]:
        # The response is iterated after the view (and the scope middleware) returned.
        with scope(organization=org), translation.override(language):
            writer = csv.writer(_Echo())
            yield "\ufeff"
            yield writer.writerow(board_services.export_header())
            for row in board_services.export_rows(qs, base_url=base):
                yield writer.writerow(row)

    stamp = timezone.localdate().isoformat()
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="board-{org.slug}-{stamp}.csv"'
    return response


def xlsx_response(request, org, qs=None):
    """The board as an Excel workbook with the same filters; rows are read in chunks and
    written by openpyxl's write-only mode."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    default_qs, base = _export(request, org)
    qs = default_qs if qs is None else qs
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Board")[:31])
    sheet.append(board_services.export_header())
    for row in board_services.export_rows(qs, base_url=base):
        # A control character typed into a title would make openpyxl refuse the whole file.
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in row])
    out = io.BytesIO()
    book.save(out)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="board-{org.slug}-{stamp}.xlsx"'
    return response
