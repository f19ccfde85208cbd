"""The production smoke test's visitor: signs in with two factors and checks what production says.

Run by ``scripts/production_smoke.sh`` against gunicorn on 127.0.0.1, never anywhere else. It
speaks plain HTTP as the TLS-terminating proxy in front of a real server would, with
``X-Forwarded-Proto: https``, and keeps its own cookies: a cookie jar would (rightly) not send a
``Secure`` cookie over plain HTTP. Standard library only; every request has a timeout.
Prints each check; exits 1 if any failed.
"""

import argparse
import hashlib
import hmac
import http.client
import json
import re
import struct
import sys
import time
import uuid
from dataclasses import dataclass
from http.cookies import Morsel, SimpleCookie
from urllib.parse import urlencode

HOST = "127.0.0.1"
TIMEOUT = 15  # seconds, for every request
STARTUP_TIMEOUT = 60  # seconds for gunicorn to answer at all

# What production's settings promise on every answer (settings.py, the PRODUCTION branch).
PRODUCTION_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains; preload",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
CSP_PARTS = ["default-src 'self'", "script-src 'self'", "style-src 'self'",
             "frame-ancestors 'none'", "object-src 'none'"]
HASHED_STYLESHEET = re.compile(r'<link rel="stylesheet" href="(/static/vendor/govuk/'
                               r'govuk-frontend\.min\.[0-9a-f]{12}\.css)"')


class Stop(Exception):
    """A check failed that the following steps depend on."""


failures: list[str] = []


def check(ok: bool, what: str, detail: object = "") -> bool:
    print(f"  {'ok  ' if ok else 'FAIL'}  {what}" + ("" if ok or detail == "" else f": {detail}"))
    if not ok:
        failures.append(what)
    return ok


def must(ok: bool, what: str, detail: object = "") -> None:
    if not check(ok, what, detail):
        raise Stop(what)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def header(self, name: str) -> str:
        return self.headers.get(name, "")


class Visitor:
    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://{HOST}:{port}"
        self.cookies: dict[str, Morsel] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None, *,
                https: bool = True) -> Answer:
        headers = {"Host": f"{HOST}:{self.port}"}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers |= {"Content-Type": "application/x-www-form-urlencoded",
                        "Origin": self.origin, "Referer": self.origin + path}
        connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for line in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel
        return answer

    def get(self, path: str, **kwargs: bool) -> Answer:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict[str, str]) -> Answer:
        return self.request("POST", path, form)

    def wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while True:
            try:
                self.get("/sign-in/")
                return
            except OSError as error:
                if time.monotonic() > deadline:
                    raise Stop(f"gunicorn did not answer on {HOST}:{self.port}: {error}") from None
                time.sleep(0.25)


def totp(key_hex: str, at: float | None = None) -> str:
    """RFC 6238 as django-otp's TOTPDevice uses it: SHA-1, 30-second steps, 6 digits."""
    counter = int((time.time() if at is None else at) // 30)
    mac = hmac.new(bytes.fromhex(key_hex), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    code = (struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def csrf_token(answer: Answer) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text)
    must(found is not None, "the page has a form with a CSRF token")
    return found.group(1)


def production_headers(answer: Answer, what: str, *, page: bool = True) -> None:
    wrong = {name: answer.header(name) for name, value in PRODUCTION_HEADERS.items()
             if answer.header(name) != value}
    check(not wrong, f"{what}: HSTS, nosniff, referrer, frame and opener policies", wrong)
    csp = answer.header("Content-Security-Policy")
    # A page's own scripts carry the nonce; a download has none to carry.
    expected = [*CSP_PARTS, "script-src 'self' 'nonce-"] if page else CSP_PARTS
    check(all(part in csp for part in expected) and "unsafe-inline" not in csp,
          f"{what}: the content security policy", csp)


def cookie_flags(visitor: Visitor, name: str, *, httponly: bool) -> None:
    morsel = visitor.cookies.get(name)
    must(morsel is not None, f"the {name} cookie is set")
    flags = {"Secure": bool(morsel["secure"]), "HttpOnly": bool(morsel["httponly"]) == httponly,
             "SameSite=Lax": morsel["samesite"].lower() == "lax"}
    check(all(flags.values()), f"the {name} cookie is Secure, {'' if httponly else 'not '}"
                               "HttpOnly, SameSite=Lax", flags)


def run(args: argparse.Namespace) -> None:
    visitor = Visitor(args.port)
    review = f"/reviews/{args.review_uuid}/"
    print(f"Production smoke test against http://{HOST}:{args.port} (as https behind a proxy)")
    visitor.wait_until_up()

    plain = visitor.get("/sign-in/", https=False)
    check(plain.status == 301 and plain.header("Location") == f"{visitor.origin}/sign-in/",
          "plain HTTP is redirected to HTTPS", (plain.status, plain.header("Location")))

    page = visitor.get("/sign-in/")
    must(page.status == 200, "the sign-in page answers 200", page.status)
    production_headers(page, "the sign-in page")
    cookie_flags(visitor, "csrftoken", httponly=False)
    stylesheet = HASHED_STYLESHEET.search(page.text)
    must(stylesheet is not None, "the page links the GOV.UK stylesheet by its hashed name")
    css = visitor.get(stylesheet.group(1))
    check(css.status == 200 and css.header("Content-Type").startswith("text/css")
          and b".govuk-template" in css.body and "immutable" in css.header("Cache-Control"),
          "the hashed stylesheet is served as CSS, cached for ever",
          (css.status, css.header("Content-Type"), css.header("Cache-Control")))

    signed_in = visitor.post("/sign-in/", {"csrfmiddlewaretoken": csrf_token(page),
                                           "username": args.email, "password": args.password})
    must(signed_in.status == 302
         and signed_in.header("Location").startswith("/two-factor/verify/"),
         "the password is accepted and the second factor asked for",
         (signed_in.status, signed_in.header("Location")))
    cookie_flags(visitor, "sessionid", httponly=True)

    early = visitor.get(review)
    check(early.status == 302 and early.header("Location").startswith("/two-factor/verify/"),
          "with only a password, a review page sends you to the second factor",
          (early.status, early.header("Location")))

    verify = visitor.get("/two-factor/verify/?next=/")
    must(verify.status == 200, "the two-factor page answers 200", verify.status)
    verified = visitor.post("/two-factor/verify/?next=/", {
        "csrfmiddlewaretoken": csrf_token(verify), "token": totp(args.totp_key)})
    must(verified.status == 302 and verified.header("Location") == "/",
         "the authenticator code is accepted", (verified.status, verified.header("Location")))
    cookie_flags(visitor, "sessionid", httponly=True)

    home = visitor.get("/")
    must(home.status == 200, "the home page answers 200", home.status)

    page = visitor.get(review)
    must(page.status == 200, "the review page answers 200", page.status)
    check(args.review_reference in page.text, f"the review page shows {args.review_reference}")
    production_headers(page, "the review page")
    check("no-store" in page.header("Cache-Control"), "the review page is never stored",
          page.header("Cache-Control"))

    export = f"{review}register/export/"
    asked = visitor.get(export)
    check(asked.status == 302 and asked.header("Location").startswith("/account/confirm/"),
          "the register file first asks you to confirm it's you",
          (asked.status, asked.header("Location")))
    confirm = visitor.get(asked.header("Location") or f"/account/confirm/?next={export}")
    must(confirm.status == 200, "the confirm-it's-you page answers 200", confirm.status)
    # django-otp takes each code once: wait for the next 30-second step after the sign-in's.
    time.sleep(30 - time.time() % 30 + 1)
    confirmed = visitor.post(asked.header("Location"), {
        "csrfmiddlewaretoken": csrf_token(confirm), "password": args.password,
        "token": totp(args.totp_key)})
    must(confirmed.status == 302 and confirmed.header("Location") == export,
         "the password and a new authenticator code are accepted, back to the download",
         (confirmed.status, confirmed.header("Location")))

    download = visitor.get(export)
    must(download.status == 200, "the identity register file downloads", download.status)
    check(download.header("Content-Type") == "application/json; charset=utf-8"
          and download.header("Content-Disposition").startswith('attachment; filename="'),
          "it is a JSON attachment",
          (download.header("Content-Type"), download.header("Content-Disposition")))
    check("no-store" in download.header("Cache-Control"), "it is never stored by the browser",
          download.header("Cache-Control"))
    try:
        entries = json.loads(download.body)["entries"]
    except (ValueError, KeyError, TypeError) as error:
        entries, detail = None, error
    else:
        detail = ""
    check(bool(entries), "it holds the review's register entries", detail)
    production_headers(download, "the download", page=False)

    for path, what in [(f"/reviews/{uuid.uuid4()}/", "a review that does not exist"),
                       ("/no-such-page/", "a missing page")]:
        missing = visitor.get(path)
        check(missing.status == 404 and "Page not found" in missing.text,
              f"{what} is the ordinary 404 page", missing.status)
    production_headers(missing, "the 404 page")

    signed_out = visitor.post("/sign-out/", {"csrfmiddlewaretoken": csrf_token(home)})
    check(signed_out.status == 302, "signing out works", signed_out.status)
    after = visitor.get(review)
    check(after.status == 302 and after.header("Location").startswith("/sign-in/"),
          "after signing out the review page asks you to sign in",
          (after.status, after.header("Location")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--totp-key", required=True, help="the TOTP device's key, in hex")
    parser.add_argument("--review-uuid", required=True)
    parser.add_argument("--review-reference", required=True)
    try:
        run(parser.parse_args())
    except Stop as stop:
        print(f"Stopped: {stop}")
        return 1
    except OSError as error:
        print(f"FAIL  a request did not complete: {error}")
        return 1
    if failures:
        print(f"{len(failures)} check(s) failed.")
        return 1
    print("Every check passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
