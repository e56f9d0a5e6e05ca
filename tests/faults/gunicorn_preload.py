"""gunicorn settings for the server-kill test (``cocreate serve -- -c <this file>``): load the
application, its URLs and the API once in the master, before the workers fork. Each worker
would otherwise import them on its first request, which takes tens of seconds on a busy test
machine; how requests are handled does not change."""

preload_app = True


def when_ready(server):
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every app's URLs and API routers
