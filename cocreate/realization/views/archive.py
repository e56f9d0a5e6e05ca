"""The archive built for revival: every idea ever submitted, accepted or not, searchable in
Korean and English with the board's filters (staff: executives, managers, internal partners)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cocreate.core.http import require
from cocreate.core.middleware import organization_required

from .. import selectors
from ..forms import BoardFilterForm

PAGE_SIZE = 50


@login_required
@organization_required
def archive(request, organization_slug):
    org = request.organization
    require(request.user, "realization.search_archive", org)
    form = BoardFilterForm(request.GET, organization=org)
    filters = form.filters()
    number = request.GET.get("page", "1")
    number = int(number) if number.isdigit() and 0 < int(number) <= 200 else 1  # 10,000 ideas deep at most
    ideas, more = selectors.archive_search(org, page=number, size=PAGE_SIZE, **filters)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"organization": org, "form": form, "filters": filters, "ideas": ideas, "page": number,
               "has_next": more, "querystring": params.urlencode()}
    if request.htmx and request.htmx.target == "archive-results":
        return render(request, "realization/_archive_results.html", context)
    return render(request, "realization/archive.html", context)
