"""The versioned REST API. Each app contributes a router from its api.py; this file only
mounts them. Authentication: the browser session (with CSRF) or a personal token sent as
``Authorization: Bearer cc_…``."""

from ninja import NinjaAPI
from ninja.security import APIKeyHeader, HttpBearer, django_auth

from cocreate.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class OptionalAuth(APIKeyHeader):
    """Lets anonymous visitors read what is public: always passes, keeping request.user."""

    param_name = "X-Anonymous"

    def __call__(self, request):
        return True

    def authenticate(self, request, key):  # pragma: no cover - __call__ short-circuits
        return True


api = NinjaAPI(
    title="Cocreate API",
    version="1",
    urls_namespace="api",
    auth=[TokenAuth(), django_auth, OptionalAuth()],
)
