"""oioo-kg: who said what about which figure, in which report, and whether the reports agree.

The packages, in the order data flows through them (each imports only those before it, and the build also
the reference's owlrl, for the ontology's closure; tests/test_layout.py holds the order):

    core        the foundation every stage imports: errors, limits, literal types, prefixes, RDF terms, files
    sources     the sources: where they are, their Turtle parsed, where each statement is written, cached
    sparql      the query language every later stage speaks: parsed, refused, saved queries, run, shown
    validation  SHACL and the checks on Oxigraph, the findings and their formats, `kg validate`
    analysis    what the build derives: derived figures rated, discrepancies, quote fidelity, timelines
    build       reason, release, and the pipeline that strings the stages together: `kg build`
    query       questions to a built release: its store, names as parameters, remote endpoints
    web         `kg serve` and `kg publish`: the desk's pages, the SPARQL endpoint, the static site

Beside them: extract (a new report's Turtle drafted from its text), reference (rdflib, owlrl and pySHACL, which
prove the engine in the tests), engines (which of the two runs) and cli (the `kg` command, a thin layer).
"""


SUPERVISED = {"sparql", "query"}  # the commands that run a reader's own query: in a child (kg.core.contained)


def run() -> None:
    """The `kg` command. kg.cli is imported here, not by the console script, so that Ctrl-C while its
    libraries load (a second or so) says `kg: interrupted` (exit 130), as it does later, not a traceback."""
    import sys

    _hold_closed_standard_descriptors()
    if _command(sys.argv[1:]) in SUPERVISED:
        from kg.core.contained import in_a_child

        status = in_a_child()
        if status is not None:
            raise SystemExit(status)
    if sys.stdout is None and {"-h", "--help", "--version"} & set(sys.argv[1:]):
        # click prints help and the version itself, to a stdout that is not there: nothing, and exit 0
        if sys.stderr is not None:
            sys.stderr.write("kg: cannot write the output: standard output is closed\n")
        raise SystemExit(2)
    try:
        from kg.cli import run as command
    except KeyboardInterrupt:
        sys.stderr.write("kg: interrupted\n")
        raise SystemExit(130) from None
    command()


def _command(arguments: list) -> str | None:
    """The subcommand `kg` is given, past the group's options (--project DIR), or None.

    >>> _command(["--project", "x", "sparql", "ASK {}"]), _command(["--project=x", "query", "q"]), _command(["-h"])
    ('sparql', 'query', None)
    """
    rest = iter(arguments)
    for argument in rest:
        if argument == "--project":
            next(rest, None)
        elif not argument.startswith("-"):
            return argument
    return None


def _hold_closed_standard_descriptors() -> None:
    """A standard stream the caller closed (`kg query ... >&-`) leaves its descriptor free, and the next
    file kg opened (a release's file, the store) got it: whatever a child process wrote to its standard
    output or error would have gone into that file. Each is held by /dev/null, opened read-only, so a
    write to it fails as it did on the closed descriptor (kg.cli says the output cannot be written)."""
    import os

    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            held = os.open(os.devnull, os.O_RDONLY)
            if held != descriptor:
                os.dup2(held, descriptor)
                os.close(held)
            os.set_inheritable(descriptor, True)
