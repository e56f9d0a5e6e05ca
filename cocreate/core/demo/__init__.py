"""The demo lab: a deterministic, bilingual Lynx/Axe co-creation program (``manage.py demo``).

``content`` and ``people`` are plain data and import without Django set up (the benchmarks
read them); ``builder`` and ``wipe`` need the ORM."""
