"""`course export qti`: QTI 2.1 (and 1.2) packages that the IMS schemas accept, with every file
the manifest names, what QTI cannot carry reported at its line, and the same bytes every time."""

from __future__ import annotations

import io
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner

from course.cli import main

from .conftest import COURSES, ROOT, shared_path
from .qti_processing import run

FEATURES = COURSES / "features"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
EPOCH = {"SOURCE_DATE_EPOCH": "1700000000"}


def _export(runner, course: Path, out: Path, *args: str) -> tuple[zipfile.ZipFile, str]:
    result = runner.invoke(main, ["export", "qti", str(course), "-o", str(out), *args], env=EPOCH)
    assert result.exit_code == 0, result.output
    return zipfile.ZipFile(out), result.output


@pytest.fixture(scope="session")
def schemas():
    """The IMS schemas, loaded once (QTI 2.1 takes a few seconds): qti21, qti12 and the content package's."""
    xmlschema = pytest.importorskip("xmlschema")
    xsd = shared_path("xsd")
    mirror = xsd / "qti21"

    def local(url: str) -> str:
        for scheme in ("http://", "https://"):
            if url.startswith(scheme) and (mirror / url[len(scheme) :]).exists():
                return (mirror / url[len(scheme) :]).resolve().as_uri()
        return url

    return {
        "qti21": xmlschema.XMLSchema10(str(mirror / "www.imsglobal.org/xsd/imsqti_v2p1.xsd"), uri_mapper=local),
        "qti12": xmlschema.XMLSchema10(str(xsd / "qti12/domainProfile_4/ims_qtiasiv1p2.xsd")),
        "cp": xmlschema.XMLSchema10(str(xsd / "scorm2004-4th/imscp_v1p1.xsd")),
    }


def _manifest_files(archive: zipfile.ZipFile) -> dict[str, ET.Element]:
    """Resource identifier -> resource; asserting every file it names is in the zip, and ids unique."""
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    ids = [r.get("identifier") for r in resources]
    assert len(ids) == len(set(ids))
    names = set(archive.namelist())
    for r in resources:
        for f in r.findall(f"{CP}file"):
            assert unquote(f.get("href")) in names, f.get("href")
        for d in r.findall(f"{CP}dependency"):
            assert d.get("identifierref") in ids
    listed = {unquote(f.get("href")) for r in resources for f in r.findall(f"{CP}file")}
    assert listed | {"imsmanifest.xml"} == names  # nothing in the zip that the manifest does not name
    return dict(zip(ids, resources, strict=True))


def _invalid(archive: zipfile.ZipFile, schemas, item_schema: str) -> list[str]:
    problems = []
    for name in archive.namelist():
        if name.endswith(".xml"):
            schema = schemas["cp"] if name == "imsmanifest.xml" else schemas[item_schema]
            problems += [f"{name}: {e.reason} at {e.path}" for e in schema.iter_errors(io.BytesIO(archive.read(name)))]
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("course", [FEATURES, ROOT], ids=["features", "flagship"])
def test_every_file_of_the_qti21_package_is_valid(runner, tmp_path, schemas, course):
    archive, _ = _export(runner, course, tmp_path / "q.zip")
    assert _invalid(archive, schemas, "qti21") == []
    resources = _manifest_files(archive)
    kinds = {r.get("type") for r in resources.values()}
    assert kinds == {"imsqti_item_xmlv2p1", "imsqti_test_xmlv2p1"}
    for r in resources.values():  # every test's items are where it says, and are the manifest's items
        if r.get("type") == "imsqti_test_xmlv2p1":
            test = ET.fromstring(archive.read(r.get("href")))
            for ref in test.iter(f"{QTI}assessmentItemRef"):
                href = posixpath.normpath(posixpath.join(posixpath.dirname(r.get("href")), ref.get("href")))
                assert resources[ref.get("identifier")].get("href") == href


@pytest.mark.parametrize("version", ["2.1", "1.2"])
def test_the_package_is_the_same_bytes_every_time_and_replaces_only_its_own_zip(runner, tmp_path, version):
    _export(runner, FEATURES, tmp_path / "a.zip", "--qti-version", version)
    archive, _ = _export(runner, FEATURES, tmp_path / "b.zip", "--qti-version", version)
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    names = archive.namelist()
    assert names == sorted(names)
    assert all(
        i.external_attr >> 16 == 0o100644 and i.date_time == (2023, 11, 14, 22, 13, 20) for i in archive.infolist()
    )
    _export(runner, FEATURES, tmp_path / "b.zip")  # an earlier export of its own is replaced
    other = tmp_path / "photos.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("holiday.jpg", b"...")
    result = runner.invoke(main, ["export", "qti", str(FEATURES), "-o", str(other)])
    assert result.exit_code == 2 and "is not an export of this kind" in result.output


def _item(archive: zipfile.ZipFile, lang: str, quiz: str, question: str) -> ET.Element:
    return ET.fromstring(archive.read(f"items/{lang}/{quiz}/{question}.xml"))


def test_qti21_items_carry_the_answers_feedback_and_partial_credit(runner, tmp_path):
    archive, _ = _export(runner, FEATURES, tmp_path / "q.zip")
    multiple = _item(archive, "en", "basics-check", "multiple-q")
    entries = {e.get("mapKey"): float(e.get("mappedValue")) for e in multiple.iter(f"{QTI}mapEntry")}
    assert entries == {"o-a": 0.5, "o-b": 0.5, "o-c": -0.5}  # right picks less wrong ones, as the site grades
    feedback = {f.get("identifier"): "".join(f.itertext()).strip() for f in multiple.iter(f"{QTI}modalFeedback")}
    assert feedback["o-c"] == "No - that is not online." and "Suning" in feedback["explanation"]
    single = _item(archive, "en", "basics-check", "single-q")
    assert [v.text for v in single.iter(f"{QTI}value") if v.text.startswith("o-")] == ["o-a"]
    fill = _item(archive, "zh-CN", "basics-check", "fill-q")
    assert fill.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    gap = fill.find(f".//{QTI}p/{QTI}textEntryInteraction")  # in the prompt's own paragraph, where ____ was
    assert gap is not None and "____" not in ET.tostring(fill.find(f"{QTI}itemBody"), encoding="unicode")
    assert {e.get("mapKey") for e in fill.iter(f"{QTI}mapEntry")} == {"邓飞", "Deng Fei"}
    numeric = _item(archive, "en", "basics-check", "numeric-q")
    equal = next(numeric.iter(f"{QTI}equal"))
    assert (equal.get("toleranceMode"), equal.get("tolerance"), equal.find(f"{QTI}baseValue").text) == (
        "absolute",
        "5",
        "470",
    )
    matching = _item(archive, "en", "basics-check", "match-q")
    pairs = [v.text for v in matching.find(f"{QTI}responseDeclaration/{QTI}correctResponse")]
    assert pairs == ["L0 R0", "L1 R1", "L2 R2"]
    order = _item(archive, "en", "basics-check", "order-q")
    assert [v.text for v in order.find(f"{QTI}responseDeclaration/{QTI}correctResponse")] == ["I0", "I1", "I2", "I3"]
    reflection = _item(archive, "en", "basics-check", "reflect-q")
    assert reflection.find(f".//{QTI}extendedTextInteraction") is not None
    assert reflection.find(f"{QTI}outcomeDeclaration/{QTI}defaultValue/{QTI}value").text == "0"  # scores nothing
    test = ET.fromstring(archive.read("tests/en/more-check.xml"))
    assert test.find(f".//{QTI}selection").get("select") == "2"  # draw: 2
    assert "tests/zh-CN/more-check.xml" not in archive.namelist()  # no translation: the English quiz is there once


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_what_qti21_cannot_carry_is_reported_at_its_line_and_strict_stops(runner, tmp_path):
    _, output = _export(runner, FEATURES, tmp_path / "q.zip")
    line = _line(FEATURES / "quizzes/01-basics.yaml", "hint:")
    assert f"quizzes/01-basics.yaml:{line}:11: warning: question 'single-q': QTI 2.1 cannot carry the hint" in output
    course = tmp_path / "new"  # a course with no other warning, which --strict would stop at first
    assert runner.invoke(main, ["new", str(course)]).exit_code == 0
    result = runner.invoke(main, ["export", "qti", str(course), "-o", str(tmp_path / "s.zip"), "--strict"])
    line = _line(course / "quizzes/01-getting-started.yaml", "hint:")
    assert result.exit_code == 1, result.output
    assert (
        f"01-getting-started.yaml:{line}:11: error: question 'lesson-format': QTI 2.1 cannot carry the hint"
        in result.output
    )
    assert not (tmp_path / "s.zip").exists()


@pytest.fixture
def pictured(tmp_path) -> Path:
    """The features course with an image in a question's prompt and a link to a lesson in its feedback."""
    course = tmp_path / "course"
    shutil.copytree(FEATURES, course)
    quiz = course / "quizzes/01-basics.yaml"
    text = quiz.read_text()
    text = text.replace(
        "prompt: Which city elected community leaders freely?",
        "prompt: 'Which city elected community leaders freely? ![A square](../assets/square.png)'",
    ).replace(
        "feedback: Nanjing empowered residential committees instead.",
        "feedback: 'Nanjing empowered [residential committees](../modules/01-basics/01-reading.md).'",
    )
    quiz.write_text(text)
    return course


def test_a_question_image_is_in_the_package_and_a_link_to_a_page_is_reported(runner, tmp_path, pictured):
    archive, output = _export(runner, pictured, tmp_path / "q.zip")
    single = _item(archive, "en", "basics-check", "single-q")
    image = next(single.iter(f"{QTI}img"))
    target = posixpath.normpath(posixpath.join("items/en/basics-check", unquote(image.get("src"))))
    assert archive.read(target) == (pictured / "assets/square.png").read_bytes()
    assert image.get("alt") == "A square"
    assert single.find(f".//{QTI}a") is None and "residential committees" in ET.tostring(single, encoding="unicode")
    assert re.search(r"01-basics\.yaml:\d+:\d+: warning: question 'single-q': QTI 2.1 cannot carry the link to", output)
    resources = _manifest_files(archive)
    files = [unquote(f.get("href")) for f in resources["item-en-basics-check-single-q"].findall(f"{CP}file")]
    assert target in files


# ---- QTI 1.2, the flavour Canvas classic quizzes import -------------------------------------

Q12 = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"


def _fields(item: ET.Element) -> dict[str, str]:
    return {f.findtext(f"{Q12}fieldlabel"): f.findtext(f"{Q12}fieldentry") for f in item.iter(f"{Q12}qtimetadatafield")}


def _items(archive: zipfile.ZipFile, name: str) -> dict[str, ET.Element]:
    root = ET.fromstring(archive.read(f"{name}/{name}.xml"))
    prefix = name.removeprefix("assessment-") + "-"  # an item's ident is lang-quiz-question
    return {i.get("ident").removeprefix(prefix): i for i in root.iter(f"{Q12}item")}


def _answer_ids_are_choices(item: ET.Element) -> None:
    """Every varequal names a response of the item and, for a choice, one of its labels; every
    displayfeedback an itemfeedback of the item."""
    responses = {r.get("ident"): r for r in item.iter() if r.tag in (f"{Q12}response_lid", f"{Q12}response_str")}
    for test in item.iter(f"{Q12}varequal"):
        response = responses[test.get("respident")]
        if response.tag == f"{Q12}response_lid":
            assert test.text in {label.get("ident") for label in response.iter(f"{Q12}response_label")}
    feedback = {f.get("ident") for f in item.iter(f"{Q12}itemfeedback")}
    assert {d.get("linkrefid") for d in item.iter(f"{Q12}displayfeedback")} <= feedback


@pytest.mark.slow
@pytest.mark.parametrize("course", [FEATURES, ROOT], ids=["features", "flagship"])
def test_every_file_of_the_qti12_package_is_valid(runner, tmp_path, schemas, course):
    archive, _ = _export(runner, course, tmp_path / "q.zip", "--qti-version", "1.2")
    assert _invalid(archive, schemas, "qti12") == []
    resources = _manifest_files(archive)
    assert {r.get("type") for r in resources.values()} <= {"imsqti_xmlv1p2", "webcontent"}
    for r in resources.values():
        if r.get("type") == "imsqti_xmlv1p2":
            for item in ET.fromstring(archive.read(r.get("href"))).iter(f"{Q12}item"):
                _answer_ids_are_choices(item)


def test_qti12_is_canvas_flavoured_and_says_what_it_leaves_out(runner, tmp_path):
    archive, output = _export(runner, FEATURES, tmp_path / "q.zip", "--qti-version", "1.2")
    items = _items(archive, "assessment-en-basics-check")
    types = {name: _fields(item)["question_type"] for name, item in items.items()}
    assert types == {
        "single-q": "multiple_choice_question", "multiple-q": "multiple_answers_question",
        "tf-q": "true_false_question", "fill-q": "short_answer_question", "numeric-q": "numerical_question",
        "match-q": "matching_question", "reflect-q": "essay_question",
    }  # fmt: skip
    quiz = FEATURES / "quizzes/01-basics.yaml"
    assert f"01-basics.yaml:{_line(quiz, 'id: order-q')}:1: warning: question 'order-q': QTI 1.2 cannot carry a question of type ordering" in output  # fmt: skip
    assert "01-basics.yaml:1:1: warning: QTI 1.2 cannot carry the pass mark (60%)" in output
    assert "question 'match-q': QTI 1.2 cannot carry all-or-nothing scoring" in output  # match-q is not partial
    multiple = items["multiple-q"]  # partial: each pick adds or takes away its share of 100
    steps = [(s.get("action"), s.text) for s in multiple.iter(f"{Q12}setvar")]
    assert steps == [("Add", "50"), ("Add", "50"), ("Subtract", "50")]
    numeric = items["numeric-q"]
    assert [v.text for v in numeric.iter() if v.tag in (f"{Q12}varequal", f"{Q12}vargte", f"{Q12}varlte")] == ["470", "465", "475"]  # fmt: skip
    matching = items["match-q"]
    lefts = matching.findall(f".//{Q12}response_lid")
    assert [lid.findtext(f"{Q12}material/{Q12}mattext") for lid in lefts] == ["Shenyang", "Nanjing", "Shanghai"]
    single = items["single-q"]
    feedback = {f.get("ident"): f.findtext(f".//{Q12}mattext") for f in single.iter(f"{Q12}itemfeedback")}
    assert feedback["b_fb"] == "<p>Nanjing empowered residential committees instead.</p>"
    assert feedback["general_fb"] == "<p>The Shenyang model is marked by free elections.</p>"  # the explanation
    drawn = ET.fromstring(archive.read("assessment-en-more-check/assessment-en-more-check.xml"))
    assert drawn.findtext(f".//{Q12}selection_number") == "2" and drawn.findtext(f".//{Q12}points_per_item") == "2"


def test_a_qti12_image_is_in_canvas_files_folder(runner, tmp_path, pictured):
    archive, _ = _export(runner, pictured, tmp_path / "q.zip", "--qti-version", "1.2")
    prompt = _items(archive, "assessment-en-basics-check")["single-q"].findtext(f"{Q12}presentation/{Q12}material/{Q12}mattext")  # fmt: skip
    src = re.search(r'src="([^"]+)"', prompt).group(1)
    assert src == "$IMS-CC-FILEBASE$/assets/square.png"
    assert archive.read("web_resources/assets/square.png") == (pictured / "assets/square.png").read_bytes()
    _manifest_files(archive)


RICH_PROMPT = """    prompt: |
      Which city elected community leaders freely?

      > A quote with *emphasis*
      > and a second line.

      | City | Model |
      |---|---|
      | Shenyang | elections |

      !!! note "Remember"
          An admonition with `code`.

      ??? tip "Folded"
          Hidden text.

      ~~struck~~ H~2~O a&nbsp;b<br>line

      <figure><img src="../assets/square.png" alt="sq"><figcaption>A caption</figcaption></figure>

      <section><h3>Section head</h3><p>In a section.</p></section>

      ```python
      print("<hello>")
      ```

      Term
      : Its definition
"""


@pytest.mark.slow
def test_the_books_html5_becomes_valid_qti_xhtml_with_every_word_kept(runner, tmp_path, schemas):
    course = tmp_path / "course"
    shutil.copytree(FEATURES, course)
    quiz = course / "quizzes/01-basics.yaml"
    quiz.write_text(quiz.read_text().replace("    prompt: Which city elected community leaders freely?\n", RICH_PROMPT))
    archive, _ = _export(runner, course, tmp_path / "q.zip")
    assert _invalid(archive, schemas, "qti21") == []
    item = _item(archive, "en", "basics-check", "single-q")
    prompt = item.find(f"{QTI}itemBody/{QTI}div")
    words = set(" ".join(prompt.itertext()).split())
    written = "quote emphasis second line. City Model Shenyang elections Remember admonition code Folded Hidden"
    written += ' text. struck H 2 O a b line caption Section head section. print("<hello>") Term definition'
    assert set(written.split()) - words == set()
    assert {e.get("class") for e in prompt.iter() if e.get("class")} >= {"figure", "figcaption", "section", "del"}


# ---- the scores and feedback an item gives, as a delivery engine works them out ---------------


@pytest.fixture
def graded(tmp_path) -> zipfile.ZipFile:
    """The features course's QTI 2.1 items, with partial credit on matching and ordering and a
    numeric question with two accepted answers (within 5 of 470, or 10 to 20)."""
    course = tmp_path / "course"
    shutil.copytree(FEATURES, course)
    for name in ("01-basics.yaml", "01-basics.zh-CN.yaml"):
        quiz = course / "quizzes" / name
        text = quiz.read_text().replace("type: matching\n", "type: matching\n    partial: true\n")
        text = text.replace("type: ordering\n", "type: ordering\n    partial: true\n")
        text = text.replace("    answer: 470\n    tolerance: 5\n", "    answers:\n      - {answer: 470, tolerance: 5}\n      - {range: [10, 20]}\n")  # fmt: skip
        quiz.write_text(text)
    archive, _ = _export(CliRunner(), course, tmp_path / "q.zip")
    return archive


def _outcomes(archive, question: str, response) -> tuple[float, list]:
    state = run(_item(archive, "en", "basics-check", question), response)
    return state["SCORE"], state["FEEDBACK"]


@pytest.mark.parametrize(
    ("question", "response", "score", "feedback"),
    [
        ("single-q", "o-a", 1, ["o-a", "explanation"]),
        ("single-q", "o-b", 0, ["o-b", "explanation"]),
        ("single-q", None, 0, None),  # not answered: no score, no feedback
        ("multiple-q", ["o-a", "o-b"], 1, ["o-a", "o-b", "explanation"]),
        ("multiple-q", ["o-a"], 0.5, ["o-a", "explanation"]),  # partial: right picks less wrong ones
        ("multiple-q", ["o-a", "o-b", "o-c"], 0.5, ["o-a", "o-b", "o-c", "explanation"]),
        ("multiple-q", ["o-a", "o-c"], 0, ["o-a", "o-c", "explanation"]),
        ("tf-q", "false", 1, ["false", "explanation"]),
        ("tf-q", "true", 0, ["true", "explanation"]),
        ("fill-q", "deng fei", 1, ["correct", "explanation"]),  # not case-sensitive
        ("fill-q", "邓飞", 1, ["correct", "explanation"]),
        ("fill-q", "Deng", 0, ["incorrect", "explanation"]),
        ("numeric-q", 466.0, 1, ["correct", "explanation"]),
        ("numeric-q", 475.0, 1, ["correct", "explanation"]),
        ("numeric-q", 476.0, 0, ["incorrect", "explanation"]),
        ("numeric-q", 15.0, 1, ["correct", "explanation"]),  # the second accepted answer, a range
        ("match-q", ["L0 R0", "L1 R1", "L2 R2"], 1, ["correct", "explanation"]),
        ("match-q", ["L0 R1", "L1 R0", "L2 R2"], 1 / 3, ["incorrect", "explanation"]),
        ("order-q", ["I0", "I1", "I2", "I3"], 1, ["correct", "explanation"]),
        ("order-q", ["I1", "I0", "I2", "I3"], 0.5, ["incorrect", "explanation"]),
        ("reflect-q", "Teaching.", 0, ["model_answer", "explanation"]),
    ],
)
def test_an_item_scores_and_gives_feedback_as_the_site_does(graded, question, response, score, feedback):
    got_score, got_feedback = _outcomes(graded, question, response)
    assert got_score == pytest.approx(score)
    assert got_feedback == feedback


def test_the_test_passes_at_the_pass_mark(graded):
    test = ET.fromstring(graded.read("tests/en/basics-check.xml"))
    rule = next(r for r in test.iter(f"{QTI}setOutcomeValue") if r.get("identifier") == "PASS")
    factor = float(rule.find(f".//{QTI}product/{QTI}baseValue").text)
    assert factor == 0.6  # pass_mark: 60
