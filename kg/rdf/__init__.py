"""RDF terms and triples as every stage holds them: rdflib terms, pyoxigraph terms and N-Triples strings
(terms), and sets and indexes of string triples (triples), shared by both engines, the analysis and queries."""
