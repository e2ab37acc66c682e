"""course.yaml's xapi: block: checked with positions and did-you-mean, in the JSON Schema, and what a
build makes of it: the endpoint's origin in every page's connect-src, the tracker and its settings in
course.js. A course without one ships the same pages and script as before, byte for byte."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from course.build import build, check
from course.convert.policy import CONTENT_SECURITY_POLICY
from course.load.jsonschema import schemas
from course.render.scripts import OFFLINE_BUNDLES, bundle

from .conftest import MINIMAL

CONFIG = MINIMAL["course.yaml"]


def with_xapi(block: str) -> dict:
    return {
        "course.yaml": CONFIG.rstrip()
        + "\n        xapi:\n"
        + "".join(f"          {line}\n" for line in block.split("\n"))
    }


# (case, the block, line, column, words the message must hold); the block starts on line 7
BROKEN = [
    ("unknown key", "endpiont: /xapi/", 8, 3, "unknown key 'endpiont' in xapi (did you mean 'endpoint'?)"),
    ("no endpoint", "actor: form", 8, 3, "xapi is missing the required key 'endpoint'"),
    ("actor", "endpoint: /xapi/\nactor: forms", 9, 10, "'forms' is not a valid actor (did you mean 'form'?)"),
    ("scheme", "endpoint: ftp://lrs.example.org/xapi/", 8, 13, "is not an xAPI endpoint: give the LRS's address"),
    ("space", "endpoint: 'https://lrs.example.org/x api/'", 8, 13, "is not an xAPI endpoint"),
    ("policy breaker", 'endpoint: "https://lrs.example.org;script-src/"', 8, 13, "is not an xAPI endpoint"),
    ("query", "endpoint: https://lrs.example.org/xapi/?key=1", 8, 13, "(no query, no spaces)"),
    ("protocol-relative", "endpoint: //lrs.example.org/xapi/", 8, 13, "is not an xAPI endpoint"),
    ("reflections", "endpoint: /xapi/\nsend_reflections: sometimes", 9, 21, "'send_reflections' must be true or false"),
    ("activity", "endpoint: /xapi/\nactivity_id: not an iri", 9, 16, "'not an iri' is not an IRI"),
    ("activity without endpoint", "activity_id: not an iri", 8, 16, "is not an IRI"),
]


@pytest.mark.parametrize(("block", "line", "col", "words"), [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_a_broken_xapi_block_is_located_and_explained(make_course, block, line, col, words):
    checked = check(make_course(with_xapi(block)))
    assert not checked.ok
    found = [d for d in checked.diagnostics if d.path == "course.yaml" and d.severity == "error"]
    assert any(words in d.message and (d.line, d.col) == (line, col) for d in found), "\n".join(
        d.format() for d in found
    )


def test_the_block_is_read_into_the_course(make_course):
    from course.errors import Report
    from course.load.course import load_course

    report = Report()
    course = load_course(make_course(with_xapi(
        "endpoint: https://lrs.example.org:8443/xapi\nauth: Basic dTpw\nactor: form\nsend_reflections: true\n"
        "activity_id: https://example.org/courses/mini/")), report)  # fmt: skip
    assert not report.errors
    x = course.xapi
    assert (x.endpoint, x.auth, x.actor, x.send_reflections) == (
        "https://lrs.example.org:8443/xapi/",
        "Basic dTpw",
        "form",
        True,
    )
    assert x.activity_id == "https://example.org/courses/mini" and x.origin == "https://lrs.example.org:8443"
    report = Report()
    default = load_course(make_course(with_xapi("endpoint: /xapi/")), report).xapi
    assert (default.actor, default.send_reflections, default.auth, default.origin) == ("launch", False, "", "")


def test_the_json_schema_knows_the_block():
    course = jsonschema.Draft7Validator(schemas()["course.schema.json"])
    assert not list(course.iter_errors({"id": "c", "title": "T", "xapi": {"endpoint": "/xapi/", "actor": "form"}}))
    for bad in ({"actor": "form"}, {"endpoint": "/x/", "actor": "forms"}, {"endpoint": "/x/", "endpiont": 1},
                {"endpoint": "/x/", "send_reflections": "yes"}):  # fmt: skip
        assert list(course.iter_errors({"id": "c", "title": "T", "xapi": bad})), bad


def policies(site) -> set[str]:
    return {
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', p.read_text(encoding="utf-8"))
        .group(1)
        .replace("&#39;", "'")
        for p in site.rglob("*.html")
    }


def test_a_course_without_xapi_ships_what_it_did_before(make_course, tmp_path):
    site = tmp_path / "site"
    build(make_course(), site)
    assert (site / "assets" / "course.js").read_bytes() == bundle(OFFLINE_BUNDLES["course.js"])
    assert policies(site) == {CONTENT_SECURITY_POLICY}
    assert not any("xapi" in p.read_text(encoding="utf-8").lower() for p in site.rglob("*.html"))


@pytest.mark.slow
def test_an_lrs_of_its_own_origin_is_the_only_one_pages_may_connect_to(make_course, tmp_path):
    root = make_course(with_xapi("endpoint: https://lrs.example.org:8443/xapi/\nactor: form"))
    first, second = tmp_path / "one", tmp_path / "two"
    build(root, first)
    build(root, second)
    (policy,) = policies(first)
    assert "connect-src 'self' https://lrs.example.org:8443;" in policy
    assert policy == CONTENT_SECURITY_POLICY.replace(
        "connect-src 'self'", "connect-src 'self' https://lrs.example.org:8443"
    )
    script = (first / "assets" / "course.js").read_bytes()
    assert script == (second / "assets" / "course.js").read_bytes()  # the same course, the same bytes
    head, _, rest = script.partition(b"\n")
    settings = json.loads(head.removeprefix(b"window.courseXapiSettings = ").removesuffix(b";"))
    assert settings["endpoint"] == "https://lrs.example.org:8443/xapi/" and settings["actor"] == "form"
    assert settings["activity"] == "urn:course:mini" and settings["quizzes"] == ["intro-check"]
    assert settings["parts"] == {} and settings["reflections"] is False  # its module names no part
    # a gettext plural: its forms, the page's plural rule picks one
    assert settings["strings"]["en"]["xapi_waiting"] == [
        "{n} result waiting to be sent",
        "{n} results waiting to be sent",
    ]
    assert (
        rest.index(b"---- tracker-local.js")
        < rest.index(b"---- xapi-transport.js")
        < rest.index(b"---- tracker-xapi.js")
    )
    assert rest.index(b"---- tracker-xapi.js") < rest.index(b"---- start.js")


def test_a_same_origin_endpoint_keeps_the_policy(make_course, tmp_path):
    build(make_course(with_xapi("endpoint: /xAPI/")), tmp_path / "site")
    assert policies(tmp_path / "site") == {CONTENT_SECURITY_POLICY}


def test_the_tracker_adds_at_most_8_kb_gzipped_to_a_pages_script(make_course, tmp_path):
    """What an xapi: block costs each page on a metered line (the lesson budget, test_weight.py, is 30 KB)."""
    import gzip

    build(make_course(), tmp_path / "plain")
    build(make_course(with_xapi("endpoint: /xapi/\nactor: form")), tmp_path / "tracked")
    sizes = [
        len(gzip.compress((tmp_path / s / "assets" / "course.js").read_bytes(), 6, mtime=0))
        for s in ("plain", "tracked")
    ]
    assert 0 < sizes[1] - sizes[0] <= 8 * 1024, sizes
