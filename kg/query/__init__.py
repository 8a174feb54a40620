"""Questions to the built graph: saved queries (queries/*.rq), how their answers are shown, remote endpoints."""
