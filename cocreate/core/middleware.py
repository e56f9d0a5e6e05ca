from django.http import Http404
from django.urls import Resolver404, resolve
from django_scopes import scope


class OrganizationScopeMiddleware:
    """Pages under /o/<organization_slug>/ run inside that organization's scope: every query
    on a scoped model is filtered to it, and a query outside any scope raises instead of
    leaking. The organization is put on the request for views and templates."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from cocreate.organizations.models import Organization

        request.organization = None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return self.get_response(request)
        slug = match.kwargs.get("organization_slug")
        if slug is None:
            return self.get_response(request)
        organization = Organization.objects.filter(slug=slug).first()
        if organization is None:
            # Rendered by the normal 404 machinery further down.
            request.organization_missing = True
            return self.get_response(request)
        request.organization = organization
        with scope(organization=organization):
            return self.get_response(request)


def organization_required(view):
    """For views under /o/<slug>/: 404 when the slug names no organization."""
    from functools import wraps

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if getattr(request, "organization", None) is None:
            raise Http404
        return view(request, *args, **kwargs)

    return wrapped
