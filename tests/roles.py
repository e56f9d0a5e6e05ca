"""Walking every role of make_lab() through a page or an API call: shared by every permission
matrix (pages and API)."""

from django.contrib.auth.models import AnonymousUser

ROLES = ["org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner",
         "partner", "partner_pending", "member", "visitor"]
STAFF = frozenset({"org_admin", "program_manager", "reviewer", "judge", "executive", "internal_partner"})
MANAGERS = frozenset({"org_admin", "program_manager"})


def user_of(lab, role):
    return lab.users[role] or AnonymousUser()


def status_as(client, user, path, method="get", data=None):
    """HTTP status of ``path`` for ``user`` on a fresh session."""
    client.logout()
    if user.is_authenticated:
        client.force_login(user)
    response = getattr(client, method)(path, data or {})
    return response.status_code, response


def assert_answer(role, status, response, allowed, ok=200, login_required=True):
    """Allowed → ``ok``; forbidden → 404; an anonymous visitor on a page that needs an
    account → the login page."""
    if role == "visitor" and login_required:
        assert status == 302 and response["Location"].startswith("/accounts/login/")
    else:
        assert status == (ok if allowed else 404)


# The matrices on ideas also walk the idea's own author.
ROLES_AND_AUTHOR = [*ROLES, "author"]


def who(lab, role, idea=None):
    """The person playing ``role`` in ``lab``; "author" is the idea's author."""
    if role == "author":
        return idea.author
    return user_of(lab, role)


def login(client, user):
    if user.is_authenticated:
        client.force_login(user)


def expected_status(role, allowed):
    """A page that needs an account: the visitor is sent to log in; others get 200 or 404."""
    if role == "visitor":
        return 302
    return 200 if allowed else 404
