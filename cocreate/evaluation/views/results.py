"""A program's results page and its CSV / XLSX exports: program managers, executives and judges."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from cocreate.core.http import paginate, require
from cocreate.core.middleware import organization_required
from cocreate.programs.selectors import program_for_user

from .. import reliability
from ..results import program_results, results_csv, results_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@organization_required
def program_results_page(request, organization_slug, program_slug):
    org = request.organization
    program = program_for_user(request.user, org, program_slug)
    require(request.user, "evaluation.view_results", program)
    results = program_results(program, request.user)
    fmt = request.GET.get("format")
    if fmt == "csv" and results.agreement is not None:
        response = HttpResponse(results_csv(results), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="results-{program.slug}.csv"'
        return response
    if fmt == "xlsx" and results.agreement is not None:
        response = HttpResponse(results_xlsx(results), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="results-{program.slug}.xlsx"'
        return response
    page = paginate(request, results.rows, per_page=50)
    example = next((r.breakdown for r in results.rows if r.breakdown.total is not None), None)
    return render(request, "evaluation/results.html", {
        "organization": org, "program": program, "results": results, "page_obj": page,
        "rows": page.object_list, "example": example,
        "spread_percent": round(reliability.DISAGREEMENT_SPREAD * 100),
    })
