"""The reference pipeline (rdflib, owlrl, pySHACL): what proves the engine in kg.build, not a second product.

`--engine reference` runs it from the command line; the tests compare its closure, validation findings,
release files and query answers with the engine's.
"""
