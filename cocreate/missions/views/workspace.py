"""The participant's workspace: /me/missions/."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from ..workspace import workspace_for_user


@login_required
def my_missions(request):
    """My missions in every organization, soonest due first, with drafts and submissions."""
    return render(request, "missions/workspace.html", {"rows": workspace_for_user(request.user)})
