"""Validation, with either engine: `kg validate`'s entry (run), what a change can affect, so that only that
is validated (changes), and the evidence spans checked against the article texts (spans)."""
