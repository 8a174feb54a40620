"""The build on a real SPARQL server: `kg push URL` and `kg query NAME --endpoint URL`.

`kg push` sends the graph that queries see (dist/oioo-full.nt: asserted and inferred triples, plus the
checks and discrepancies when built) to a SPARQL 1.1 Graph Store Protocol endpoint: PUT replaces the
default graph (or `--graph IRI`), `--append` POSTs instead. Oxigraph's store is http://HOST:7878/store.

`kg query NAME --endpoint URL` runs a saved query on any SPARQL 1.1 endpoint. A remote endpoint takes
no initBindings, so the parameters go after the query as a VALUES block (SPARQL 1.1's standard way),
written from the RDF terms as N-Triples writes them (kg.core.terms.term_string: IRIs checked by
kg.sparql.saved, literals quoted and escaped), never from the user's raw text. A name ("Chris Philp") is resolved on the endpoint itself, as
kg.query.names resolves it on the local graph.
"""

from __future__ import annotations

import base64
import datetime
import email.utils
import html
import http.client
import re
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
import zlib
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit

from rdflib import Literal, URIRef, Variable  # noqa: F401 (Variable: the doctests)
import pyoxigraph as ox

from kg.query.store import current_release, open_store
from kg.core.terms import rdflib_term, term_string
from kg.core.errors import ECHOED, KGError, echoed, one_line, printable
from kg.sparql.safety import syntax_hint
from kg.sparql.saved import is_iri
from kg.query.names import MEMBERS, Names
from kg.sparql.answer import Answer

USER_AGENT = "oioo-kg (kg push / kg query --endpoint)"


def shown(text: str, url: str) -> str:
    """`text` (a message about `url`) without the user name and password `url` may carry
    (http://user:pass@host/): they were echoed in messages, and the parser's own errors quote them.

    >>> shown("cannot reach http://ann:s3cret@example.org/: nonnumeric port: 's3cret@example.org'", "http://ann:s3cret@example.org/")
    "cannot reach http://***@example.org/: nonnumeric port: '***@example.org'"
    """
    userinfo = re.match(r"[^/?#]*//([^/?#]*)@", url)
    for secret in (userinfo.group(1), userinfo.group(1).rpartition(":")[2]) if userinfo else ():
        text = text.replace(f"{secret}@", "***@")
    return text


def checked_url(url: str, given: str = "") -> str:
    """`url` if it is an http(s) URL with a host, written in ASCII as an IRI may be, else a KGError that says
    why (before anything is built or sent), after `given` (the option that gave it) if any. A space, a
    `<` or a letter beyond ASCII made a request fail with Python's words ("ordinal not in range(128)"),
    and a base URL the site's Turtle could not write, an internal error.

    >>> checked_url("http://[::1")
    Traceback (most recent call last):
    kg.core.errors.KGError: not a valid URL: 'http://[::1' (Invalid IPv6 URL)
    >>> checked_url("https://example.org/café", "--base-url")
    Traceback (most recent call last):
    kg.core.errors.KGError: --base-url: not a valid URL: 'https://example.org/café' (write a space, a control, <>"{}|\\^` and any letter beyond ASCII percent-encoded)
    """
    where = f"{given}: " if given else ""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError as error:
        raise KGError(shown(f"{where}not a valid URL: {url!r} ({error})", url)) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise KGError(shown(f"{where}not an http(s) URL: {url!r}", url))
    if not url.isascii() or not is_iri(url):
        raise KGError(shown(f"{where}not a valid URL: {url!r} (write a space, a control, <>\"{{}}|\\^` and any "
                            "letter beyond ASCII percent-encoded)", url))
    return url


DEADLINE = 120.0  # seconds a query's whole exchange may take (kg push: PUSH_DEADLINE); a timeout is per read
PUSH_DEADLINE = 600.0
MAX_ANSWER = 256 * 2**20  # bytes of an answer kg reads (a saved query's, even on a million-triple archive, is far less)
ERROR_BODY = 500  # bytes of an HTTP error's body read to quote in its message
# An endpoint that answers 429 (or 503) with Retry-After is asked again after the wait it names, as HTTP clients
# do (urllib3's Retry), when the wait is short and ends within the deadline; a longer wait is the message's.
MAX_RETRY_WAIT = 30.0  # seconds
RETRIES = 2


class _Watch:
    """A deadline for one exchange, however the server spends it (a byte every few seconds forever, headers
    that never end, a TLS handshake that never starts): at the deadline, the request's sockets are shut,
    which ends any read blocked on them."""

    def __init__(self, seconds: float):
        self.seconds, self.expired, self.sockets = seconds, False, []
        self.timer = threading.Timer(seconds, self._expire)
        self.timer.daemon = True

    def add(self, sock) -> None:
        self.sockets.append(sock)
        if self.expired:
            self._expire()

    def _expire(self) -> None:
        self.expired = True
        for sock in list(self.sockets):
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def connection(self, base):
        """`base` (an http.client connection class) whose sockets the watch can shut."""
        watch = self

        class Watched(base):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                create = self._create_connection

                def created(*args, **kwargs):
                    sock = create(*args, **kwargs)
                    watch.add(sock)
                    return sock

                self._create_connection = created

            def connect(self):
                super().connect()
                watch.add(self.sock)  # (https: the TLS socket that wraps the one created)

        return Watched


def _opener(watch: _Watch) -> urllib.request.OpenerDirector:
    """urllib's opener (proxies from the environment as before) that follows no redirect and whose
    connections `watch` can shut."""

    class NoRedirects(urllib.request.HTTPRedirectHandler):
        def http_error_302(self, *args):
            return None  # the 3xx is raised as an HTTPError, and said

        http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302

    class HTTP(urllib.request.HTTPHandler):
        def do_open(self, http_class, request, **kwargs):
            return super().do_open(watch.connection(http_class), request, **kwargs)

    class HTTPS(urllib.request.HTTPSHandler):
        def do_open(self, http_class, request, **kwargs):
            return super().do_open(watch.connection(http_class), request, **kwargs)

    return urllib.request.build_opener(NoRedirects, HTTP, HTTPS)


def _credentials(url: str) -> tuple[str, dict]:
    """`url` without its user name and password, and the Authorization header that sends them (HTTP Basic,
    as curl sends `http://user:pass@host/`): urllib read "user:pass@host" as the host's name, so a URL with
    credentials never reached its server ("Name or service not known").

    >>> _credentials("http://ann:s%40cret@example.org:8080/q?x=1")
    ('http://example.org:8080/q?x=1', {'Authorization': 'Basic YW5uOnNAY3JldA=='})
    >>> _credentials("http://example.org/q")
    ('http://example.org/q', {})
    """
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, {}
    userinfo, _, host = parts.netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    token = base64.b64encode(f"{unquote(user)}:{unquote(password)}".encode("utf-8")).decode("ascii")
    return urlunsplit(parts._replace(netloc=host)), {"Authorization": f"Basic {token}"}


def _said(body: bytes, media: str = "") -> str:
    """What a server's error page says, for a message: its text (an HTML page's without its tags), one line,
    its controls escaped (no terminal escape reaches the user), bounded.

    >>> print(_said(b"<html><h1>Unauthorized</h1>\\n<p>log in\\x1b[31m</p></html>", "text/html"))
    Unauthorized log in\\x1b[31m
    """
    text = body.decode("utf-8", "replace")
    if "html" in media or text.lstrip()[:1] == "<":
        text = html.unescape(re.sub(r"(?s)<(script|style)\b.*?</\1\s*>|<[^>]*>", " ", text))
    return echoed(printable(" ".join(text.split())), ECHOED)


def _media(headers) -> str:
    return (headers.get("Content-Type") or "").split(";")[0].strip().lower()


def _refused(method: str, url: str, error: urllib.error.HTTPError, has_credentials: bool) -> str:
    """The message for an HTTP error status: the status, what kg makes of it, and the page's own words."""
    headers = error.headers or {}
    try:
        body = error.read(ERROR_BODY)  # (a 500 with a 50 MB page was read whole to quote 500 bytes of it)
    except (OSError, http.client.HTTPException):
        body = b""
    message = f"{method} {url}: HTTP {error.code} {printable(str(error.reason or ''))}".rstrip()
    if 300 <= error.code < 400:
        location = headers.get("Location")
        where = f"redirects to {shown(echoed(printable(location)), location)}" if location else "redirects (to no Location)"
        return (f"{message}: the endpoint {where}; kg follows no redirect (it would send the data, or your "
                "password, where you did not ask): give the URL it names if that is the endpoint")
    if error.code == 401:
        realm = re.search(r'realm="([^"]*)"', headers.get("WWW-Authenticate") or "")
        message += (f": the endpoint asks for a user name and password{f' (realm {echoed(printable(realm.group(1)), 60, quoted=True)})' if realm else ''}; "
                    + ("the ones in the URL were refused" if has_credentials else
                       "give them in the URL (http://user:password@host/...)"))
    elif error.code == 429:
        wait = headers.get("Retry-After")
        message += (f": the endpoint asks kg to wait {echoed(printable(wait.strip()), 40)}"
                    f"{' seconds' if wait.strip().isdigit() else ''} before asking again" if wait else
                    ": the endpoint asks kg to wait before asking again")
    said = _said(body, _media(headers))
    return f"{message}: {said}" if said else message


def asked_to_wait(error: urllib.error.HTTPError, left: float) -> float | None:
    """The seconds a 429 or 503 asks kg to wait before asking again (Retry-After: seconds, or an HTTP date),
    where that is at most MAX_RETRY_WAIT and ends `left` seconds (the deadline) from now; else None."""
    if error.code not in (429, 503) or error.headers is None:
        return None
    given = (error.headers.get("Retry-After") or "").strip()
    if given.isdigit():
        wait = float(given)
    else:
        try:
            wait = (email.utils.parsedate_to_datetime(given) - datetime.datetime.now(datetime.timezone.utc)).total_seconds()
        except (TypeError, ValueError, IndexError):
            return None
    wait = max(wait, 0.0)
    return wait if wait <= MAX_RETRY_WAIT and wait < left else None


def _body(response, url: str, limit: int) -> bytes:
    """The answer's body, read in pieces and never more than `limit` bytes, decoded if the server compressed
    it (gzip, deflate) though kg asked for no encoding."""
    length = response.headers.get("Content-Length") or ""
    if length.strip().isdigit() and int(length) > limit:
        raise KGError(_too_large(url, limit))
    chunks, size = [], 0
    while chunk := response.read(65536):
        size += len(chunk)
        if size > limit:
            raise KGError(_too_large(url, limit))
        chunks.append(chunk)
    if length.strip().isdigit() and size < int(length):  # (urllib's read(n) ends there in silence)
        raise KGError(_cut(url, f"{size} of {int(length)} bytes"))
    body = b"".join(chunks)
    coding = (response.headers.get("Content-Encoding") or "identity").strip().lower()
    if coding in ("", "identity"):
        return body
    if coding not in ("gzip", "x-gzip", "deflate"):
        raise KGError(f"{url} sent its answer encoded as {echoed(printable(coding), 40, quoted=True)}, which kg did "
                      "not ask for and cannot read: set the server to send it unencoded")
    for wbits in ((47,) if "gzip" in coding else (15, -15)):  # deflate: zlib's format, or raw as some servers send
        try:
            inflater = zlib.decompressobj(wbits)
            decoded = inflater.decompress(body, limit + 1)
        except zlib.error:
            continue
        if len(decoded) > limit:
            raise KGError(_too_large(url, limit))
        return decoded
    raise KGError(f"{url} sent an answer marked {coding} that does not decompress: try again, or set the server "
                  "to send it unencoded")


def _cut(url: str, how: str) -> str:
    return f"{url} closed the connection before its answer was complete ({how}): try again"


def _too_large(url: str, limit: int) -> str:
    return (f"{url} sent an answer of more than {limit // 2**20} MB, more than kg reads (no saved query's "
            "answer needs so much): check that the URL is the endpoint's")


def http_request(method: str, url: str, data: bytes | None = None, headers: dict | None = None,
                 timeout: float | None = None, limit: int | None = None) -> tuple[int, dict, bytes]:
    """One HTTP request, done within `timeout` seconds in all (a server that sends a byte every few seconds
    kept kg waiting forever: urllib's timeout is per read), its answer at most `limit` bytes (one of 400 MB
    was read whole, then parsed); credentials in the URL sent as HTTP Basic; no redirect followed; asked again
    after a short wait an endpoint asks for (asked_to_wait). A refused connection, an HTTP error or a broken
    answer becomes a KGError with a one-line message."""
    checked_url(url)
    timeout = DEADLINE if timeout is None else timeout
    limit = MAX_ANSWER if limit is None else limit
    target, authorization = _credentials(url)
    request = urllib.request.Request(target, data=data, method=method, headers={"User-Agent": USER_AGENT, **(headers or {})})
    for name, value in authorization.items():
        request.add_unredirected_header(name, value)
    watch = _Watch(timeout)
    watch.timer.start()
    late = shown(f"{url} gave no complete answer within {timeout:g} seconds, and kg gave up waiting: check that "
                 "the server is up and answering, and try again", url)
    deadline, retries = time.monotonic() + timeout, RETRIES
    try:
        while True:
            try:
                with _opener(watch).open(request, timeout=timeout) as response:
                    status, answer_headers, body = response.status, dict(response.headers), _body(response, url, limit)
                break
            except urllib.error.HTTPError as error:  # asked to wait (429, 503): once more after the wait, twice at most
                wait = asked_to_wait(error, deadline - time.monotonic()) if retries and not watch.expired else None
                if wait is None:
                    raise
                error.close()
                retries -= 1
                time.sleep(wait)
        if watch.expired:  # (a close-delimited answer ends early, as if complete, when its socket is shut)
            raise KGError(late)
        return status, answer_headers, body
    except KGError as error:
        raise KGError(late if watch.expired else shown(str(error), url)) from None
    except urllib.error.HTTPError as error:
        raise KGError(late if watch.expired else shown(_refused(method, url, error, bool(authorization)), url)) from None
    except (http.client.IncompleteRead, http.client.RemoteDisconnected, ConnectionResetError) as error:
        if watch.expired:
            raise KGError(late) from None
        raise KGError(shown(_cut(url, printable(one_line(error))), url)) from None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as error:
        if watch.expired or isinstance(getattr(error, "reason", error), TimeoutError):  # (a read's timeout is the deadline)
            raise KGError(late) from None
        reason = getattr(error, "reason", None) or error or type(error).__name__
        if isinstance(reason, ssl.SSLError) and "WRONG_VERSION_NUMBER" in str(reason):
            reason = "the server does not speak TLS there (is the URL http://, not https://?)"
        elif isinstance(reason, ssl.SSLCertVerificationError):
            reason = f"its certificate is not one this machine trusts ({printable(one_line(reason))})"
        raise KGError(shown(f"cannot reach {url}: {one_line(reason) if isinstance(reason, BaseException) else printable(str(reason))}", url)) from None
    finally:
        watch.timer.cancel()


def store_url(url: str, graph: str | None = None) -> str:
    """The Graph Store Protocol URL for the default graph (?default) or a named one (?graph=IRI).

    >>> store_url("http://127.0.0.1:7878/store")
    'http://127.0.0.1:7878/store?default'
    >>> store_url("http://127.0.0.1:7878/store", "https://w3id.org/oioo/")
    'http://127.0.0.1:7878/store?graph=https%3A%2F%2Fw3id.org%2Foioo%2F'

    A URL that names its graph already is taken as it is, and --graph beside it refused: it was dropped in
    silence and the default graph replaced. A `#` is refused: HTTP never sends what follows it, so the
    `?default` written after it went unsent, and a PUT to the bare store URL replaces every graph it holds.
    """
    if "#" in url:
        raise KGError(shown(f"not a Graph Store URL: {url!r} has a #fragment, which is never sent, and without "
                            "?default or ?graph= a PUT replaces every graph of the store: remove the #...", url))
    query = urlsplit(url).query
    if re.search(r"(^|&)(default|graph)(=|&|$)", query):
        if graph is not None:
            raise KGError(shown(f"{url!r} names its graph already (?default or ?graph=): give --graph or a URL "
                                "that names a graph, not both", url))
        return url
    target = urlencode({"graph": graph}) if graph else "default"
    return url + ("&" if query else "?") + target


def push(project, url: str, graph: str | None = None, append: bool = False, timeout: float | None = None,
         progress=lambda message: None) -> dict:
    """Load the build into a Graph Store Protocol endpoint; returns what was sent."""
    checked_url(url)
    if graph is not None and not is_iri(graph):  # (a graph name is an IRI, as an IRI parameter is)
        raise KGError(f"--graph must be an absolute IRI (https://..., urn:...), got {echoed(graph, quoted=True)}")
    target = store_url(url, graph)
    current_release(project, progress)
    data = open_store(project, in_memory=True).dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
    triples = data.count(b"\n")
    status, _, _ = http_request("POST" if append else "PUT", target, data,
                        {"Content-Type": "application/n-triples"}, PUSH_DEADLINE if timeout is None else timeout)
    return {"url": shown(target, url), "triples": triples, "bytes": len(data), "status": status,
            "method": "POST" if append else "PUT"}


# ------------------------------------------------------------------ parameters as a VALUES block

def values_block(bindings: dict) -> str:
    """`VALUES (?a ?b) { (<iri> "text") }` for bound parameters, from RDF terms only.

    >>> values_block({Variable("_person_iri"): URIRef("https://w3id.org/oioo/id/chris-philp")})
    'VALUES (?_person_iri) { (<https://w3id.org/oioo/id/chris-philp>) }'
    >>> values_block({Variable("__about_string"): Literal('say "hi" } #')})
    'VALUES (?__about_string) { ("say \\\\"hi\\\\" } #") }'
    """
    if not bindings:
        return ""
    names, terms = [], []
    for variable, term in sorted(bindings.items(), key=lambda item: str(item[0])):
        if not isinstance(term, (URIRef, Literal)):
            raise KGError(f"cannot bind {variable} to {term!r}: only IRIs and literals")
        if isinstance(term, URIRef) and not re.fullmatch(r"[^\s<>\"{}|\\^`]+", str(term)):
            raise KGError(f"not a valid IRI for {variable}: {str(term)!r}")
        names.append(f"?{variable}")
        terms.append(term_string(term))  # (rdflib's n3() wrote a value with a line break ending in \" as
        # """a<LF>\\"""", which no SPARQL parser reads)
    return f"VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }}"


def bind_values(text: str, bindings: dict) -> str:
    """The query followed by a VALUES clause holding its parameters: the SPARQL 1.1 Protocol carries no
    parameters, so a remote endpoint is given them as SPARQL 1.1's trailing VALUES clause (10.2.2), the way
    issue 10 names; the saved text is left as written and the clause follows it, each value an RDF term
    written by rdflib (an IRI checked, a literal escaped). The clause's place is the end of the text, where the
    grammar puts it; SPARQL evaluates it joined with the query's solutions before ORDER BY and LIMIT apply
    (18.2.4.3), so the answers are those of the parameters bound within. Nothing of the saved text is changed.

    >>> print(bind_values("SELECT ?x ?_v_iri WHERE { ?x ?p ?_v_iri }", {Variable("_v_iri"): URIRef("urn:x")}))
    SELECT ?x ?_v_iri WHERE { ?x ?p ?_v_iri }
    VALUES (?_v_iri) { (<urn:x>) }
    """
    block = values_block(bindings)
    return f"{text.rstrip()}\n{block}" if block else text


def remote_query(endpoint: str, text: str, timeout: float | None = None) -> Answer:
    """Run a query on a SPARQL 1.1 endpoint (POST, form-encoded) and read its result as an Answer."""
    accept = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
    status, headers, body = http_request("POST", endpoint, urlencode({"query": text}).encode("utf-8"),
                                 {"Content-Type": "application/x-www-form-urlencoded", "Accept": accept}, timeout)
    media = next((v for k, v in headers.items() if k.lower() == "content-type"), "").split(";")[0].strip().lower()
    if media in ("application/sparql-results+json", "application/json"):
        try:
            return sparql_results(body)
        except NotResults as error:
            raise KGError(shown(f"{endpoint} sent results that are not SPARQL JSON: {error}", endpoint)) from None
    formats = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/turtle": ox.RdfFormat.TURTLE,
               "text/plain": ox.RdfFormat.N_TRIPLES}
    if media in formats:
        try:  # Oxigraph's parser: it streams, where rdflib's recursed (a deep "[ [ [" was a recursion error)
            triples = [(rdflib_term(q.subject), rdflib_term(q.predicate), rdflib_term(q.object))
                       for q in ox.parse(body, format=formats[media])]
        except (SyntaxError, ValueError) as error:
            raise KGError(shown(f"{endpoint} sent RDF that does not parse: {printable(one_line(error, 200))}", endpoint)) from None
        return Answer("CONSTRUCT", triples=triples)
    raise KGError(shown(f"{endpoint} answered with {media or 'no content type'}, not SPARQL results", endpoint))


class NotResults(ValueError):
    """What is wrong with a document that is no SPARQL 1.1 JSON results, in words for a message."""


def sparql_results(body: bytes) -> Answer:
    """A SPARQL 1.1 JSON results document read by Oxigraph's reader, which checks its shape and every term
    as it reads them: rdflib's reader took {"head": {}} or bindings that were no list for internal errors,
    a value of a type it does not know for one too, "boolean": "false" for true, and a datatype that is no
    IRI for one.

    >>> sparql_results(b'{"head": {"vars": ["x"]}, "results": {"bindings": [{"x": {"type": "uri", "value": "urn:a"}}]}}').rows
    [[rdflib.term.URIRef('urn:a')]]
    >>> sparql_results(b'{"head": {}, "boolean": "false"}')
    Traceback (most recent call last):
    kg.query.remote.NotResults: Unexpected boolean value; it begins '{"head": {}, "boolean": "false"}'
    """
    try:
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
        if isinstance(result, ox.QueryBoolean):
            return Answer("ASK", boolean=bool(result))
        variables = [v.value for v in result.variables]
        rows = [[None if (term := solution[i]) is None else rdflib_term(term) for i in range(len(variables))]
                for solution in result]  # (read as it is parsed: a fault further on is raised here too)
    except (SyntaxError, ValueError, OSError) as error:
        raise NotResults(f"{printable(one_line(error, 160))}; it begins {_begins(body)}") from None
    return Answer("SELECT", variables, rows)


def _begins(body: bytes) -> str:
    """How an answer begins, for a message (an HTML login page sent with 200 as JSON shows it is one)."""
    return printable(echoed(body[:200].decode("utf-8", "replace"), 60, quoted=True)) if body.strip() else "empty"


class Endpoint:
    """A SPARQL endpoint read as kg.query.names.Names reads a graph, so that a parameter may be a name
    ("Chris Philp") there too: whether a resource is described (ASK), and the members of a class with
    their labels. Each question is a query of the project's own, its values bound by VALUES."""

    def __init__(self, url: str):
        self.url = url

    def __contains__(self, triple) -> bool:
        bound = {Variable(name): term for name, term in zip("spo", triple) if term is not None}
        found = remote_query(self.url, bind_values("ASK { ?s ?p ?o }", bound))
        if found.form != "ASK":  # (read as false: "no person oi:x in this dataset", of one the endpoint has)
            raise self._unlike("an ASK query", f"a {found.form} answer")
        return bool(found.boolean)

    def members(self, cls) -> list:
        """(member, label, class, alternative) rows, as kg.query.names.MEMBERS gives them, whatever the order of
        the columns the endpoint sent (an answer without them was an internal error)."""
        found = remote_query(self.url, bind_values(MEMBERS, {Variable("class"): cls}))
        wanted = ["member", "label", "class", "alternative"]
        if found.form != "SELECT" or not set(wanted) <= set(found.variables):
            given = f"the columns {', '.join(found.variables) or '(none)'}" if found.form == "SELECT" else f"a {found.form} answer"
            raise self._unlike(f"a SELECT of {', '.join(wanted)}", printable(echoed(given, 100)))
        columns = [found.variables.index(name) for name in wanted]
        return [[row[i] for i in columns] for row in found.rows]

    def _unlike(self, asked: str, given: str) -> KGError:
        return KGError(shown(f"{self.url} answered the query kg sends to read a name ({asked}) with {given}: "
                             "check that the URL is a SPARQL endpoint's", self.url))


def run_saved_remote(saved, given: dict, endpoint: str) -> Answer:
    """A saved query on a remote endpoint, names resolved there, its parameters bound by a VALUES clause; an
    answer of the query's form (an endpoint that answered a SELECT with triples had them shown as if the query
    had asked for a graph). A prefix the query does not declare is refused before anything is sent: kg knows
    it, an endpoint does not (it answered 400, in its own words)."""
    undeclared = syntax_hint(saved.text, ())
    if undeclared.startswith("the prefix"):
        raise KGError(f"{saved.path}: {undeclared}: an endpoint reads only the prefixes a query declares")
    found = remote_query(endpoint, bind_values(saved.text, Names(Endpoint(endpoint)).bind(saved, given)))
    graph = {"CONSTRUCT", "DESCRIBE"}
    if found.form != saved.form and not {found.form, saved.form} <= graph:
        given_form = "RDF triples" if found.form in graph else f"a {found.form} answer"
        raise KGError(shown(f"{endpoint} answered {saved.name}, a {saved.form} query, with {given_form}: check that the "
                            "URL is a SPARQL endpoint's", endpoint))
    return found
