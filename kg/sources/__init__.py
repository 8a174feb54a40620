"""The project's sources: where they are (project: ontology, shapes, data, queries, the seed texts), their
Turtle parsed into triples (load) and where in a file each was written (positions), and what a build worked
out from each, kept in .kg-cache/ for the next (cache). Read by both engines and every later stage.
And synthetic sources: a whole project with the curated data's shape, at any scale (generate: `kg generate`)."""
