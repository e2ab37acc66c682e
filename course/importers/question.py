"""A Moodle question as both of Moodle's formats describe it: GIFT and Moodle XML are read into these,
and course.importers.moodle turns them into quiz questions."""

from __future__ import annotations

from dataclasses import dataclass, field

from course.importers.markdown import HTML, to_markdown


@dataclass
class Text:
    text: str = ""
    fmt: str = HTML

    def markdown(self) -> str:
        return to_markdown(self.text, self.fmt) if self.text.strip() else ""


@dataclass
class Answer:
    text: Text
    fraction: float  # 0..1 as Moodle keeps it (-1..1 for multichoice)
    feedback: Text = field(default_factory=Text)
    tolerance: float | None = None  # numerical
    low_high: tuple[float, float] | None = None  # numerical, GIFT's min..max


@dataclass
class Question:
    qtype: str  # Moodle's: multichoice, truefalse, shortanswer, numerical, match, essay, description, …
    line: int
    name: str = ""
    idnumber: str = ""
    text: Text = field(default_factory=Text)
    general: Text = field(default_factory=Text)  # general feedback: shown after answering
    answers: list[Answer] = field(default_factory=list)
    single: bool = True
    subquestions: list[tuple[Text, str]] = field(default_factory=list)  # (left, right as plain text)
    correct_answer: bool | None = None  # truefalse
    feedback_true: Text = field(default_factory=Text)
    feedback_false: Text = field(default_factory=Text)
    usecase: bool = False
    hints: list[Text] = field(default_factory=list)
    combined: dict = field(default_factory=dict)  # correct / partiallycorrect / incorrect -> Text
    graderinfo: Text = field(default_factory=Text)
    defaultgrade: float | None = None
    tags: list[str] = field(default_factory=list)
    ordering: dict = field(default_factory=dict)  # gradingtype, selecttype, selectcount
