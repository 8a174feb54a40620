"""Drafting a new report's Turtle from its text, by rules (`kg extract`, `kg add`), and scoring the drafts."""
