"""Validation: SHACL compiled for Oxigraph (shacl/) and the engine's run of the shapes and the no-row checks
(validate); what a finding is (findings), where in its file each is written (locate), names nothing defines (undefined), the literals of an OWL-RL
inconsistency (inconsistency), the formats CI reads (formats); what a change can affect, so that only that is
validated (changes); `kg validate` itself, with the engine it is given (run); and the evidence spans checked
against the article texts (spans)."""
