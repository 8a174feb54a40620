"""The graph for people and programs on the web: `kg serve` (endpoint, API, pages) and `kg publish` (static site)."""
