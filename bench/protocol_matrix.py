"""The same SPARQL 1.1 Protocol requests sent to `kg serve` (/sparql) and `oxigraph serve-read-only` (/query) on the
same release: status, Content-Type and whether the body parses in its format, one line each, `!!` where the two differ.

    kg build && oxigraph load --location /tmp/ox --file dist/oioo-full.nt
    oxigraph serve-read-only --location /tmp/ox --bind 127.0.0.1:8901 &  kg serve --port 8902 &
    python bench/protocol_matrix.py 8902 8901 [WORDS]     # WORDS: only the requests whose name holds them

Each request goes on a connection of its own (Connection: close), raw, so that any bytes can be sent; a server that
answers nothing within 15 s is HANG, one that closes without a word NOANSWER, one that resets RESET. The differences
found, and which server is right by the SPARQL 1.1 Protocol, are in tests/test_serve_protocol.py."""
import json
import socket
import sys
import xml.etree.ElementTree as ET
from urllib.parse import quote

import pyoxigraph as ox

KG, OX = int(sys.argv[1]), int(sys.argv[2])
ONLY = sys.argv[3] if len(sys.argv) > 3 else ""
SEL = "SELECT ?s WHERE { ?s a ?t } LIMIT 3"
ASK = "ASK { ?s ?p ?o }"
CON = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 3"
DES = "DESCRIBE <https://w3id.org/oioo/id/chris-philp>"
Q = {"select": SEL, "ask": ASK, "construct": CON, "describe": DES}
ACCEPTS = ["", "application/sparql-results+json", "application/json", "application/sparql-results+xml", "application/xml",
           "text/csv", "text/tab-separated-values", "text/turtle", "application/n-triples", "application/rdf+xml",
           "application/ld+json", "application/n-quads", "application/trig", "text/plain", "*/*", "application/*", "text/*",
           "text/turtle;q=0.5, application/n-triples;q=0.9", "application/sparql-results+json;q=0.1, text/csv",
           "application/x-unknown", "text/html", "application/sparql-results+json, text/turtle",
           "application/sparql-results+json;q=0, */*", "application/n-quads, */*;q=0.1", "text/x-nquads", "application/x-trig",
           "application/sparql-results+json;charset=utf-8", "TEXT/CSV", "text/xml", "text/n3"]

def parses(ctype, body) -> str:
    """Whether `body` is a document of its Content-Type: ok, BAD:error, or text, html, ? (not looked into)."""
    media = (ctype or "").split(";")[0].strip().lower()
    try:
        if media in ("application/sparql-results+json", "application/json", "application/ld+json"):
            json.loads(body)
        elif media in ("application/sparql-results+xml", "application/xml"):
            ET.fromstring(body)
        elif media in ("text/csv", "text/tab-separated-values"):
            body.decode("utf-8")
        elif media in ("text/plain", "text/html"):  # (Oxigraph takes text/plain for N-Triples)
            return media.split("/")[1].replace("plain", "text")
        elif ox.RdfFormat.from_media_type(media) is not None:
            list(ox.parse(body, format=ox.RdfFormat.from_media_type(media)))
        else:
            return "?"
        return "ok"
    except Exception as error:  # noqa: BLE001 (what does not parse, whatever the parser says)
        return "BAD:" + type(error).__name__


def send(port, method, target, headers=(), body=None, raw=None, half_close=False):
    s = socket.create_connection(("127.0.0.1", port), timeout=15)
    try:
        if raw is None:
            h = [f"{method} {target} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Connection: close"] + list(headers)
            if body is not None:
                h.append(f"Content-Length: {len(body)}")
            raw = ("\r\n".join(h) + "\r\n\r\n").encode("latin-1") + (body or b"")
        try:
            s.sendall(raw)
        except (BrokenPipeError, ConnectionResetError):
            pass
        if half_close:
            s.shutdown(socket.SHUT_WR)
        data = b""
        while True:
            try:
                chunk = s.recv(65536)
            except socket.timeout:
                return ("HANG", "", b"")
            except ConnectionResetError:
                if not data:
                    return ("RESET", "", b"")
                break
            if not chunk:
                break
            data += chunk
    finally:
        s.close()
    while data.startswith(b"HTTP/1.1 100 "):  # an interim answer (Expect: 100-continue)
        data = data.partition(b"\r\n\r\n")[2]
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    if not lines or not lines[0]:
        return ("NOANSWER", "", b"")
    status = lines[0].split(" ")[1]
    hdrs = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        hdrs[name.strip().lower()] = value.strip()
    if hdrs.get("transfer-encoding", "").lower() == "chunked":
        out, r = b"", rest
        while r:
            size, _, r = r.partition(b"\r\n")
            size = int(size.split(b";")[0], 16)
            if size == 0:
                break
            out, r = out + r[:size], r[size + 2:]
        rest = out
    return (status, hdrs, rest)

def case(name, method, path_qs, headers=(), body=None, raw=None, half_close=False):
    if ONLY and ONLY not in name:
        return
    res = []
    for port, ep in ((KG, "/sparql"), (OX, "/query")):
        target = ep + path_qs if raw is None else None
        r = raw.replace(b"{EP}", ep.encode()) if raw is not None else None
        st, h, b = send(port, method, target, headers, body, r, half_close)
        ct = h.get("content-type", "") if isinstance(h, dict) else ""
        res.append((st, ct, parses(ct, b) if st[0] in "2" and method != "HEAD" else b[:90].decode("utf-8", "replace").replace("\n", " ")))
    k, o = res
    same = k[0] == o[0] and k[1].split(";")[0] == o[1].split(";")[0]
    mark = "  " if same else "!!"
    print(f"{mark} {name:60.60} | kg {k[0]} {k[1][:38]:38} {k[2][:60]}\n{'':63} | ox {o[0]} {o[1][:38]:38} {o[2][:60]}", flush=True)

for kind, q in Q.items():
    for a in ACCEPTS:
        hs = [f"Accept: {a}"] if a else []
        case(f"GET {kind} Accept={a or '-'}", "GET", "?query=" + quote(q), hs)
for kind, q in Q.items():
    case(f"POST sparql-query {kind}", "POST", "", ["Content-Type: application/sparql-query"], q.encode())
    case(f"POST sparql-query;charset {kind}", "POST", "", ["Content-Type: application/sparql-query; charset=UTF-8"], q.encode())
    case(f"POST form {kind}", "POST", "", ["Content-Type: application/x-www-form-urlencoded"], ("query=" + quote(q)).encode())
    case(f"POST form;charset {kind}", "POST", "", ["Content-Type: application/x-www-form-urlencoded; charset=UTF-8"], ("query=" + quote(q)).encode())
    case(f"HEAD {kind}", "HEAD", "?query=" + quote(q))
case("POST form iso-8859-1 charset", "POST", "", ["Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1"], ("query=" + quote(ASK)).encode())
case("POST no content-type", "POST", "", [], ASK.encode())
case("POST text/plain", "POST", "", ["Content-Type: text/plain"], ASK.encode())
case("POST sparql-update", "POST", "", ["Content-Type: application/sparql-update"], b"INSERT DATA { <a:a> <a:b> <a:c> }")
case("POST form update=", "POST", "", ["Content-Type: application/x-www-form-urlencoded"], b"update=" + quote("INSERT DATA { <a:a> <a:b> <a:c> }").encode())
case("GET update in query", "GET", "?query=" + quote("INSERT DATA { <a:a> <a:b> <a:c> }"))
case("GET default-graph-uri", "GET", "?query=" + quote(SEL) + "&default-graph-uri=" + quote("urn:x"))
case("GET named-graph-uri", "GET", "?query=" + quote(SEL) + "&named-graph-uri=" + quote("urn:x"))
case("POST sparql-query + default-graph-uri in URL", "POST", "?default-graph-uri=urn:x", ["Content-Type: application/sparql-query"], SEL.encode())
case("GET empty query", "GET", "?query=")
case("GET blank query", "GET", "?query=%20%20")
case("GET no query, Accept sparql-json", "GET", "", ["Accept: application/sparql-results+json"])
case("GET no query", "GET", "")
case("GET malformed", "GET", "?query=" + quote("SELEKT * {"))
case("GET two queries", "GET", "?query=" + quote(ASK) + "&query=" + quote(SEL))
case("POST form: query in URL and body", "POST", "?query=" + quote(ASK), ["Content-Type: application/x-www-form-urlencoded"], ("query=" + quote(SEL)).encode())
case("POST sparql-query: query in URL and body", "POST", "?query=" + quote(ASK), ["Content-Type: application/sparql-query"], SEL.encode())
case("POST sparql-query empty body", "POST", "", ["Content-Type: application/sparql-query"], b"")
case("POST form empty body", "POST", "", ["Content-Type: application/x-www-form-urlencoded"], b"")
case("OPTIONS", "OPTIONS", "")
case("OPTIONS preflight", "OPTIONS", "", ["Origin: http://x.example", "Access-Control-Request-Method: POST"])
case("PUT", "PUT", "", ["Content-Type: application/sparql-query"], ASK.encode())
case("DELETE", "DELETE", "")
case("GET long URL 9000", "GET", "?query=" + quote("ASK { FILTER(\"" + "a" * 9000 + "\" != \"\") }"))
case("GET long URL 70000", "GET", "?query=" + quote("ASK { FILTER(\"" + "a" * 70000 + "\" != \"\") }"))
case("GET non-utf8 %FF", "GET", "?query=ASK%7B%FF%7D")
case("GET raw latin1 byte", "GET", "", raw=b"GET {EP}?query=ASK%7B%7D\xff HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
case("POST sparql-query non-utf8 body", "POST", "", ["Content-Type: application/sparql-query"], b"ASK { FILTER(\"\xff\" != \"\") }")
case("GET + as space", "GET", "?query=ASK+%7B%7D")
case("GET raw space-less braces", "GET", "?query=ASK{}")
case("GET bad percent %G1", "GET", "?query=ASK%G1%7B%7D")
case("GET truncated percent %", "GET", "?query=ASK%7B%7D%")
case("GET %00 in query", "GET", "?query=ASK%7B%7D%00")
case("GET ;-separated", "GET", "?query=ASK%7B%7D;x=1")
case("GET unicode literal", "GET", "?query=" + quote('ASK { FILTER("zoë" != "") }'))
case("GET query with BOM", "GET", "?query=%EF%BB%BFASK%7B%7D")
case("POST sparql-query with BOM", "POST", "", ["Content-Type: application/sparql-query"], "\ufeffASK{}".encode())
case("GET format=json", "GET", "?query=" + quote(SEL) + "&format=json")
case("GET SERVICE", "GET", "?query=" + quote("SELECT * { SERVICE <http://example.org/> { ?s ?p ?o } }"))
case("GET FROM", "GET", "?query=" + quote("SELECT * FROM <http://example.org/> { ?s ?p ?o } LIMIT 1"))
case("GET unknown param", "GET", "?query=" + quote(ASK) + "&foo=bar")
case("GET no params name", "GET", "?=" + quote(ASK))
case("POST chunked sparql-query", "POST", "", raw=b"POST {EP} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nASK{}\r\n0\r\n\r\n".replace(b"6\r\nASK{}", b"5\r\nASK{}"))
case("HTTP/1.0 GET", "GET", "", raw=b"GET {EP}?query=ASK%7B%7D HTTP/1.0\r\n\r\n")
case("GET Accept with params", "GET", "?query=" + quote(SEL), ["Accept: application/sparql-results+json; charset=utf-8; q=0.9"])
case("GET construct Accept json", "GET", "?query=" + quote(CON), ["Accept: application/json"])
case("GET ask Accept text/html", "GET", "?query=" + quote(ASK), ["Accept: text/html"])
case("GET Accept empty value", "GET", "?query=" + quote(SEL), ["Accept: "])
case("GET Accept garbage", "GET", "?query=" + quote(SEL), ["Accept: ;;;,,"])
case("POST Expect 100-continue", "POST", "", ["Content-Type: application/sparql-query", "Expect: 100-continue"], ASK.encode())
case("GET ask Accept turtle only", "GET", "?query=" + quote(ASK), ["Accept: text/turtle"])
case("GET select Accept ld+json only", "GET", "?query=" + quote(SEL), ["Accept: application/ld+json"])
case("GET construct Accept csv only", "GET", "?query=" + quote(CON), ["Accept: text/csv"])
case("GET construct empty result trig", "GET", "?query=" + quote("CONSTRUCT WHERE { ?s <urn:none> ?o }"), ["Accept: application/trig"])
case("POST form charset utf-8 non-ascii", "POST", "", ["Content-Type: application/x-www-form-urlencoded; charset=utf-8"], ("query=" + quote('ASK { FILTER("zoë" != "") }')).encode())
case("POST form charset latin1 escaped e-acute", "POST", "", ["Content-Type: application/x-www-form-urlencoded; charset=ISO-8859-1"], b"query=ASK%20%7B%20FILTER(%22zo%EB%22%20!%3D%20%22%22)%20%7D")
case("POST sparql-query charset latin1", "POST", "", ["Content-Type: application/sparql-query; charset=ISO-8859-1"], ASK.encode())
case("POST sparql-query charset empty", "POST", "", ["Content-Type: application/sparql-query; charset="], ASK.encode())
case("POST sparql-query 150,000 characters", "POST", "", ["Content-Type: application/sparql-query"], b"ASK {} #" + b"x" * 150_000)
case("GET default-graph-uri empty", "GET", "?default-graph-uri=&query=" + quote(ASK))
case("GET format=application/sparql-results+json, + unescaped", "GET", "?query=" + quote(ASK) + "&format=application/sparql-results+json")
case("GET ask Accept text/csv: line end", "GET", "?query=" + quote(ASK), ["Accept: text/csv"])
case("POST uppercase content-type", "POST", "", ["Content-Type: APPLICATION/SPARQL-QUERY"], ASK.encode())
case("POST 2MB body", "POST", "", ["Content-Type: application/sparql-query"], b"ASK {} #" + b"x" * (2 << 20))
case("GET describe Accept json", "GET", "?query=" + quote(DES), ["Accept: application/json"])
case("GET select Accept json;q=0.5,xml", "GET", "?query=" + quote(SEL), ["Accept: application/sparql-results+json;q=0.5, application/sparql-results+xml"])
case("GET trailing slash", "GET", "/?query=" + quote(ASK))
case("HTTP/1.1 without Host", "GET", "", raw=b"GET {EP}?query=ASK%7B%7D HTTP/1.1\r\nConnection: close\r\n\r\n")
case("HTTP/1.1 two Hosts", "GET", "", raw=b"GET {EP}?query=ASK%7B%7D HTTP/1.1\r\nHost: a\r\nHost: b\r\nConnection: close\r\n\r\n")
case("half-close after GET (1.1)", "GET", "?query=" + quote(ASK), half_close=True)
case("half-close after POST (1.1)", "POST", "", ["Content-Type: application/sparql-query"], ASK.encode(), half_close=True)
case("half-close after GET (1.0)", "GET", "", raw=b"GET {EP}?query=ASK%7B%7D HTTP/1.0\r\n\r\n", half_close=True)
