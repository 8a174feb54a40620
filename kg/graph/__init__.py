"""Sources to release, on Oxigraph: find the project, parse, reason (OWL-RL), validate (SHACL), write dist/.

The stages run in this order (kg.graph.build strings them together):

    project  where the sources are (ontology, shapes, data, queries)
    load     parse the Turtle sources
    reason   the OWL-RL closure, kept apart from the asserted triples
    shacl    SHACL validation, compiled to SPARQL
    build    the pipeline, and the release files in dist/
"""
