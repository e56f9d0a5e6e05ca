"""The demo lab: a deterministic, bilingual Lynx/Axe co-creation program (``manage.py demo``)."""

from .builder import DemoBuilder, DemoResult, Login, build_demo
from .content import DEFAULT_SEED, PASSWORD
from .wipe import wipe_database

__all__ = ["DEFAULT_SEED", "PASSWORD", "DemoBuilder", "DemoResult", "Login", "build_demo", "wipe_database"]
