"""WordPress through its REST API, signed in with an application password.

Routes go through ``?rest_route=``, which works with and without pretty permalinks.
Never twice: once a post exists its id is stored and later deliveries update it; when
the outcome of a send is unknown (timeout, crash before recording) the post is looked
up by its slug, which is unique to the story and target, before anything is created.
"""

from __future__ import annotations

from typing import Any

import httpx

from app.publish.targets.base import (
    Delivery,
    DeliveryError,
    TargetConfig,
    classify,
    network_failure,
)

STATUSES = ("draft", "publish", "pending", "private")


class WordPressTarget:
    def __init__(self, config: TargetConfig, password: str, client: httpx.Client) -> None:
        self.config = config
        self.client = client
        self.auth = httpx.BasicAuth(config.user, password)
        self.root = config.url.rstrip("/") + "/"
        status = str(config.options.get("status", "draft"))
        if status not in STATUSES:
            raise DeliveryError("rejected", f"post status {status!r} is not one of "
                                f"{', '.join(STATUSES)}")
        self.status = status

    def _call(self, method: str, route: str, *, params: dict[str, str] | None = None,
              json: dict[str, Any] | None = None) -> httpx.Response:
        query = {"rest_route": route, **(params or {})}
        try:
            return self.client.request(method, self.root, params=query, json=json,
                                       auth=self.auth)
        except httpx.TransportError as error:
            raise network_failure(error, self.root) from None

    def _fail(self, response: httpx.Response) -> DeliveryError:
        failure = classify(response, "WordPress")
        if response.status_code == 400 and _nested_unauthorised(response):
            # WordPress answers a look-up with bad credentials as 400 "Status is
            # forbidden" with the real 401 inside.
            return DeliveryError(
                "credentials",
                "WordPress refused the credentials (the look-up with status=any needs a "
                "signed-in user); save the correct application password for this target",
                status=401,
            )
        if failure.kind == "credentials":
            failure = DeliveryError(
                "credentials",
                f"{failure} If the password is right, the web server may be stripping the "
                "Authorization header (Apache with CGI/FastCGI: set CGIPassAuth On).",
                status=failure.status,
            )
        return failure

    def _fields(self, payload: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": payload["title"],
            "content": payload["html"],
            "excerpt": payload.get("dek", ""),
            "status": self.status,
            "slug": payload["slug"],
        }

    def find_by_slug(self, slug: str) -> dict[str, Any] | None:
        response = self._call("GET", "/wp/v2/posts",
                              params={"slug": slug, "status": "any", "context": "edit",
                                      "_fields": "id,link,slug,status"})
        if response.status_code != 200:
            raise self._fail(response)
        posts = response.json()
        return posts[0] if isinstance(posts, list) and posts else None

    def deliver(self, payload: dict[str, Any], known_remote_id: str = "") -> Delivery:
        fields = self._fields(payload)
        post_id = known_remote_id
        if not post_id:
            found = self.find_by_slug(payload["slug"])
            if found:
                post_id = str(found["id"])
        if post_id:
            response = self._call("POST", f"/wp/v2/posts/{post_id}", json=fields)
            if response.status_code == 200:
                return Delivery(str(response.json()["id"]), response.json().get("link", ""),
                                "updated")
            if response.status_code != 404:
                raise self._fail(response)
            # Deleted on the site since: look up by slug once more, else create anew.
            found = self.find_by_slug(payload["slug"])
            if found:
                response = self._call("POST", f"/wp/v2/posts/{found['id']}", json=fields)
                if response.status_code == 200:
                    return Delivery(str(found["id"]), response.json().get("link", ""),
                                    "updated")
                raise self._fail(response)
        response = self._call("POST", "/wp/v2/posts", json=fields)
        if response.status_code in (200, 201):
            data = response.json()
            return Delivery(str(data["id"]), data.get("link", ""), "created")
        raise self._fail(response)

    def test(self) -> str:
        response = self._call("GET", "/wp/v2/users/me", params={"context": "edit"})
        if response.status_code != 200:
            raise self._fail(response)
        data = response.json()
        return (f"signed in to WordPress at {self.root} as {data.get('name') or self.config.user}"
                f"; posts will be created as {self.status}")


def _nested_unauthorised(response: httpx.Response) -> bool:
    try:
        details = response.json().get("data", {}).get("details", {})
    except (ValueError, AttributeError):
        return False
    if not isinstance(details, dict):
        return False
    for detail in details.values():
        if isinstance(detail, dict) and isinstance(detail.get("data"), dict) \
                and detail["data"].get("status") in (401, 403):
            return True
    return False
