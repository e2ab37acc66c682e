"""A seeded synthetic course of N lessons, as a course and as the same lessons in an mkdocs project."""

from __future__ import annotations

import json
import random
import re
import shutil
import struct
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from bench import words

TYPES = ("single", "multiple", "true_false", "fill_blank", "matching", "ordering", "reflection")
PARTS = ("foundation", "collaboration", "innovation", "action")
IMAGES = 8
QUIZ_HEADER = "# yaml-language-server: $schema=../schemas/quiz.schema.json\n"
_PLAIN = re.compile(r"^[A-Za-z\u3400-\u9fff][^:#\n]*$")  # a YAML scalar safe to write unquoted
_RESERVED = {"true", "false", "yes", "no", "on", "off", "y", "n", "null"}  # YAML 1.1 reads these as not text


@dataclass(frozen=True)
class Lesson:
    stem: str  # 0007-topic-7: the file name in both projects, without .md
    chinese: bool
    front: str  # front matter, without the --- lines
    body: str  # Markdown; links to lessons as 'stem.md', images as 'assets/…'
    quiz: str  # quiz YAML, placed inline at the end of the lesson
    words: int  # words of the body (a Chinese word is one entry of the word list)


def lessons(n: int, seed: int = 8) -> list[Lesson]:
    """n lessons; lesson i depends only on (seed, i, n), so a run always writes the same bytes."""
    width = max(4, len(str(n)))
    stems = [f"{i:0{width}d}-topic-{i}" for i in range(1, n + 1)]
    return [_lesson(random.Random(f"{seed}/{i}"), i, stems) for i in range(1, n + 1)]


def make_course(out: Path, lessons_count: int = 300, seed: int = 8) -> Path:
    """The course: one single-file module per lesson, each with its quiz placed inline."""
    _fresh(out)
    (out / "modules").mkdir(parents=True)
    (out / "quizzes").mkdir()
    _images(out / "assets")
    parts = "".join(f"    - {{id: {p}, title: {p.capitalize()}}}\n" for p in PARTS)
    (out / "course.yaml").write_text(
        f"id: synthetic\ntitle: Synthetic course\nsummary: A generated course for benchmarks.\n"
        f"framework:\n  title: Four parts\n  parts:\n{parts}",
        encoding="utf-8",
    )
    for lesson in lessons(lessons_count, seed):
        body = lesson.body.replace("](assets/", "](../assets/")
        body += (
            f"\n## {'自测' if lesson.chinese else 'Check yourself'}\n\n[[quiz: {lesson.stem.split('-', 1)[1]}-check]]\n"
        )
        (out / "modules" / f"{lesson.stem}.md").write_text(f"---\n{lesson.front}---\n\n{body}", encoding="utf-8")
        (out / "quizzes" / f"{lesson.stem}.yaml").write_text(QUIZ_HEADER + lesson.quiz, encoding="utf-8")
    return out


def make_mkdocs(out: Path, lessons_count: int = 300, seed: int = 8) -> Path:
    """The same lessons (no quizzes: mkdocs has none) as docs/, with mkdocs.yml (default theme),
    mkdocs-material.yml and zensical.yml (theme material; each tool its own site_dir); our extensions."""
    from bench.ours import extensions

    names, configs = extensions()

    _fresh(out)
    (out / "docs").mkdir(parents=True)
    _images(out / "docs" / "assets")
    for lesson in lessons(lessons_count, seed):
        (out / "docs" / f"{lesson.stem}.md").write_text(f"---\n{lesson.front}---\n\n{lesson.body}", encoding="utf-8")
    (out / "docs" / "index.md").write_text("# Synthetic course\n\nA generated course for benchmarks.\n")
    extensions = []
    for name in names:
        config = configs.get(name, {})
        extensions.append(f"  - {name}" + (":" if config else ""))
        for key, value in config.items():  # a function (the slugifier) by its import name, as mkdocs reads it
            value = f"!!python/name:{value.__module__}.{value.__qualname__}" if callable(value) else value
            extensions.append(f"      {key}: {value}")
    common = "site_name: Synthetic course\ndocs_dir: docs\nmarkdown_extensions:\n" + "\n".join(extensions) + "\n"
    (out / "mkdocs.yml").write_text(common + "site_dir: site-mkdocs\ntheme: mkdocs\n", encoding="utf-8")
    (out / "mkdocs-material.yml").write_text(common + "site_dir: site-material\ntheme: material\n", encoding="utf-8")
    (out / "zensical.yml").write_text(common + "site_dir: site-zensical\ntheme: material\n", encoding="utf-8")
    return out


def _fresh(out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)


def _images(folder: Path) -> None:
    """Small PNGs, one colour each (zlib output is the same on every run)."""
    folder.mkdir(parents=True)
    for k in range(1, IMAGES + 1):
        rgb = bytes((37 * k % 256, 91 * k % 256, 151 * k % 256))
        raw = b"".join(b"\x00" + rgb * 24 for _ in range(16))
        (folder / f"figure-{k}.png").write_bytes(
            b"\x89PNG\r\n\x1a\n"
            + _chunk(b"IHDR", struct.pack(">IIBBBBB", 24, 16, 8, 2, 0, 0, 0))
            + _chunk(b"IDAT", zlib.compress(raw, 9))
            + _chunk(b"IEND", b"")
        )


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _lesson(rng: random.Random, i: int, stems: list[str]) -> Lesson:
    chinese = i % 5 == 0  # a fifth of the lessons
    text = words.Chinese(rng) if chinese else words.English(rng)
    others = [s for s in stems if s != stems[i - 1]] or stems
    links = [f"[{text.phrase(2, 4)}]({rng.choice(others)}.md)" for _ in range(rng.randint(2, 4))]
    headings = [text.title(2, 5) for _ in range(rng.randint(4, 7))]
    text.count = 0  # the words of the body from here on
    target = rng.randint(860, 1420)  # what the last blocks add or leave keeps the body within 800-1,500 words
    # Every lesson has each of these once; the rest of its length is paragraphs, lists and tables.
    shapes = ["list", "table", "image", "numbered", "admonition", "image"]
    blocks = [text.paragraph(links.pop())]
    for n, heading in enumerate(headings):
        blocks.append(f"## {heading}")
        if rng.random() < 0.4:
            blocks.append(f"### {text.title(2, 4)}")
        share = target * (n + 1) // len(headings)  # this section ends when the body has reached its share
        for kind in shapes[: 2 if n < 2 else len(shapes)]:  # the required shapes early, never piled up at the end
            blocks.append(_block(kind, text, rng, None))
            shapes.remove(kind)
        while text.count < share - 60:
            kind = rng.choice(("p", "p", "p", "list", "table"))
            blocks.append(_block(kind, text, rng, links.pop() if links and kind == "p" else None))
    blocks += [text.paragraph(link, 1, 2) for link in links]
    if not chinese:  # an anchor on the same page; heading ids of ASCII words agree in every slugifier
        anchor = re.sub(r"[^a-z0-9]+", "-", headings[0].lower()).strip("-")
        blocks.append(text.paragraph(f"[{text.phrase(2, 3)}](#{anchor})", 1, 1))
    if rng.random() < 0.3:
        blocks[0] += "[^1]"
        blocks.append(f"[^1]: {text.sentence()}")
    body_words = text.count
    front = (
        f"title: {_scalar(text.title(3, 6))}\npart: {PARTS[i % 4]}\nobjectives:\n"
        + "".join(f"  - {_scalar(text.sentence(6, 12))}\n" for _ in range(rng.randint(2, 3)))
        + f"summary: {_scalar(text.sentence())}\n"
    )
    stem = stems[i - 1]
    quiz = _quiz(rng, text, stem.split("-", 1)[1] + "-check", PARTS[i % 4], i)
    return Lesson(stem, chinese, front, "\n\n".join(blocks) + "\n", quiz, body_words)


def _block(kind: str, text, rng: random.Random, link: str | None) -> str:
    if kind == "list":
        return "\n".join(f"- {text.sentence(4, 12)}" for _ in range(rng.randint(3, 6)))
    if kind == "numbered":
        return "\n".join(f"{n}. {text.sentence(4, 12)}" for n in range(1, rng.randint(3, 6) + 1))
    if kind == "table":
        columns = rng.randint(3, 4)
        rows = [[text.phrase(1, 3) for _ in range(columns)] for _ in range(rng.randint(3, 6))]
        lines = [rows[0], ["---"] * columns, *rows[1:]]
        return "\n".join("| " + " | ".join(row) + " |" for row in lines)
    if kind == "image":
        return f"![{text.phrase(2, 5)}](assets/figure-{rng.randint(1, IMAGES)}.png)"
    if kind == "admonition":
        marker = rng.choice(('!!! tip "', '!!! note "', '??? note "', '!!! reflection "'))
        return f'{marker}{text.title(2, 4)}"\n    {text.paragraph(None)}'
    return text.paragraph(link)


def _quiz(rng: random.Random, text, quiz_id: str, part: str, i: int) -> str:
    lines = [f"id: {quiz_id}", f"title: {_scalar(text.title(2, 4))}", "questions:"]
    for n in range(1, rng.randint(5, 10) + 1):
        qtype = TYPES[(i + n) % len(TYPES)]
        prompt = text.gap_sentence() if qtype == "fill_blank" else text.sentence(6, 14, end=text.question_mark)
        lines += [f"  - id: q{n}", f"    type: {qtype}", f"    part: {part}", f"    prompt: {_scalar(prompt)}"]
        if qtype in ("single", "multiple"):
            count = rng.randint(3, 5)
            right = {0} if qtype == "single" else set(rng.sample(range(count), rng.randint(1, count - 1)))
            if qtype == "multiple" and rng.random() < 0.5:
                lines.append("    partial: true")
            lines.append("    options:")
            for k, option in enumerate(text.distinct(count, 2, 6)):
                lines.append(f"      - text: {_scalar(option)}")
                if k in right:
                    lines.append("        correct: true")
                lines.append(f"        feedback: {_scalar(text.sentence(5, 14))}")
        elif qtype == "true_false":
            lines += [f"    answer: {rng.choice(('true', 'false'))}", "    feedback:"]
            lines += [f"      {key}: {_scalar(text.sentence(5, 12))}" for key in ("correct", "incorrect")]
        elif qtype == "fill_blank":
            lines.append("    answers:")
            lines += [f"      - {_scalar(a)}" for a in text.distinct(rng.randint(1, 3), 1, 2)]
        elif qtype == "matching":
            left, right = text.distinct(rng.randint(3, 5), 1, 3), text.distinct(5, 2, 4)
            lines.append("    pairs:")
            lines += [f"      - [{json.dumps(a, ensure_ascii=False)}, {json.dumps(b, ensure_ascii=False)}]"
                      for a, b in zip(left, right[: len(left)], strict=True)]  # fmt: skip
        elif qtype == "ordering":
            lines.append("    items:")
            lines += [f"      - {_scalar(item)}" for item in text.distinct(rng.randint(3, 6), 2, 5)]
        else:
            lines.append(f"    model_answer: {_scalar(text.sentence(10, 25))}")
        if qtype in ("fill_blank", "matching", "ordering"):
            lines += ["    feedback:", f"      correct: {_scalar(text.sentence(3, 8))}"]
            lines.append(f"      incorrect: {_scalar(text.sentence(5, 12))}")
        if rng.random() < 0.5:
            lines.append(f"    hint: {_scalar(text.sentence(5, 12))}")
        if qtype != "reflection":
            lines.append(f"    explanation: {_scalar(text.paragraph(None, 1, 3))}")
    return "\n".join(lines) + "\n"


def _scalar(value: str) -> str:
    """Plain when YAML reads it back as the same string, else double-quoted (JSON is valid YAML)."""
    if _PLAIN.match(value) and value.strip() == value and value.lower() not in _RESERVED:
        return value
    return json.dumps(value, ensure_ascii=False)


if __name__ == "__main__":
    target = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    make_course(target / "course", count)
    make_mkdocs(target / "mkdocs", count)
