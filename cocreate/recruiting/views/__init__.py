"""R1 pages, one module per part of recruiting: calls and applications (`calls`), screening
rounds (`rounds`), optimal diverse selection with its invitations (`cohorts`)."""
