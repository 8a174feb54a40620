"""SPARQL as kg reads and runs it, for both engines and every later stage: rdflib's parser kept off the
caller's stack (parsing), the refusal of SERVICE/LOAD/FROM (safety), the saved queries and checks of queries/
(saved), a query run on Oxigraph (run), its answer in rdflib terms whichever engine gave it (answer), and answers
shown to people (output) and to machines (results)."""
