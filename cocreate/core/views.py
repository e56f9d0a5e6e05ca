from django.shortcuts import render

from cocreate.organizations.models import Organization


def home(request):
    """The front door: organizations running co-creation and where to go next."""
    organizations = Organization.objects.order_by("name")
    return render(request, "core/home.html", {"organizations": organizations})
