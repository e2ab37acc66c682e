"""What a course with an `xapi:` block adds to its site: the settings its pages' tracker reads
(static/tracker-xapi.js), written before it in course.js, and the origin its pages may connect to."""

from __future__ import annotations

import json

from course.convert.policy import page_policy
from course.i18n.catalog import messages
from course.model import Course

URN = "urn:course:"  # the activity IRI of a course that names none: urn:course:<course id>


def activity_base(course: Course) -> str:
    """The course's activity IRI: course.yaml's xapi.activity_id, else urn:course:<id>. A lesson is
    <base>/<page address>, a quiz <base>/quiz/<id>, a question <base>/quiz/<id>/question/<id>
    (course/report/xapi.py reads them back), the same in every build."""
    return course.xapi.activity_id if course.xapi and course.xapi.activity_id else URN + course.id


def xapi_settings(course: Course) -> dict | None:
    """window.courseXapiSettings for tracker-xapi.js, or None when the course sends nothing."""
    x = course.xapi
    if x is None:
        return None
    part_of = {m.slug: m.part() for m in course.modules}
    quizzes = course.quizzes()
    return {
        "endpoint": x.endpoint,
        "auth": x.auth,
        "actor": x.actor,
        "reflections": x.send_reflections,
        "activity": activity_base(course),
        "origin": x.origin,
        "quizzes": sorted(q.id for q in quizzes),  # all passed: the course is completed
        "parts": {q.id: part_of[q.module] for q in sorted(quizzes, key=lambda q: q.id) if part_of.get(q.module)},
        # The tracker's own strings (course/i18n/interface.py's xapi.*), here rather than in every page's
        # #course-ui, so that a course without xapi: carries none of them.
        "strings": {
            lang: {
                k.replace("xapi.", "xapi_", 1): v for k, v in sorted(messages(lang).items()) if k.startswith("xapi.")
            }
            for lang in course.languages
        },
    }


def xapi_prelude(course: Course) -> bytes:
    """The line course.js opens with, or b"" (and no xAPI script at all) when the course has no xapi:."""
    settings = xapi_settings(course)
    if settings is None:
        return b""
    text = json.dumps(settings, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return b"window.courseXapiSettings = %s;\n" % text.encode("utf-8")


def course_policy(course: Course) -> str:
    """The Content-Security-Policy of the course's pages: the xAPI endpoint's origin may be connected to."""
    origin = course.xapi.origin if course.xapi else ""
    return page_policy((origin,) if origin else ())
