"""What the graph says about its own figures: checks of derived figures, discrepancies between reports, timelines."""
