"""The `cocreate` command line for operators.

    cocreate serve [--host H] [--port P] [--workers N] [--threads N] [-- GUNICORN OPTIONS]
    cocreate worker [DB_WORKER OPTIONS]
    cocreate demo [DEMO OPTIONS]
    cocreate migrate | check | createsuperuser [DJANGO OPTIONS]
    cocreate manage COMMAND [ARGS]

Every Django command runs in this process through `execute_from_command_line`; `serve`
replaces this process with gunicorn so that signals (Ctrl-C, SIGTERM from a supervisor) reach
the server directly.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

DEFAULT_SETTINGS = "config.settings.base"
DEFAULT_PORT = 8000
MAX_DEFAULT_WORKERS = 4


def default_workers() -> int:
    """WEB_CONCURRENCY when set, else gunicorn's rule of thumb (2 x cores + 1) capped at 4:
    beyond that a single SQLite file gains nothing and memory grows."""
    env = os.environ.get("WEB_CONCURRENCY", "").strip()
    if env:
        try:
            return max(1, int(env))
        except ValueError:
            raise SystemExit(f"cocreate: WEB_CONCURRENCY must be a whole number, not {env!r}") from None
    cores = os.cpu_count() or 1
    return min(2 * cores + 1, MAX_DEFAULT_WORKERS)


def default_port() -> int:
    env = os.environ.get("PORT", "").strip()
    if not env:
        return DEFAULT_PORT
    try:
        return int(env)
    except ValueError:
        raise SystemExit(f"cocreate: PORT must be a number, not {env!r}") from None


def django(*argv: str) -> None:
    """Run one Django management command in this process, as `manage.py` would."""
    from django.core.management import execute_from_command_line

    # Django names the program after argv[0]; "cocreate manage" is how a person re-runs it.
    execute_from_command_line(["cocreate manage", *argv])


def gunicorn_quirks() -> list[str]:
    """Options that depend on the installed gunicorn. Recent versions open a control socket at
    one fixed path in the home directory, so a second server on the same machine (tests, a
    demo beside a dev server) would fight over it; Cocreate needs no control socket."""
    from gunicorn.config import KNOWN_SETTINGS

    names = {setting.name for setting in KNOWN_SETTINGS}
    return ["--no-control-socket"] if "control_socket_disable" in names else []


def cmd_serve(args: argparse.Namespace, extra: list[str]) -> None:
    if not 0 < args.port < 65536:
        raise SystemExit(f"cocreate: --port must be between 1 and 65535, not {args.port}")
    if args.workers < 1 or args.threads < 1:
        raise SystemExit("cocreate: --workers and --threads must be at least 1")
    argv = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi:application",
        "--bind",
        f"{args.host}:{args.port}",
        "--workers",
        str(args.workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(args.threads),
        "--access-logfile",
        "-",
        "--error-logfile",
        "-",
        "--forwarded-allow-ips",
        os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        *gunicorn_quirks(),
        *extra,
    ]
    print(
        f"cocreate: serving on http://{args.host}:{args.port}/ "
        f"({args.workers} workers x {args.threads} threads); Ctrl-C stops",
        flush=True,
    )
    os.execv(sys.executable, argv)


def cmd_worker(args: argparse.Namespace, extra: list[str]) -> None:
    # db_worker with a heartbeat: tasks left running by a worker that died are run again.
    django("worker", *extra)


def create_cache_table(extra: Sequence[str] = ()) -> None:
    """The database cache's table (COCREATE_CACHE=database, the default without REDIS_URL),
    which holds the rate-limit counters every process shares. Not a migration: Django makes
    it with createcachetable, which skips a table that exists and does nothing for Redis."""
    database = [
        arg for i, arg in enumerate(extra) if arg.startswith("--database") or (i and extra[i - 1] == "--database")
    ]
    django("createcachetable", *database)


def cmd_migrate(args: argparse.Namespace, extra: list[str]) -> None:
    django("migrate", *extra)
    if not {"--plan", "--check", "--prune", "-h", "--help"} & set(extra):
        create_cache_table(extra)


def cmd_demo(args: argparse.Namespace, extra: list[str]) -> None:
    django("migrate", "--noinput", "--verbosity", "0")
    create_cache_table()
    django("demo", *extra)


def passthrough(command: str):
    def run(args: argparse.Namespace, extra: list[str]) -> None:
        django(command, *extra)

    return run


def cmd_manage(args: argparse.Namespace, extra: list[str]) -> None:
    argv = [*args.argv, *extra]
    if argv[:1] == ["--"]:
        argv = argv[1:]
    if not argv:
        django("help")
        return
    django(*argv)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cocreate",
        description="Operate a Cocreate lab: serve it, run its task worker, load the demo lab, "
        "and reach every Django management command.",
        epilog=(
            "Configuration comes from the environment: DATABASE_URL (PostgreSQL; SQLite in "
            "./data otherwise), COCREATE_DATA_DIR, SECRET_KEY, DEBUG, ALLOWED_HOSTS, PORT, "
            f"WEB_CONCURRENCY, DJANGO_SETTINGS_MODULE (default {DEFAULT_SETTINGS}). "
            "Options after a Django subcommand go to that command: `cocreate migrate --plan`, "
            "`cocreate worker --help`."
        ),
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    serve = sub.add_parser(
        "serve",
        usage="cocreate serve [-h] [--host HOST] [--port PORT] [--workers N] [--threads N] "
        "[-- GUNICORN_OPTION ...]",
        help="serve the site with gunicorn (WSGI)",
        description="Serve Cocreate with gunicorn (threaded workers, access log on stdout). "
        "Anything after `--` goes to gunicorn unchanged.",
    )
    serve.add_argument(
        "--host",
        default=os.environ.get("HOST", "127.0.0.1"),
        help="address to bind (default: %(default)s; use 0.0.0.0 behind a proxy and set ALLOWED_HOSTS)",
    )
    serve.add_argument(
        "--port", type=int, default=None, help=f"port to bind (default: $PORT or {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help=f"worker processes (default: $WEB_CONCURRENCY or 2 x cores + 1, at most {MAX_DEFAULT_WORKERS})",
    )
    serve.add_argument("--threads", type=int, default=2, help="threads per worker (default: %(default)s)")
    serve.set_defaults(func=cmd_serve, passthrough=True)

    worker = sub.add_parser(
        "worker",
        add_help=False,
        help="run the background task worker (django-tasks-db db_worker with a heartbeat)",
        description="Run queued background tasks (imports, clustering, mail) from the database; tasks "
        "left running by a worker that died are queued again.",
    )
    worker.set_defaults(func=cmd_worker, passthrough=True)

    demo = sub.add_parser(
        "demo",
        add_help=False,
        help="migrate, then wipe the database and load the demo lab (prints the logins)",
    )
    demo.set_defaults(func=cmd_demo, passthrough=True)

    for name, text in (
        ("migrate", "apply database migrations"),
        ("check", "run Django's system checks (add --deploy for production settings)"),
        ("createsuperuser", "create a platform administrator account"),
        ("backup", "write one archive of the database and uploaded files, with SHA-256 checksums"),
        ("restore", "check a backup archive, then restore its files and database (stop server and workers first)"),
        ("select", "choose the best cohort under quotas from a CSV (HiGHS, proven optimum)"),
        ("anonymise_applicants", "erase declined/withdrawn applicants' data after the retention period (daily)"),
    ):
        p = sub.add_parser(name, add_help=False, help=text)
        p.set_defaults(func=cmd_migrate if name == "migrate" else passthrough(name), passthrough=True)

    manage = sub.add_parser(
        "manage",
        add_help=False,
        help="any Django management command: cocreate manage COMMAND [ARGS]",
    )
    manage.add_argument("argv", nargs=argparse.REMAINDER)
    manage.set_defaults(func=cmd_manage, passthrough=True)
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if args.command == "serve":
        # Everything gunicorn should see comes after `--`; anything else unknown is a typo.
        if extra and extra[0] == "--":
            extra = extra[1:]
        elif extra:
            parser.error(
                f"unrecognized arguments for serve: {' '.join(extra)} (pass gunicorn options after --)"
            )
        if args.port is None:
            args.port = default_port()
        if args.workers is None:
            args.workers = default_workers()
    args.func(args, extra)


if __name__ == "__main__":
    main()
