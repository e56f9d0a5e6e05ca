"""R1 applicant imports: upload an intermediary's export, map its columns, start, watch the
progress bar (htmx polls the job page every second) and download the refused rows as CSV."""

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_scopes import scope

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate, require
from cocreate.core.middleware import organization_required

from .. import imports
from ..enums import ImportStatus
from ..forms import ImportMappingForm, ImportUploadForm
from .calls import _recruitment

ERRORS_PER_PAGE = 100


def _job(request, program_slug, pk, import_pk):
    program, recruitment = _recruitment(request, program_slug, pk)
    return program, recruitment, imports.import_for_user(request.user, recruitment, import_pk)


def _context(request, program, recruitment, **extra):
    return {"organization": request.organization, "program": program, "recruitment": recruitment, **extra}


@login_required
@organization_required
def import_list(request, organization_slug, program_slug, pk):
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.import_applications", recruitment)
    page = paginate(request, imports.imports_of(recruitment))
    return render(request, "recruiting/imports.html", _context(request, program, recruitment, page_obj=page,
                                                               jobs=list(page.object_list)))


@login_required
@organization_required
def import_upload(request, organization_slug, program_slug, pk):
    org = request.organization
    program, recruitment = _recruitment(request, program_slug, pk)
    require(request.user, "recruiting.import_applications", recruitment)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = imports.import_upload(recruitment, actor=request.user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            messages.success(request, _("The file was read. Check which column goes where."))
            return redirect("recruiting:import_mapping", org.slug, program.slug, recruitment.pk, job.pk)
    return render(request, "recruiting/import_upload.html", _context(request, program, recruitment, form=form))


@login_required
@organization_required
def import_mapping(request, organization_slug, program_slug, pk, import_pk):
    org = request.organization
    program, recruitment, job = _job(request, program_slug, pk, import_pk)
    if job.status != ImportStatus.UPLOADED:
        return redirect("recruiting:import_detail", org.slug, program.slug, recruitment.pk, job.pk)
    questions = list(recruitment.questions.all())
    form = ImportMappingForm(request.POST or None, columns=job.columns, targets=imports.target_labels(questions),
                             mapping=job.mapping)
    if request.method == "POST" and form.is_valid():
        try:
            imports.import_set_mapping(job, actor=request.user, mapping=form.mapping())
        except DomainError as e:
            form_error(form, e)
        else:
            return redirect("recruiting:import_detail", org.slug, program.slug, recruitment.pk, job.pk)
    try:
        rows = imports.preview(job)
    except DomainError as e:
        messages.error(request, e.text)
        rows = []
    columns = [(form[f"column_{i}"], [row[i] for row in rows]) for i in range(len(job.columns))]
    return render(request, "recruiting/import_mapping.html", _context(
        request, program, recruitment, job=job, form=form, columns=columns, preview_count=len(rows)))


@require_POST
@login_required
@organization_required
def import_start(request, organization_slug, program_slug, pk, import_pk):
    org = request.organization
    program, recruitment, job = _job(request, program_slug, pk, import_pk)
    try:
        imports.import_start(job, actor=request.user)
    except DomainError as e:
        messages.error(request, e.text)
        return redirect("recruiting:import_mapping", org.slug, program.slug, recruitment.pk, job.pk)
    return redirect("recruiting:import_detail", org.slug, program.slug, recruitment.pk, job.pk)


@login_required
@organization_required
def import_detail(request, organization_slug, program_slug, pk, import_pk):
    """The job: its mapping and a start button before it runs, the progress bar while it runs
    (the htmx partial, polled every second), then the counts and the refused rows."""
    program, recruitment, job = _job(request, program_slug, pk, import_pk)
    labels = dict(imports.target_labels(recruitment.questions.all()))
    stalled = imports.import_stalled(job)
    context = _context(
        request, program, recruitment, job=job, stalled=stalled,
        # A stalled job stops polling: it waits for a worker, or for "start" to restart it.
        running=job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING) and not stalled,
        error_count=job.error_count,
        problem=imports.problem_text(job.problem) if job.problem else "",
        restartable=stalled or (job.status == ImportStatus.FAILED and job.problem in ("unexpected", "missing", "")),
        mapping=[(imports.column_label(job.columns, int(i)), labels.get(t, t)) for i, t in job.mapping.items()],
    )
    if not context["running"] and job.error_count:
        # Paged from the rows table (a count and one page), never the whole list.
        page = Paginator(imports.row_errors(job), ERRORS_PER_PAGE).get_page(request.GET.get("page"))
        context |= {"page_obj": page,
                    "bad_rows": [(e.row, imports.row_errors_text(e.reasons)) for e in page.object_list]}
    if request.htmx and request.htmx.target == "import-progress":
        return render(request, "recruiting/_import_progress.html", context)
    return render(request, "recruiting/import_detail.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: str) -> str:
    """A cell a spreadsheet will not run as a formula (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@login_required
@organization_required
def import_errors_csv(request, organization_slug, program_slug, pk, import_pk):
    """The refused rows as the file had them, each after its row number and reasons, with a
    UTF-8 BOM so Excel reads Korean: the intermediary fixes them and sends them again."""
    org = request.organization
    _program, _recruitment_, job = _job(request, program_slug, pk, import_pk)
    if not job.file or not job.error_count:
        raise Http404
    language = translation.get_language()

    def lines() -> Iterator[str]:
        # Iterated after the view returned, outside the middleware's scope.
        with scope(organization=org), translation.override(language):
            writer = csv.writer(_Echo())
            yield "\ufeff"
            for row in imports.bad_rows(job):
                yield writer.writerow([_cell(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="import-{job.pk}-rows-to-fix.csv"'
    return response
