"""Questions to a built release: the release as queries see it, in an Oxigraph store (store), names typed for
parameters resolved in it (names), and the release on a remote SPARQL endpoint (remote). The queries themselves,
and how answers are shown, are kg.sparql's."""
