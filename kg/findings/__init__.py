"""What a finding is and where it was written, for both engines and every later stage: validation results in the
terms a curator needs (report: what is wrong, on which node, by which rule), where in the sources each was written
(positions), the formats CI reads (report_formats), names the data uses that nothing defines (undefined), and
the literals of an OWL-RL inconsistency located in the data files (inconsistency)."""
