"""Small pieces every view uses the same way."""

from django.core.paginator import Paginator
from django.http import Http404

from .errors import DomainError


def form_error(form, error: DomainError) -> None:
    """Show a service's refusal on the form (field errors where a field is named), keeping
    everything the person typed."""
    form.add_error(None, error)


def paginate(request, queryset, per_page: int = 25):
    """A page of ``queryset``; an out-of-range page number is a 404, not page 1."""
    paginator = Paginator(queryset, per_page)
    try:
        return paginator.page(request.GET.get("page") or 1)
    except Exception as exc:  # EmptyPage or PageNotAnInteger
        raise Http404 from exc


def require(user, perm: str, obj=None) -> None:
    """Permission check that answers 404, so a forbidden object looks like a missing one."""
    if not user.has_perm(perm, obj):
        raise Http404
