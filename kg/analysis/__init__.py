"""What the graph says about its own figures: figures as the checks read them (figures), derived figures
recomputed and rated (check), discrepancies between reports (discrepancies), quote fidelity across reports
(quotes), a figure's timeline (timeline), and the analysis as release files both engines write (files)."""
