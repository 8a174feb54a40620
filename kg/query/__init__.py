"""Questions to a built release: names typed for parameters resolved in it (names), and the release on a remote
SPARQL endpoint (remote). The queries themselves, and how answers are shown, are kg.sparql's."""
