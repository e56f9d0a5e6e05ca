"""R2 mission pages, one module per part: setting missions up and reading them (`missions`),
a participant's submissions (`submissions`), sub-missions and teams (`participation`), and
the participant's workspace (`workspace`)."""
