"""A person's notifications, rendered in the language they read the site in now."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cocreate.core.http import paginate

from . import selectors, services
from .kinds import render as render_kind
from .models import Notification


@login_required
def notification_list(request):
    page = paginate(request, selectors.notifications_for(request.user))
    rows = []
    for n in page.object_list:
        subject, body = render_kind(n.kind, n.params)
        rows.append({"notification": n, "subject": subject, "body": body})
    return render(request, "notifications/list.html", {"page_obj": page, "rows": rows})


@require_POST
@login_required
def notification_mark_all_read(request):
    count = services.notification_mark_read(request.user)
    if count:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")


@login_required
def notification_open(request, pk):
    """Follow a notification's link, marking it read on the way. Someone else's is a 404."""
    n = get_object_or_404(Notification, pk=pk, user=request.user)
    services.notification_mark_read(request.user, pk=n.pk)
    if n.url and url_has_allowed_host_and_scheme(n.url, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return redirect(n.url)
    return redirect("notifications:list")
