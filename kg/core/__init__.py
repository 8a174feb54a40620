"""The foundation every stage imports: errors (what a user is told, and exit codes), bounds (limits on
hostile input), datatypes (literal types; ISO dates in words), regex (regular expressions as SPARQL and SHACL read them), namespaces (prefixes), terms (RDF terms between
rdflib, pyoxigraph and N-Triples strings), triples (sets and indexes of string triples), serialize (files
written byte for byte), rdflib_turtle (Turtle as rdflib reads it), dist (releases in dist/, made whole or
not at all), children (child processes), contained (a command in a child, so that the engine's crash is
said in a line), background (work in a thread beside Oxigraph's), collector (Python's cycle collector paused) and wording (English words,
their stems and numbers as the reports write them)."""
