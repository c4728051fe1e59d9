"""A TestClient that reads each page's form fields, as a browser would keep them."""

from __future__ import annotations

import re


class Browserless:
    """A TestClient with the page's CSRF token and version read from each page."""

    def __init__(self, client):
        self.client = client
        self.page = ""

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        self.page = response.text
        return response

    def field(self, name):
        found = re.search(rf'name="{name}" value="([^"]*)"', self.page)
        return found.group(1) if found else None

    def post(self, url, data, **kw):
        self.token = self.field("csrf") or getattr(self, "token", None)  # a page without a form keeps the last
        data = {"csrf": self.token, **data}
        if "version" not in data and self.field("version") is not None:
            data["version"] = self.field("version")
        response = self.client.post(url, data=data, follow_redirects=False, **kw)
        if response.status_code != 303:
            self.page = response.text
        return response

    def follow(self, response):
        assert response.status_code == 303, response.text[:500]
        return self.get(response.headers["location"])


def start(web, dialogue="web-walk"):
    web.get("/")
    return web.follow(web.post("/start", {"dialogue": dialogue}))
