"""The build: the sources to a release, on Oxigraph. The stages, in the order kg.build.pipeline runs them:

    load      parse the Turtle sources into N-Triples string triples (kg.sources.load)
    reason    the OWL-RL closure, kept apart from the asserted triples (reason)
    validate  SHACL and the no-row checks, in Oxigraph (kg.validation.validate)
    release   the files of dist/ and their manifest, the analysis (kg.analysis) written beside them (release)
    pipeline  the stages strung together: `kg build`

A release is queried through kg.query.store.
"""
