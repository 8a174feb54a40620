"""A query's answer in rdflib terms, as every engine gives it: Oxigraph (kg.sparql.run), the reference
(kg.reference.query) and a remote endpoint (kg.query.remote)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Answer:
    """A query's answer in rdflib terms, whichever engine gave it: what tables, pages and tests read."""

    form: str  # SELECT, ASK, CONSTRUCT, DESCRIBE
    variables: list = field(default_factory=list)  # names, without '?'
    rows: list = field(default_factory=list)  # lists of rdflib terms or None, in the variables' order
    boolean: bool | None = None  # ASK
    triples: list = field(default_factory=list)  # CONSTRUCT, DESCRIBE

    def records(self) -> list[dict]:
        """Rows as dicts (variable -> term), unbound variables left out."""
        return [{v: t for v, t in zip(self.variables, row) if t is not None} for row in self.rows]

    def __len__(self) -> int:
        return len(self.rows) if self.form == "SELECT" else len(self.triples)
