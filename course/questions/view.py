"""A question as the quiz template shows it: rendered text, display order, answer key."""

from __future__ import annotations

import hashlib
import json
import unicodedata

from course.model import Question, Quiz


def stable_shuffle(items: list, key: str) -> list[int]:
    """Indexes of items in an order that depends only on their text: never the given
    order when there are two or more, so a page without JavaScript does not give it away."""
    order = sorted(range(len(items)), key=lambda i: hashlib.sha1(f"{key}\0{items[i]}".encode()).hexdigest())
    if len(order) > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def normalise_answer(text: str, case_sensitive: bool) -> str:
    """What the quiz engine compares: compatibility forms unified (full-width ５ and ％ as 5
    and %), spacing collapsed, lower case unless asked not to. course.js applies the same
    rule, with the same functions (NFKC, toLowerCase), to what the learner types."""
    text = " ".join(unicodedata.normalize("NFKC", text).split())
    return text if case_sensitive else text.lower()


def question_view(q: Question, quiz: Quiz, md, number: int) -> dict:
    """Everything _question.html needs; md(text, inline) renders Markdown safely."""
    view = {
        "q": q,
        "number": number,
        "dom_id": f"q-{quiz.id}-{q.id}",
        "name": f"{quiz.id}--{q.id}",
        "prompt": md(q.prompt_md.replace("____", "\\_\\_\\_\\_") if q.type == "fill_blank" else q.prompt_md),
        "hint": md(q.hint_md),
        "explanation": md(q.explanation_md),
        "feedback": {k: md(v) for k, v in sorted(q.feedback.items())},
    }
    if q.type in ("single", "multiple"):
        options = [
            {"index": i, "html": md(o.text_md, inline=True), "correct": o.correct, "feedback": md(o.feedback_md)}
            for i, o in enumerate(q.options)
        ]
        # Authors tend to write the right option first: in a shuffled quiz the page as built
        # (before the script runs, or without it) does not show it on top.
        order = stable_shuffle([o.text_md for o in q.options], q.id) if quiz.shuffle else range(len(options))
        view["options"] = [options[i] for i in order]
    elif q.type == "fill_blank":
        view["answers"] = list(q.answers)
        view["answers_key"] = json.dumps([normalise_answer(a, q.case_sensitive) for a in q.answers], ensure_ascii=False)
    elif q.type == "matching":
        rights = [right for _, right in q.pairs]
        view["lefts"] = [md(left, inline=True) for left, _ in q.pairs]
        view["rights"] = [md(right, inline=True) for right in rights]
        view["right_order"] = stable_shuffle(rights, q.id)
    elif q.type == "ordering":
        view["items"] = [md(item, inline=True) for item in q.items]
        view["shown_order"] = stable_shuffle(list(q.items), q.id)
    elif q.type == "reflection":
        view["model_answer"] = md(q.model_answer_md)
    return view
