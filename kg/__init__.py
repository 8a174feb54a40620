"""oioo-kg: who said what about which figure, in which report, and whether the reports agree."""


def run() -> None:
    """The `kg` command. kg.cli is imported here, not by the console script, so that Ctrl-C while its
    libraries load (a second or so) says `kg: interrupted` (exit 130), as it does later, not a traceback."""
    import sys

    try:
        from kg.cli import run as command
    except KeyboardInterrupt:
        sys.stderr.write("kg: interrupted\n")
        raise SystemExit(130) from None
    command()
