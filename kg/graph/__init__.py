"""The engine: the sources (kg.sources) to a release on Oxigraph. The stages, in the order kg.graph.build runs them:

    load      parse the Turtle sources into N-Triples string triples (pyoxigraph)
    reason    the OWL-RL closure, kept apart from the asserted triples
    validate  SHACL (shacl/) and the no-row checks, in Oxigraph; findings as kg.findings says
    shacl/    SHACL for the engine: the shapes read once, the Core components, the SPARQL-based constraints
    release   the files of dist/ and their manifest (the analysis reads the triples through kg.rdf.triples)
    build     the stages strung together

A release is queried through kg.query.store.
"""
