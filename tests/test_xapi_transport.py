"""The xAPI transport (static/xapi-transport.js) under Node: its name-based ids are RFC 4122's
version 5 (the same as the report's statement_id), and its queue sends in order, keeps what fails, backs off,
treats the LRS's 409 as sent and never queues one id twice."""

from __future__ import annotations

import uuid

from course.report.xapi import NAMESPACE, statement_id

from .node import run_js

FILES = ["xapi-transport.js"]

# A fake storage, network and clock for the transport: every request is logged, answered by the
# status the test scripted for it (0: the network failed), and timers run when the test says.
HARNESS = """
var x = window.courseXapi;
var items = {};
var storage = {getItem: function (k) { return k in items ? items[k] : null; },
               setItem: function (k, v) { items[k] = String(v); }, removeItem: function (k) { delete items[k]; }};
var log = [], answers = input.answers || [], timers = [], changes = [];
function request(method, url, headers, body, done) {
  log.push({method: method, url: url, headers: headers, id: JSON.parse(body).id});
  done(answers.length ? answers.shift() : 204);
}
function make() {
  var t = new x.Transport({endpoint: "https://lrs.example/xapi", auth: "Basic dTpw", queueKey: "q",
    storage: storage, request: request,
    setTimeout: function (fn, ms) { timers.push({fn: fn, ms: ms}); return timers.length; },
    clearTimeout: function (n) { timers[n - 1].fn = function () {}; }});
  t.onChange(function (n) { changes.push(n); });
  return t;
}
function tick() { var due = timers.shift(); if (due) { due.fn(); } return due ? due.ms : null; }
"""


def js(body: str, **data):
    return run_js(FILES, HARNESS + body, data)


def test_uuid_is_python_uuid5_in_the_reports_namespace():
    texts = ["", "a", "registration\nhttps://x/quiz/q1\n1\nanswered", "Ünïcødé ✓ 学习", "x" * 300]
    got = run_js(FILES, "return input.map(window.courseXapi.uuid);", texts)
    assert got == [str(uuid.uuid5(NAMESPACE, t)) for t in texts]


def test_sha1_matches_across_block_boundaries():
    import hashlib

    texts = ["x" * n for n in (0, 55, 56, 63, 64, 65, 119, 120, 1000)]
    got = run_js(FILES, "return input.map(window.courseXapi.sha1);", texts)
    assert got == [hashlib.sha1(t.encode()).hexdigest() for t in texts]


def test_statement_id_is_stable_and_differs_by_any_part():
    got = run_js(
        FILES,
        "var s = window.courseXapi.statementId; return [s(['r', 'a', 1, 'answered']), s(['r', 'a', 1, 'answered']),"
        " s(['r', 'a', 2, 'answered']), s(['r', 'a', 1, 'passed']), s(['r2', 'a', 1, 'answered'])];",
        None,
    )
    assert got[0] == got[1] == statement_id("r", "a", "1", "answered")  # the report's own ids
    assert len(set(got[1:])) == 4


def test_send_puts_each_statement_by_its_id_in_order():
    out = js(
        """
        var t = make();
        var a = t.send({id: "11111111-1111-4111-8111-111111111111", verb: {id: "v"}});
        var b = t.send({verb: {id: "w"}});
        return {a: a, b: b, log: log, pending: t.pending(), stored: items.q === undefined};
        """
    )
    assert out["a"] == "11111111-1111-4111-8111-111111111111"  # an id given is kept
    assert uuid.UUID(out["b"]).version == 4  # one missing is made
    assert [r["url"] for r in out["log"]] == [
        "https://lrs.example/xapi/statements?statementId=" + out["a"],
        "https://lrs.example/xapi/statements?statementId=" + out["b"],
    ]
    assert all(r["method"] == "PUT" for r in out["log"])
    assert out["log"][0]["headers"] == {
        "Content-Type": "application/json",
        "X-Experience-API-Version": "1.0.3",
        "Authorization": "Basic dTpw",
    }
    assert out["pending"] == 0 and out["stored"]


def test_offline_statements_wait_in_storage_and_go_in_order_with_backoff():
    out = js(
        """
        var t = make();
        t.send({id: "a"}); t.send({id: "b"}); t.send({id: "c"});
        var waiting = t.pending(), kept = JSON.parse(items.q).map(function (s) { return s.id; });
        var tries = log.length;                        // offline: one try, then the timer
        var waits = [tick(), tick(), tick()];          // each try fails, the wait doubles
        var again = make();                            // a new page: the queue is still there
        var before = again.pending();
        again.flush();                                 // back online: all go
        return {waiting: waiting, kept: kept, tries: tries, waits: waits, before: before, after: again.pending(),
                sent: log.map(function (r) { return r.id; }), changes: changes};
        """,
        answers=[0, 0, 0, 0],  # the first try and three retries fail
    )
    assert out["waiting"] == 3 and out["kept"] == ["a", "b", "c"]
    assert out["tries"] == 1
    assert out["waits"] == [2000, 4000, 8000]
    assert out["before"] == 3 and out["after"] == 0
    # only the head of the queue is tried while the network fails (4 times); then a, b, c once each, in order
    assert out["sent"] == ["a"] * 4 + ["a", "b", "c"]
    assert out["changes"][-4:] == [3, 2, 1, 0]


def test_409_is_sent_400_is_dropped_and_500_is_kept():
    out = js(
        """
        var t = make();
        t.send({id: "dup"}); t.send({id: "bad"}); t.send({id: "later"});
        var left = t.pending(), refused = t.rejected();
        tick();  // the retry after the 500
        return {left: left, refused: refused, end: t.pending(), sent: log.map(function (r) { return r.id; })};
        """,
        answers=[409, 400, 500, 204],
    )
    assert out["left"] == 1 and out["refused"] == 1
    assert out["end"] == 0 and out["sent"] == ["dup", "bad", "later", "later"]


def test_the_same_id_is_queued_once():
    out = js(
        """
        var t = make();
        t.send({id: "a"}); t.send({id: "a"}); t.send({id: "b"});
        return t.pending();
        """,
        answers=[0, 0, 0],
    )
    assert out == 2


def test_response_patterns_follow_xapi():
    cases = [
        ["true-false", True, "true"],
        ["true-false", False, "false"],
        ["choice", ["a", "c"], "a[,]c"],
        ["choice", "b", "b"],
        ["numeric", 4.5, "4.5"],
        ["matching", [[0, 1], [1, None], [2, 0]], "1[.]2[,]3[.]1"],
        ["sequencing", [2, 0, 1], "3[,]1[,]2"],
        ["fill-in", "", None],
        ["fill-in", "paris", "paris"],
    ]
    got = run_js(FILES, "return input.map(function (c) { return window.courseXapi.responsePattern(c[0], c[1]); });",
                 cases)  # fmt: skip
    assert got == [c[2] for c in cases]


def test_the_shared_statement_shapes():
    out = run_js(
        FILES,
        """
        var x = window.courseXapi;
        return {
          durations: [x.duration(0), x.duration(61500), x.duration(3723456)],
          score: x.score(5 / 7, 5, 7), unscored: x.score(1.2),
          interaction: x.interactionActivity({id: "urn:c/quiz/q/question/a", interactionType: "choice", name: "Which?",
            lang: "en", correctResponsesPattern: ["a[,]b"], choices: [{id: "a", text: "A"}, {id: 2, text: "B"}]}),
          reflection: x.interactionActivity({id: "urn:c/quiz/q/question/r", interactionType: "long-fill-in",
            lang: "zh-CN", correctResponsesPattern: null}),
          verb: x.verb("passed")
        };
        """,
        None,
    )
    assert out["durations"] == ["PT0S", "PT1M1.5S", "PT1H2M3.46S"]
    assert out["score"] == {"scaled": 0.7143, "raw": 5, "min": 0, "max": 7}
    assert out["unscored"] == {"scaled": 1}  # a share, 0..1; no points without a maximum
    assert out["interaction"] == {
        "objectType": "Activity",
        "id": "urn:c/quiz/q/question/a",
        "definition": {
            "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
            "name": {"en": "Which?"},
            "interactionType": "choice",
            "correctResponsesPattern": ["a[,]b"],
            "choices": [{"id": "a", "description": {"en": "A"}}, {"id": "2", "description": {"en": "B"}}],
        },
    }
    assert out["reflection"]["definition"] == {
        "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
        "interactionType": "long-fill-in",
    }
    assert out["verb"] == {"id": "http://adlnet.gov/expapi/verbs/passed", "display": {"en-US": "passed"}}
