"""MDN HTTP Observatory's scoring, applied to responses we fetched ourselves.

The rule table follows the Observatory's published scoring
(developer.mozilla.org/en-US/observatory/docs/tests_and_scoring): every response
starts at 100; each test adds its modifier; bonuses (positive modifiers) count only
when the score without them is at least 90; the grade is the highest whose floor
the score reaches (A+ from 100). What needs the outside world (HSTS preload list,
certificate checks) is left out: it can only add points.
"""

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

GRADES = [
    (100, "A+"), (90, "A"), (85, "A-"), (80, "B+"), (70, "B"), (65, "B-"),
    (60, "C+"), (50, "C"), (45, "C-"), (40, "D+"), (30, "D"), (25, "D-"), (0, "F"),
]  # fmt: skip
MINIMUM_SCORE_FOR_EXTRA_CREDIT = 90
SIX_MONTHS = 15768000

# Sources that let any script (or plugin) in, whatever the host.
BROAD_SOURCES = {"*", "http:", "https:", "data:", "blob:", "filesystem:", "'unsafe-inline'"}
PRIVATE_REFERRERS = {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
UNSAFE_REFERRERS = {"origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"}


@dataclass
class Response:
    """What the Observatory looks at: headers (any case), every Set-Cookie, the body, the first http:// answer."""

    url: str
    headers: dict[str, str]
    set_cookies: list[str] = field(default_factory=list)
    body: str = ""
    http_redirect: tuple[int, str] | None = None  # (status, Location) of the same address over http://
    sent_origin: str = "https://evil.example"

    def header(self, name: str) -> str | None:
        return next((value for key, value in self.headers.items() if key.lower() == name.lower()), None)


@dataclass
class Score:
    score: int
    grade: str
    results: dict[str, tuple[str, int]]  # test -> (result, modifier)

    def __str__(self):
        lines = [f"{test}: {result} ({modifier:+d})" for test, (result, modifier) in self.results.items()]
        return f"{self.grade} ({self.score})\n  " + "\n  ".join(lines)


def parse_csp(value: str) -> dict[str, list[str]] | None:
    """Directive -> sources, or None when the header is not a valid policy (e.g. a repeated directive)."""
    policy = {}
    for part in value.split(";"):
        tokens = part.split()
        if not tokens:
            continue
        name = tokens[0].lower()
        if name in policy or not re.fullmatch(r"[a-z-]+", name):
            return None
        policy[name] = [token.lower() if token.startswith("'") else token for token in tokens[1:]]
    return policy or None


def effective(policy: dict[str, list[str]], directive: str) -> list[str] | None:
    return policy.get(directive, policy.get("default-src"))


def allows_inline_or_anything(sources: list[str] | None) -> bool:
    if sources is None:
        return True  # neither the directive nor default-src: anything goes
    if any(source.startswith(("'nonce-", "'sha")) or source == "'strict-dynamic'" for source in sources):
        sources = [source for source in sources if source != "'unsafe-inline'"]  # ignored by browsers then
    return any(source in BROAD_SOURCES for source in sources)


def insecure(sources: list[str] | None) -> bool:
    return any(source == "http:" or source.startswith("http://") for source in sources or [])


def content_security_policy(response: Response) -> tuple[str, int]:
    value = response.header("Content-Security-Policy")
    if value is None:
        return "csp-not-implemented", -25
    policy = parse_csp(value)
    if policy is None:
        return "csp-header-invalid", -25
    script, style, obj = (effective(policy, name) for name in ("script-src", "style-src", "object-src"))
    if allows_inline_or_anything(script) or allows_inline_or_anything(obj):
        return "csp-implemented-with-unsafe-inline", -20
    active = ("script-src", "style-src", "object-src", "frame-src", "connect-src", "font-src", "worker-src")
    if any(insecure(effective(policy, name)) for name in active):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script:
        return "csp-implemented-with-unsafe-eval", -10
    if any(insecure(effective(policy, name)) for name in ("img-src", "media-src")):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if style is None or "'unsafe-inline'" in style:
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if policy.get("default-src") == ["'none'"]:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 0


def cookies(response: Response) -> tuple[str, int]:
    if not response.set_cookies:
        return "cookies-not-found", 0
    hsts = response.header("Strict-Transport-Security") is not None
    worst, all_samesite = ("cookies-secure-with-httponly-sessions-and-samesite", 5), True
    for cookie in response.set_cookies:
        name = cookie.split("=", 1)[0].strip().lower()
        attributes = {part.split("=", 1)[0].strip().lower(): part.partition("=")[2].strip().lower()
                      for part in cookie.split(";")[1:]}  # fmt: skip
        session = "session" in name or name in {"sessionid", "sid"}
        samesite = attributes.get("samesite")
        if samesite is not None and samesite not in {"strict", "lax", "none"}:
            return "cookies-samesite-flag-invalid", -20
        all_samesite &= samesite in {"strict", "lax"}
        if "csrf" in name and samesite is None:
            worst = min(worst, ("cookies-anticsrf-without-samesite-flag", -20), key=lambda result: result[1])
        if session and "secure" not in attributes:
            result = ("cookies-session-without-secure-flag-but-protected-by-hsts", -10) if hsts else (
                "cookies-session-without-secure-flag", -40)  # fmt: skip
            worst = min(worst, result, key=lambda result: result[1])
        elif session and "httponly" not in attributes:
            worst = min(worst, ("cookies-session-without-httponly-flag", -30), key=lambda result: result[1])
        elif "secure" not in attributes:
            result = ("cookies-without-secure-flag-but-protected-by-hsts", -5) if hsts else (
                "cookies-without-secure-flag", -20)  # fmt: skip
            worst = min(worst, result, key=lambda result: result[1])
    if worst[1] == 5 and not all_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return worst


def cross_origin_resource_sharing(response: Response) -> tuple[str, int]:
    allowed = response.header("Access-Control-Allow-Origin")
    if allowed is None:
        return "cross-origin-resource-sharing-not-implemented", 0
    credentials = (response.header("Access-Control-Allow-Credentials") or "").lower() == "true"
    if allowed.strip() == response.sent_origin and credentials:
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    if allowed.strip() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def redirection(response: Response) -> tuple[str, int]:
    if response.http_redirect is None:
        return "redirection-not-needed-no-http", 0
    status, location = response.http_redirect
    if status not in (301, 302, 303, 307, 308):
        return "redirection-missing", -20
    target, origin = urlsplit(location), urlsplit(response.url)
    if target.scheme != "https":
        return "redirection-not-to-https", -20
    if target.hostname != origin.hostname:
        return "redirection-off-host-from-http", -10
    return "redirection-to-https", 0


def referrer_policy(response: Response) -> tuple[str, int]:
    value = response.header("Referrer-Policy")
    if value is None:
        return "referrer-policy-not-implemented", 0
    # Browsers use the last value they understand.
    tokens = [token.strip().lower() for token in value.split(",")]
    known = [token for token in tokens if token in PRIVATE_REFERRERS | UNSAFE_REFERRERS]
    if not known:
        return "referrer-policy-header-invalid", -5
    if known[-1] in PRIVATE_REFERRERS:
        return "referrer-policy-private", 5
    return "referrer-policy-unsafe", -5


def strict_transport_security(response: Response) -> tuple[str, int]:
    value = response.header("Strict-Transport-Security")
    if value is None:
        return "hsts-not-implemented", -20
    match = re.search(r"(?:^|;)\s*max-age\s*=\s*\"?(\d+)\"?\s*(?:;|$)", value, flags=re.IGNORECASE)
    if match is None:
        return "hsts-header-invalid", -20
    if int(match[1]) < SIX_MONTHS:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0  # +5 only once on the browsers' preload list


def subresource_integrity(response: Response) -> tuple[str, int]:
    if "html" not in (response.header("Content-Type") or ""):
        return "sri-not-implemented-response-not-html", 0
    scripts = re.findall(r"<script\b[^>]*\bsrc\s*=[^>]*>", response.body, flags=re.IGNORECASE)
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    host = urlsplit(response.url).hostname
    external, insecure_external, with_integrity = [], [], []
    for tag in scripts:
        src = re.search(r"\bsrc\s*=\s*[\"']?([^\"' >]+)", tag, flags=re.IGNORECASE)[1]
        parts = urlsplit(src)
        if parts.hostname and parts.hostname != host:
            external.append(tag)
            if parts.scheme == "http":
                insecure_external.append(tag)
        if re.search(r"\bintegrity\s*=", tag, flags=re.IGNORECASE):
            with_integrity.append(tag)
    if insecure_external:
        if with_integrity:
            return "sri-implemented-but-external-scripts-not-loaded-securely", -20
        return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
    if len(with_integrity) == len(scripts):
        return "sri-implemented-and-all-scripts-loaded-securely", 5
    if external and all(tag in with_integrity for tag in external):
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    if external:
        return "sri-not-implemented-but-external-scripts-loaded-securely", -5
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0


def x_content_type_options(response: Response) -> tuple[str, int]:
    value = response.header("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() != "nosniff":
        return "x-content-type-options-header-invalid", -5
    return "x-content-type-options-nosniff", 0


def x_frame_options(response: Response) -> tuple[str, int]:
    csp = parse_csp(response.header("Content-Security-Policy") or "")
    if csp and "frame-ancestors" in csp:
        return "x-frame-options-implemented-via-csp", 5
    value = response.header("X-Frame-Options")
    if value is None:
        return "x-frame-options-not-implemented", -20
    if value.strip().lower() in {"deny", "sameorigin"}:
        return "x-frame-options-sameorigin-or-deny", 0
    return "x-frame-options-header-invalid", -20


def cross_origin_resource_policy(response: Response) -> tuple[str, int]:
    value = response.header("Cross-Origin-Resource-Policy")
    if value is None:
        return "corp-not-implemented", 0
    if value.strip().lower() not in {"same-site", "same-origin", "cross-origin"}:
        return "corp-header-invalid", -5
    return f"corp-implemented-with-{value.strip().lower()}", 0


TESTS = {
    "content-security-policy": content_security_policy,
    "cookies": cookies,
    "cross-origin-resource-sharing": cross_origin_resource_sharing,
    "redirection": redirection,
    "referrer-policy": referrer_policy,
    "strict-transport-security": strict_transport_security,
    "subresource-integrity": subresource_integrity,
    "x-content-type-options": x_content_type_options,
    "x-frame-options": x_frame_options,
    "cross-origin-resource-policy": cross_origin_resource_policy,
}


def score(response: Response) -> Score:
    results = {name: test(response) for name, test in TESTS.items()}
    total = 100 + sum(modifier for _, modifier in results.values() if modifier < 0)
    if total >= MINIMUM_SCORE_FOR_EXTRA_CREDIT:
        total += sum(modifier for _, modifier in results.values() if modifier > 0)
    total = max(total, 0)
    grade = next(letter for floor, letter in GRADES if total >= floor)
    return Score(total, grade, results)
