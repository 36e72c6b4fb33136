"""Targets against recorded server shapes (docs: shared notes on WordPress 6.1 and
Ghost 6): how each answer is sorted into retry, credentials or rejected."""

from __future__ import annotations

import base64
import email.utils
import hashlib
import hmac
import json
import time

import httpx
import pytest
from werkzeug import Response

from app.publish.targets import DeliveryError, TargetConfig, new_client, open_target
from app.publish.targets.base import retry_after_seconds
from app.publish.targets.ghost import admin_token
from app.publish.targets.webhook import sign

PAYLOAD = {"title": "Bridge reopens", "html": "<p>x</p>", "dek": "d", "slug": "bridge-1a2b3c4d",
           "idempotency_key": "k" * 32, "story_id": "s", "revision": "r" * 64,
           "markdown": "x", "references": [], "manifest": {}}
KEY = "6489c3c0aa5ac21f6d5e0f1a:" + "ab" * 32


def target(kind, url, secret="pw", **options):
    return open_target(TargetConfig("t", kind, url, "ed", options), secret, new_client())


def test_wordpress_lookup_with_a_bad_password_is_a_credentials_problem(httpserver):
    httpserver.expect_request("/", query_string={"rest_route": "/wp/v2/posts", "slug":
                              PAYLOAD["slug"], "status": "any", "context": "edit",
                              "_fields": "id,link,slug,status"}).respond_with_json(
        {"code": "rest_invalid_param", "message": "Invalid parameter(s): status",
         "data": {"status": 400, "params": {"status": "Status is forbidden."},
                  "details": {"status": {"code": "rest_forbidden_status",
                                         "message": "Status is forbidden.",
                                         "data": {"status": 401}}}}}, status=400)
    with pytest.raises(DeliveryError) as error:
        target("wordpress", httpserver.url_for("/")).deliver(PAYLOAD)
    assert error.value.kind == "credentials" and "pw" not in str(error.value)


def test_wordpress_creates_when_the_slug_is_new_and_reports_its_message_on_400(httpserver):
    httpserver.expect_request("/", method="GET").respond_with_json([])
    httpserver.expect_request("/", method="POST").respond_with_json(
        {"code": "rest_invalid_param", "message": "Invalid parameter(s): status"}, status=400)
    with pytest.raises(DeliveryError) as error:
        target("wordpress", httpserver.url_for("/"), status="publish").deliver(PAYLOAD)
    assert error.value.kind == "rejected" and error.value.status == 400
    assert "Invalid parameter(s): status [rest_invalid_param]" in str(error.value)


def test_ghost_token_is_a_valid_hs256_jwt():
    token = admin_token(KEY, now=1_700_000_000)
    header, claims, signature = token.split(".")
    pad = lambda s: s + "=" * (-len(s) % 4)  # noqa: E731
    assert json.loads(base64.urlsafe_b64decode(pad(header))) == {
        "alg": "HS256", "typ": "JWT", "kid": KEY.split(":")[0]}
    assert json.loads(base64.urlsafe_b64decode(pad(claims))) == {
        "iat": 1_700_000_000, "exp": 1_700_000_300, "aud": "/admin/"}
    expected = hmac.new(bytes.fromhex(KEY.split(":")[1]), f"{header}.{claims}".encode(),
                        hashlib.sha256).digest()
    assert base64.urlsafe_b64decode(pad(signature)) == expected


def test_ghost_malformed_key_is_reported_without_repeating_it():
    with pytest.raises(DeliveryError) as error:
        admin_token("not-a-key-secretvalue")
    assert error.value.kind == "credentials" and "secretvalue" not in str(error.value)


def test_ghost_clock_drift_is_repaired_once_with_the_servers_date(httpserver):
    calls = []

    def handler(request):
        calls.append(request.headers["Authorization"])
        if len(calls) == 1:
            return Response(json.dumps({"errors": [{"message": "Invalid token: jwt expired",
                                                    "type": "UnauthorizedError"}]}), 401,
                            headers={"Date": email.utils.formatdate(time.time() + 3600,
                                                                    usegmt=True)},
                            content_type="application/json")
        return Response(json.dumps({"posts": [{"id": "1"}]}), 200,
                        content_type="application/json")

    httpserver.expect_request("/ghost/api/admin/posts/").respond_with_handler(handler)
    httpserver.expect_request("/ghost/api/admin/site/").respond_with_json(
        {"site": {"title": "Newsroom"}})
    ghost = target("ghost", httpserver.url_for("/").rstrip("/"), secret=KEY)
    assert "Newsroom" in ghost.test()
    # re-minted once against the server's Date (the test server sets its own Date)
    assert len(calls) == 2 and abs(ghost.clock_offset) < 60


def test_ghost_update_collision_is_retried_once_then_reported(httpserver):
    post = {"id": "p1", "slug": PAYLOAD["slug"], "url": "http://x/p", "updated_at": "t1",
            "status": "draft"}
    httpserver.expect_request(f"/ghost/api/admin/posts/slug/{PAYLOAD['slug']}/").respond_with_json(
        {"posts": [post]})
    httpserver.expect_request("/ghost/api/admin/posts/p1/", method="GET").respond_with_json(
        {"posts": [{**post, "updated_at": "t2"}]})
    httpserver.expect_request("/ghost/api/admin/posts/p1/", method="PUT").respond_with_json(
        {"errors": [{"message": "Saving failed! Someone else is editing this post.",
                     "type": "UpdateCollisionError", "code": "UPDATE_COLLISION"}]}, status=409)
    with pytest.raises(DeliveryError) as error:
        target("ghost", httpserver.url_for("/").rstrip("/"), secret=KEY).deliver(PAYLOAD)
    assert error.value.kind == "rejected" and "edited on the site" in str(error.value)
    puts = [r for r, _ in httpserver.log if r.method == "PUT"]
    assert len(puts) == 2
    assert json.loads(puts[1].data)["posts"][0]["updated_at"] == "t2"
    body = json.loads(puts[0].data)["posts"][0]
    assert body["html"].startswith("<!--kg-card-begin: html-->")


def test_ghost_without_auth_header_403_is_credentials(httpserver):
    httpserver.expect_request("/ghost/api/admin/posts/slug/bridge-1a2b3c4d/").respond_with_json(
        {"errors": [{"message": "Authorization failed", "type": "NoPermissionError"}]},
        status=403)
    with pytest.raises(DeliveryError) as error:
        target("ghost", httpserver.url_for("/").rstrip("/"), secret=KEY).deliver(PAYLOAD)
    assert error.value.kind == "credentials" and "Authorization failed" in str(error.value)


def test_webhook_signature_follows_standard_webhooks(httpserver):
    httpserver.expect_request("/hook", method="POST").respond_with_json({"ok": True})
    delivery = target("webhook", httpserver.url_for("/hook"), secret="whsec_" +
                      base64.b64encode(b"0123456789abcdef").decode()).deliver(PAYLOAD)
    assert delivery.remote_id == PAYLOAD["idempotency_key"]
    request = httpserver.log[0][0]
    assert request.headers["Idempotency-Key"] == request.headers["webhook-id"] == "k" * 32
    expected = sign("whsec_" + base64.b64encode(b"0123456789abcdef").decode(), "k" * 32,
                    int(request.headers["webhook-timestamp"]), request.data)
    assert request.headers["webhook-signature"] == expected
    mac = hmac.new(b"0123456789abcdef", request.data, hashlib.sha256).hexdigest()
    assert request.headers["X-Copydesk-Signature"] == "sha256=" + mac


def test_redirects_are_not_followed(httpserver):
    httpserver.expect_request("/hook").respond_with_response(
        Response("", 301, headers={"Location": "https://elsewhere.example/hook"}))
    with pytest.raises(DeliveryError) as error:
        target("webhook", httpserver.url_for("/hook")).deliver(PAYLOAD)
    assert error.value.kind == "rejected" and "elsewhere.example" in str(error.value)


def test_retry_after_as_seconds_or_http_date():
    now = time.time()
    assert retry_after_seconds(httpx.Response(503, headers={"Retry-After": "7"})) == 7
    date = email.utils.formatdate(now + 60, usegmt=True)
    value = retry_after_seconds(httpx.Response(503, headers={"Retry-After": date}), now)
    assert 58 <= value <= 61
    assert retry_after_seconds(httpx.Response(503)) is None
