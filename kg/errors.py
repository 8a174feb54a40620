"""User-facing errors: the CLI prints them without a traceback and exits with their code."""


class KGError(Exception):
    """An error the user can fix (bad input, unknown query, missing file); exit code 2 by default."""

    exit_code = 2


class ParseError(KGError):
    """Malformed RDF, located by file, line and column (and where the faulty text ends, when known)."""

    def __init__(self, path, line, column, message, end_line=None, end_column=None):
        self.path, self.line, self.column, self.reason = path, line, column, message
        self.end_line, self.end_column = end_line, end_column
        where = f"{path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")
