"""Access control on the real app: nothing of a document outside the caller's scope leaks
through answers, citations, snippets, filters, suggestions, document views or chat.

The corpus: a public Arboga protocol, and an internal Västerås protocol (its class and
municipality from a sidecar file) that quotes a figure only it holds.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from assistant.api.app import create_app
from assistant.auth_settings import ApiKey, Grant
from ingest.pipeline import Ingester

PUBLIC = """Kommunstyrelsen
Protokoll 2024-03-12

§ 41 Dnr KS 2024/00120
Projektet Tulpan

Beslut
Kommunstyrelsen i Arboga kommun beslutar att kostnaden för projektet Tulpan är \
120 000 kronor per år.
"""
INTERNAL = """Krisledningsnämnden
Protokoll 2024-04-02

§ 7 Dnr KLN 2024/00003
Projektet Solros

Beslut
Krisledningsnämnden i Västerås stad beslutar att kostnaden för projektet Solros är \
777 000 kronor per år.
"""
SECRET = "777 000"
QUOTE = "Vad kostar projektet Solros per år?"
VAS_KEY, ARB_KEY = "vas-nyckel-1234567890", "arb-nyckel-0987654321"


def _sha(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@pytest.fixture(scope="module")
def scoped_settings(tmp_path_factory, embedder, settings_factory):
    corpus = tmp_path_factory.mktemp("scoped-corpus")
    (corpus / "arboga.txt").write_text(PUBLIC)
    (corpus / "solros.txt").write_text(INTERNAL)
    (corpus / "solros.txt.meta.json").write_text(
        json.dumps({"class": "internal", "municipality": "Västerås stad"})
    )
    settings = settings_factory(tmp_path_factory.mktemp("scoped-index") / "index")
    report = Ingester(settings.ingest, settings.index, embedder).run([corpus], progress=False)
    assert report.count("added") == 2
    settings.auth.api_keys = [
        ApiKey(name="vasteras", sha256=_sha(VAS_KEY),
               grants=[Grant(classes=["public", "internal"], municipalities=["Västerås stad"]),
                       Grant(classes=["public"])]),
        ApiKey(name="arboga", sha256=_sha(ARB_KEY),
               grants=[Grant(classes=["public"], municipalities=["Arboga kommun"])]),
    ]  # fmt: skip
    return settings


@pytest.fixture(scope="module")
def client(scoped_settings, embedder):
    with TestClient(create_app(scoped_settings, embedder)) as c:
        yield c


def _key(key: str) -> dict[str, str]:
    return {"X-API-Key": key}


def _internal_id(client) -> str:
    docs = client.get("/v1/documents", headers=_key(VAS_KEY)).json()
    return next(d["doc_id"] for d in docs if d["organ"] == "Krisledningsnämnden")


def test_the_granted_key_gets_the_internal_answer(client):
    body = client.post("/v1/ask", json={"question": QUOTE}, headers=_key(VAS_KEY)).json()
    assert SECRET in body["answer"]
    assert {c["organ"] for c in body["citations"]} == {"Krisledningsnämnden"}


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": ARB_KEY}])
def test_a_question_quoting_internal_text_gets_nothing_of_it(client, headers):
    for question in (QUOTE, "Krisledningsnämnden beslutar att kostnaden för projektet Solros"):
        response = client.post("/v1/ask", json={"question": question}, headers=headers)
        assert response.status_code == 200
        assert SECRET not in response.text and "Solros är" not in response.text
        assert "Krisledningsnämnden" not in json.dumps(response.json()["citations"])


def test_a_filter_naming_a_hidden_organ_reads_as_one_that_does_not_exist(client):
    hidden = client.post(
        "/v1/ask", json={"question": QUOTE, "filters": {"organ": "Krisledningsnämnden"}}
    )
    made_up = client.post(
        "/v1/ask", json={"question": QUOTE, "filters": {"organ": "Påhittadnämnden"}}
    )
    assert hidden.status_code == made_up.status_code == 422
    assert hidden.json()["suggestions"] == made_up.json()["suggestions"]
    assert "Krisledningsnämnden" not in json.dumps(hidden.json()["suggestions"])
    for name in ("municipality", "date_from"):
        value = {"municipality": "Västerås stad", "date_from": "2024-04-02"}[name]
        response = client.post("/v1/ask", json={"question": QUOTE, "filters": {name: value}},
                               headers=_key(ARB_KEY))  # fmt: skip
        assert SECRET not in response.text
        assert "Krisledningsnämnden" not in response.text


def test_document_listing_and_views_hide_out_of_scope_documents(client):
    internal = _internal_id(client)
    listed = [d["doc_id"] for d in client.get("/v1/documents").json()]
    assert internal not in listed and len(listed) == 1
    guessed = client.get(f"/v1/documents/{internal}")
    unknown = client.get("/v1/documents/0000000000000000")
    assert guessed.status_code == unknown.status_code == 404
    assert guessed.json()["error"].replace(internal, "ID") == unknown.json()["error"].replace(
        "0000000000000000", "ID"
    )
    assert client.get(f"/v1/documents/{internal}", headers=_key(VAS_KEY)).status_code == 200
    filtered = client.get("/v1/documents", params={"organ": "Krisledningsnämnden"}).json()
    assert filtered == []


def test_a_follow_up_of_a_chat_from_another_scope_stays_in_the_callers_scope(client):
    first = client.post("/v1/ask", json={"question": QUOTE}, headers=_key(VAS_KEY)).json()
    messages = [
        {"role": "user", "content": QUOTE},
        {"role": "assistant", "content": first["answer"]},
        {"role": "user", "content": "Vem beslutade det?"},
    ]
    for path in ("/v1/chat", "/v1/chat/completions"):
        body = {"messages": messages, **({"model": "kommunrag"} if "completions" in path else {})}
        response = client.post(path, json=body, headers=_key(ARB_KEY))
        assert response.status_code == 200, response.text
        cited = response.json().get("citations", [])
        assert all(c["organ"] != "Krisledningsnämnden" for c in cited)
        assert "Krisledningsnämnden" not in json.dumps(cited)


def test_streams_stay_in_scope(client):
    chat = {"messages": [{"role": "user", "content": QUOTE}]}
    with client.stream("POST", "/v1/chat", json=chat, headers={"Accept": "text/event-stream"}) as r:
        text = "".join(r.iter_text())
    assert "event: done" in text and SECRET not in text.split("event: done")[1].split("\n")[0]
    assert "Krisledningsnämnden" not in text
    body = {"model": "kommunrag", "stream": True, **chat}
    with client.stream("POST", "/v1/chat/completions", json=body) as r:
        text = "".join(r.iter_text())
    assert "[DONE]" in text and SECRET not in text and "Krisledningsnämnden" not in text


def test_unknown_keys_get_401_and_anonymous_can_be_refused(scoped_settings, embedder, client):
    refused = client.post("/v1/ask", json={"question": QUOTE}, headers=_key("nope"))
    assert refused.status_code == 401 and refused.json()["code"] == "unauthorized"
    assert refused.headers["www-authenticate"].startswith("Bearer")
    closed = scoped_settings.model_copy(deep=True)
    closed.auth.anonymous = None
    with TestClient(create_app(closed, embedder)) as strict:
        assert strict.post("/v1/ask", json={"question": QUOTE}).status_code == 401
        assert strict.get("/v1/documents", headers=_key(ARB_KEY)).status_code == 200
        assert strict.get("/healthz").status_code == 200


# --- OIDC/JWT bearer tokens against a real JWKS server on 127.0.0.1 --------------------------


@pytest.fixture(scope="module")
def issuer():
    """A JWKS endpoint on loopback serving one RSA public key; yields (url, private key)."""
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(key.public_key()))
    body = json.dumps({"keys": [{**jwk, "kid": "k1", "use": "sig", "alg": "RS256"}]}).encode()

    class Jwks(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Jwks)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield url, key
    finally:
        server.shutdown()
        server.server_close()


def _token(key, issuer_url: str, groups: list[str], expires_in: int = 300, kid: str = "k1") -> str:
    import jwt

    now = int(time.time())
    claims = {"iss": issuer_url, "sub": "anna", "groups": groups, "iat": now,
              "exp": now + expires_in, "aud": "kommunrag"}  # fmt: skip
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_signed_in_users_get_their_groups_scope(scoped_settings, embedder, issuer):
    from cryptography.hazmat.primitives.asymmetric import rsa

    url, key = issuer
    settings = scoped_settings.model_copy(deep=True)
    settings.auth.oidc_issuer = url
    settings.auth.oidc_audience = "kommunrag"
    settings.auth.jwks_url = f"{url}/jwks"
    settings.auth.group_grants = {
        "vas-tjansteman": [Grant(classes=["internal"], municipalities=["Västerås stad"])]
    }
    ask = {"question": QUOTE}
    with TestClient(create_app(settings, embedder)) as c:

        def bearer(token: str):
            return c.post("/v1/ask", json=ask, headers={"Authorization": f"Bearer {token}"})

        staff = bearer(_token(key, url, ["vas-tjansteman"]))
        assert staff.status_code == 200 and SECRET in staff.json()["answer"]
        other = bearer(_token(key, url, ["arboga-politiker"]))
        assert other.status_code == 200 and SECRET not in other.text
        assert bearer(_token(key, url, ["vas-tjansteman"], expires_in=-60)).status_code == 401
        forged = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        assert bearer(_token(forged, url, ["vas-tjansteman"])).status_code == 401
        assert bearer(_token(key, "https://evil.example", ["vas-tjansteman"])).status_code == 401
