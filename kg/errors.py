"""User-facing errors: the CLI prints them without a traceback and exits with their code."""


class KGError(Exception):
    """An error the user can fix (bad input, unknown query, missing file); exit code 2 by default."""

    exit_code = 2


class ParseError(KGError):
    """Malformed RDF, located by file, line and column."""

    def __init__(self, path, line, column, message):
        self.path, self.line, self.column = path, line, column
        where = f"{path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class ValidationFailed(KGError):
    """The data does not conform to the shapes or the checks: nothing is released."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        super().__init__(report.text())
