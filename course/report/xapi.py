"""The xAPI vocabulary the course's pages speak, and how a statement's parts are read back.

A statement names what it is about by its object's IRI, which ends in a path the report reads
whatever the organisation's base IRI is:
  <base>                                   the course          (verbs: completed)
  <base>/quiz/<quiz id>                    a quiz              (verbs: passed, failed, completed)
  <base>/quiz/<quiz id>/question/<id>      a question          (verb: answered)
  <base>/<page url>                        a lesson            (verb: experienced)
The learner's organisation travels as a context extension whose IRI ends in /organisation (or
/organization), else as context.team's name. Responses use xAPI's interaction format: choice
"a[,]c", true-false "true", matching "l[.]r[,]…", sequencing "a[,]b", fill-in and numeric the text.
"""

from __future__ import annotations

import hashlib
import re
import uuid

VERB = "http://adlnet.gov/expapi/verbs/"
ANSWERED, PASSED, FAILED, COMPLETED, EXPERIENCED = (
    VERB + v for v in ("answered", "passed", "failed", "completed", "experienced")
)
QUESTION = re.compile(r"/quiz/([^/?#]+)/question/([^/?#]+)$")
QUIZ = re.compile(r"/quiz/([^/?#]+)$")
ORGANISATION = ("/organisation", "/organization")
# Statement ids are derived, so a page that sends a statement again sends the same id and the LRS
# keeps one (xAPI: a statement id is unique; an LRS answers a duplicate with 409 and keeps the first).
NAMESPACE = uuid.UUID("6f1c0d7e-3f7a-5b0e-9d42-8a1e5c6b2f10")


def statement_id(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def learner_key(actor: object) -> str | None:
    """One string per learner, from whichever inverse functional identifier the actor carries."""
    if not isinstance(actor, dict):
        return None
    account = actor.get("account")
    if isinstance(account, dict) and account.get("name"):
        return f"account:{account.get('homePage', '')}|{account['name']}"
    for key in ("mbox", "mbox_sha1sum", "openid"):
        if isinstance(actor.get(key), str) and actor[key]:
            return f"{key}:{actor[key]}"
    return None


def organisation(statement: dict) -> str:
    context = statement.get("context")
    if not isinstance(context, dict):
        return ""
    extensions = context.get("extensions")
    if isinstance(extensions, dict):
        for iri, value in extensions.items():
            if isinstance(iri, str) and iri.endswith(ORGANISATION) and isinstance(value, str):
                return value.strip()
    team = context.get("team")
    if isinstance(team, dict) and isinstance(team.get("name"), str):
        return team["name"].strip()
    return ""


def fingerprint(text: str) -> str:
    """A short stable digest, for learners' keys in the CSV (the report never prints addresses)."""
    return hashlib.sha256(text.encode()).hexdigest()[:10]
