"""User-facing errors: the CLI prints them without a traceback and exits with their code."""

import re


class KGError(Exception):
    """An error the user can fix (bad input, unknown query, missing file); exit code 2 by default."""

    exit_code = 2
    plain = ""  # the message as a page says it to a reader, where it differs (names, not prefixed names)

    def readable(self) -> str:
        """The message for a page: `plain` if the error has one, else its message."""
        return self.plain or str(self)


ECHOED = 200  # characters of a client's input (a path, a parameter, a header) a message repeats


def echoed(text, limit: int = ECHOED, quoted: bool = False) -> str:
    r"""A client's input as a message repeats it: whole if short, else its first `limit` characters, cut
    where the reader sees it ("…") and saying how long it was (a 20,000-character path was repeated
    whole in a 404); `quoted`: in quotation marks, the count outside them. Each character is as typed but
    those that print nothing or move the text (a tab, a newline, U+202E), written as escapes; repr's form
    put a backslash before a quotation mark the user typed, which they never wrote.

    >>> echoed("/" + "a" * 300, 10)
    '/aaaaaaaaa… (the first 10 of 301 characters)'
    >>> echoed("oi:x", quoted=True), echoed("b" * 5, 3, quoted=True)
    ("'oi:x'", "'bbb…' (the first 3 of 5 characters)")
    >>> print(echoed('"><b>\'x', quoted=True), echoed("chris-philp\u202e\t", quoted=True), echoed("/id/\u202ex"))
    '"><b>'x' 'chris-philp\u202e\t' /id/\u202ex
    """
    text = str(text)
    cut = text if len(text) <= limit else text[:limit] + "…"
    shown = printable(cut, unseen=True)
    shown = f"'{shown}'" if quoted else shown
    return shown if len(text) <= limit else f"{shown} (the first {limit} of {len(text)} characters)"


def one_line(error: BaseException, limit: int = 300) -> str:
    r"""An exception's text on one line, at most `limit` characters (else its type's name), for a message.

    >>> one_line(RuntimeError("Corruption:\n  block checksum mismatch"))
    'Corruption: block checksum mismatch'
    """
    return " ".join(str(error).split())[:limit] or type(error).__name__


CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode's control characters: C0, DEL and C1 (U+009B is a CSI)
# and what prints nothing or reorders the text: soft hyphen, zero-width and direction marks, line and paragraph
# separators, bidi embeddings, overrides and isolates, word joiners, BOM
UNSEEN = re.compile(r"[\x00-\x1f\x7f-\x9f\xad\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")


def printable(text: str, keep: str = "", unseen: bool = False) -> str:
    """Text with its control characters escaped (NUL as \\x00, a line break as \\n), but those in `keep`:
    a name from a URL repeated in a message stays one line, and sends no terminal escape. `unseen`: also
    the characters that print nothing or reorder the text (U+202E), for a client's input a message repeats."""
    return (UNSEEN if unseen else CONTROL).sub(lambda c: c.group() if c.group() in keep else
                                               c.group().encode("unicode_escape").decode(), text)


def not_utf8(what, byte: int, offset: int, advice: str = "") -> KGError:
    """The one message for text that is not UTF-8: which byte, at which offset (a hex view finds it).

    >>> str(not_utf8("a.txt", 0xff, 0, "; save it as UTF-8"))
    'a.txt: not UTF-8 text (byte 0xff at offset 0); save it as UTF-8'
    """
    return KGError(f"{what}: not UTF-8 text (byte {byte:#04x} at offset {offset}){advice}")


class ParseError(KGError):
    r"""Malformed RDF, located by file, line and column (and where the faulty text ends, when known); in
    one line, the line breaks and other control characters of the faulty text it quotes escaped (a NUL
    reached the terminal as it was, and an ESC could have sent it commands).

    >>> str(ParseError("data/a.ttl", 6, 1, "bad Turtle syntax: 'long\ntext' is not a valid subject"))
    "data/a.ttl:6:1: bad Turtle syntax: 'long\\ntext' is not a valid subject"
    >>> str(ParseError("data/a.ttl", 4, 23, "bad Turtle syntax: '\x00' is not allowed, nor '\x1b[2J'"))
    "data/a.ttl:4:23: bad Turtle syntax: '\\x00' is not allowed, nor '\\x1b[2J'"
    """

    def __init__(self, path, line, column, message, end_line=None, end_column=None):
        message = printable(message)
        self.path, self.line, self.column, self.reason = path, line, column, message
        self.end_line, self.end_column = end_line, end_column
        where = f"{path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")

    def named_from(self, root) -> "ParseError":
        """The same error, its file named from the project's folder (data/x.ttl), as kg validate names it."""
        from pathlib import Path

        path = Path(self.path)
        if not path.is_absolute() or not path.is_relative_to(root):
            return self
        return ParseError(path.relative_to(root).as_posix(), self.line, self.column, self.reason, self.end_line,
                          self.end_column)


def yaml_error(error, path, lines: list[tuple[int, int, str]], what: str = "") -> ParseError:
    """A YAML error (PyYAML's) at its line and column in `path`, in one line: `lines` are the YAML's lines,
    each with its line in the file and the characters before it there (a saved query's header is behind
    '#+ '). PyYAML's own message spans lines and counts them from the YAML's first, in "<unicode string>".

    >>> import yaml
    >>> try:
    ...     yaml.safe_load("reviewer: [a")
    ... except yaml.YAMLError as error:
    ...     str(yaml_error(error, "site.yaml", [(1, 0, "reviewer: [a")]))
    "site.yaml:1:13: while parsing a flow sequence, expected ',' or ']', but got '<stream end>'"
    """
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        index, column = mark.line, mark.column
        reason = ", ".join(part for part in (getattr(error, "context", None), error.problem) if part)
    else:  # a character YAML does not read (a NUL): a position in the text
        text = "\n".join(line for _, _, line in lines)
        position = getattr(error, "position", 0)
        index, column = text.count("\n", 0, position), position - (text.rfind("\n", 0, position) + 1)
        reason = str(error).splitlines()[0]
    number, before, _ = lines[min(index, len(lines) - 1)]
    return ParseError(path, number, before + column + 1, what + reason)


def yaml_key_line(lines: list[tuple[int, int, str]], key: str) -> int:
    """The line in the file of the top-level `key` of the YAML in `lines` (as yaml_error's), else of its first."""
    return next((number for number, _, line in lines if line.startswith(key) and line[len(key):].lstrip(" ").startswith(":")),
                lines[0][0] if lines else 1)


class ValidationFailed(KGError):
    """The data does not conform to the shapes or the checks: nothing is released."""

    exit_code = 1

    def __init__(self, report):
        self.report = report
        super().__init__(report.text())


INTERNAL_ERROR_EXIT = 70  # EX_SOFTWARE (sysexits.h): a fault of kg's, not of its input
REPORT_BUGS = "report it, with what you ran, on the project's issue tracker"


def describe_exception(error: BaseException) -> str:
    """One line for an exception that no code of kg's turned into a message: what the system refused
    (a file, memory, depth) in its words, anything else as kg's own fault, where it arose, and where
    to report it. Never a traceback.

    >>> describe_exception(FileNotFoundError(2, "No such file or directory", "data/x.ttl"))
    'data/x.ttl: No such file or directory'
    >>> describe_exception(ZeroDivisionError("division by zero")).startswith("internal error (ZeroDivisionError: division by zero")
    True
    """
    if isinstance(error, KGError):
        return str(error)
    if isinstance(error, OSError):
        name = f"{error.filename}: " if error.filename else ""
        return f"{name}{error.strerror or one_line(error)}"
    if isinstance(error, MemoryError):
        return "out of memory: the input is larger than this machine can hold"
    if isinstance(error, RecursionError):
        return "the input nests too deeply to read"
    detail = " ".join(str(error).split())[:200]
    where = _where(error)
    return (f"internal error ({type(error).__name__}{': ' + detail if detail else ''}"
            f"{', at ' + where if where else ''}); this is a fault in kg, not in your input: {REPORT_BUGS}")


def exit_code_of(error: BaseException) -> int:
    """The exit code for `error`: its own (KGError), 2 for what the system refused, else 70."""
    if isinstance(error, KGError):
        return error.exit_code
    if isinstance(error, (OSError, MemoryError, RecursionError)):
        return 2
    return INTERNAL_ERROR_EXIT


def _where(error: BaseException) -> str:
    """The innermost frame of kg's own code that the exception passed through: file:line."""
    import traceback
    from pathlib import Path

    package = Path(__file__).resolve().parents[1]  # kg/
    found = ""
    for frame in traceback.extract_tb(error.__traceback__):
        path = Path(frame.filename)
        if package in path.parents:
            found = f"{path.relative_to(package.parent)}:{frame.lineno}"
    return found
