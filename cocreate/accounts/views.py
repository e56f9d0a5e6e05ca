"""A person's own account: profile, language, API tokens, their data and deleting the account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from cocreate.core.errors import DomainError
from cocreate.core.http import form_error, paginate

from . import privacy, services
from .forms import AccountDeleteForm, ApiTokenForm, LanguageForm, ProfileForm
from .models import ApiToken


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, initial=ProfileForm.initial_for(user))
    if request.method == "POST" and form.is_valid():
        try:
            services.profile_update(user, **form.cleaned_data)
        except DomainError as e:
            form_error(form, e)
        else:
            # The page that follows, and this message, are already in the chosen language.
            translation.activate(user.language)
            messages.success(request, _("Your profile was saved."))
            response = redirect("accounts:profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language,
                                max_age=settings.LANGUAGE_COOKIE_AGE, samesite="Lax")
            return response
    return render(request, "accounts/profile.html", {"form": form})


@require_POST
def language(request):
    """The language switcher: a signed-in person's profile follows the choice (their
    profile language wins over the cookie on every page), then Django's set_language sets
    the cookie and redirects back."""
    form = LanguageForm(request.POST)
    if request.user.is_authenticated and form.is_valid():
        services.profile_update(request.user, language=form.cleaned_data["language"])
    return set_language(request)


@login_required
def tokens(request):
    form = ApiTokenForm(request.POST or None)
    secret = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.api_token_create(request.user, name=form.cleaned_data["name"],
                                                      read_only=form.cleaned_data["read_only"], **form.lifetime())
        except DomainError as e:
            form_error(form, e)
        else:
            form = ApiTokenForm()
            messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
    page = paginate(request, ApiToken.objects.filter(user=request.user).order_by("-created_at", "-id"))
    response = render(request, "accounts/tokens.html", {"form": form, "page_obj": page, "now": timezone.now(),
                                                        "tokens": page.object_list, "secret": secret})
    if secret:
        # The secret is shown this once; no cache may keep the page.
        response["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def token_revoke(request, pk):
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    name = token.name
    services.api_token_revoke(token, actor=request.user)
    messages.success(request, _("Token “%(name)s” was revoked. Programs using it can no longer sign in.")
                     % {"name": name})
    return redirect("accounts:tokens")


@login_required
def data_export(request):
    """What the download holds (GET), and the download itself (POST, so that no prefetch or
    crawler makes one; every download is audited)."""
    if request.method == "POST":
        handle, filename = privacy.export_zip(request.user, via="page")
        response = FileResponse(handle, as_attachment=True, filename=filename, content_type="application/zip")
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "accounts/data.html", {"parts": sorted(privacy.section_names())})


@login_required
def account_delete(request):
    """Asks for the password and a typed phrase, says what happens in each organization,
    then deletes the account (accounts.privacy.account_delete) and signs out."""
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        privacy.account_delete(request.user)
        logout(request)
        messages.success(request, _("Your account was deleted. Thank you for taking part."))
        return redirect("/")
    return render(request, "accounts/delete.html", {
        "form": form, "phrase": AccountDeleteForm.expected_phrase(),
        "organizations": privacy.organizations_of(request.user)})

