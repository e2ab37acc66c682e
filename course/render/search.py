"""The search index of each language, made at build time from the book, shipped as script files.

What is found: every lesson and module page, section by section (the text under each h2 and h3
with an id, so a result can open at its heading), and every quiz question (prompt, options or
items, explanation). Words are found without any dictionary: Latin text as lowercased words
with a light suffix stripping (organisations, organisation -> organisation), Chinese, Japanese
and Korean text as overlapping pairs of characters (社会组织 -> 社会 会组 组织) plus each single
character, for one-character queries. static/search-core.js tokenises the query in exactly the
same way (tests hold the two to the same table) and ranks with BM25, a page's title and a
section's heading counting several times.

The index is plain data in script files that assign to one global (window.courseSearchData), so
search.html reads it with <script> elements, which work from file:// where fetch() does not:

    search/<lang>.js        what ranking needs: each document's length and page, the shard counts
    search/<lang>-t<k>.js   the postings of the terms whose hash falls in shard k
    search/<lang>-x<k>.js   documents k*per .. k*per+per-1 as a result shows them: page address,
                            title, module, anchor, heading, text for the excerpt

A query loads the one index file, then only the term shards its terms hash to and the text
shards of the results shown, so a course of thousands of lessons stays quick to search."""

from __future__ import annotations

import functools
import json
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from html import unescape

from course.book import Book
from course.convert.text import SLOT_HTML
from course.i18n.catalog import messages

FOLDER = "search"  # at the site's root, beside assets/
FORMAT = 2  # of the files' data, read by static/search-core.js
TERM_SHARD_BYTES = 32_000  # a term shard's size to aim at: a query loads one per term
TEXT_SHARD_BYTES = 16_000  # a text shard's: a query loads one per result shown, at worst
# A term in the page's title, or in the section's heading, adds this many times its idf to a
# document's BM25 score (whose part for one term is at most 2.2 idf): added after BM25's
# saturation, so a title match stays worth more than many mentions in a long text.
TITLE_BONUS = 1.5
HEADING_BONUS = 0.75
_IN_TITLE, _IN_HEADING = 2, 1  # flags in a posting's count: count * 4 + flags
TEXT_LIMIT = 6000  # characters of a document's text kept for snippets

# Characters written without spaces between words: kana, CJK ideographs, Hangul syllables.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_WORD = "0-9a-z\u00df-\u024f\u0370-\u03ff\u0400-\u04ff"  # after lowercasing
_TOKEN = re.compile(f"([{_CJK}]+)|([{_WORD}]+)")
# Words too common to tell documents apart; left out of the index and of queries alike.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "this",
        "to",
        "was",
        "were",
        "with",
    ]
)
_BLOCK = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "thead",
        "tbody",
        "section",
        "article",
        "aside",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "dl",
        "dt",
        "dd",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "br",
        "hr",
        "details",
        "summary",
        "caption",
        "nav",
        "header",
        "footer",
        "main",
    ]
)


def normalise(text: str) -> str:
    """NFKC (full-width letters and digits become plain ones), lowercased, Latin accents dropped."""
    return _ACCENTED.sub(_unaccented, unicodedata.normalize("NFKC", text).lower())


_ACCENTED = re.compile("[\u00c0-\u024f]")


def _unaccented(match: re.Match) -> str:
    return unicodedata.normalize("NFD", match.group())[0]


@functools.lru_cache(maxsize=65536)  # a course's vocabulary is small; its words are many
def stem(word: str) -> str:
    """A light English suffix stripping: plural -s, -ies, -es after a sibilant, -ing, -ed, final -e."""
    if len(word) <= 3 or not word.isascii() or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "xes", "ches", "shes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) > 5:
        word = word[:-3]
    elif word.endswith("ed") and len(word) > 4:
        word = word[:-2]
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def tokens(text: str) -> list[str]:
    """The index terms of a text, in order: word stems, and for a run of CJK characters each
    character and each pair of neighbours."""
    terms = []
    for cjk, word in _TOKEN.findall(normalise(text)):
        if cjk:
            terms.extend(cjk)
            terms.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        elif word not in STOP_WORDS:
            terms.append(stem(word))
    return terms


def query_terms(query: str) -> list[str]:
    """The distinct terms a query looks up: word stems; a CJK run's pairs, or the character
    itself when the run is one character long."""
    terms: list[str] = []
    for cjk, word in _TOKEN.findall(normalise(query)):
        if cjk:
            terms.extend([cjk] if len(cjk) == 1 else [cjk[i : i + 2] for i in range(len(cjk) - 1)])
        elif word not in STOP_WORDS:
            terms.append(stem(word))
    return list(dict.fromkeys(terms))


def term_shard(term: str, shards: int) -> int:
    """Which term shard holds a term: FNV-1a over its UTF-16 code units (as JavaScript sees them)."""
    h = 0x811C9DC5
    data = term.encode("utf-16-le")
    for i in range(0, len(data), 2):
        h ^= data[i] | data[i + 1] << 8
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h % shards


@dataclass(frozen=True)
class Document:
    """One place a result can lead to: a section of a page, or a quiz question."""

    url: str  # the page, relative to the language folder
    anchor: str  # the id to open at ("" for the top of the page)
    title: str  # the page's title
    heading: str  # the section's heading, or the question's label ("" for a page's opening)
    crumb: str  # the title of the module it sits in
    text: str  # the text found there, whitespace collapsed


_HEADING = re.compile(r"<h([23])(\s[^>]*)?>(.*?)</h\1>", re.S)
_ID = re.compile(r'\sid="([^"]+)"')
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>")


def _text(html: str) -> str:
    """The text of sanitised HTML: a block element's edge is a space, an inline one's nothing."""
    return unescape(_TAG.sub(lambda m: " " if m.group(2).lower() in _BLOCK else "", html))


def _sections(html: str) -> list[tuple[str, str, str]]:
    """A page body's text, split at each h2 or h3 that has an id: [(id, heading, text)], the first
    with id "" (the text before the first such heading). Regular expressions, not a parser: the
    HTML is the sanitiser's output, well-formed and with attributes in double quotes."""
    sections, at, anchor, heading = [], 0, "", ""
    for match in _HEADING.finditer(html):
        found = _ID.search(match.group(2) or "")
        if not found:
            continue
        sections.append((anchor, heading, _text(html[at : match.start()])))
        anchor, heading, at = unescape(found.group(1)), _text(match.group(3)), match.end()
    sections.append((anchor, heading, _text(html[at:])))
    return sections


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _plain(html: str) -> str:
    return _collapse(_text(str(html)))


def search_documents(book: Book, lang: str) -> list[Document]:
    """Every document of lang's index, in reading order: each page's sections, then each quiz's questions."""
    course = book.course
    t = messages(lang)
    crumbs = {m.slug: m.index[lang].title for m in course.modules}
    docs = []
    for page in book.pages[lang].values():
        opening = " ".join(filter(None, [page.summary, *page.objectives]))
        for i, (anchor, heading, text) in enumerate(_sections(SLOT_HTML.sub(" ", page.html))):
            body = _collapse(f"{opening} {text}" if i == 0 else text)
            if i == 0 or body or heading:
                docs.append(Document(page.url, anchor, page.title, _collapse(heading), crumbs[page.module], body))
    for quiz in book.quizzes[lang].values():  # in course order
        url = quiz.url
        # on a lesson's page the lesson is the title, and the quiz part of the heading
        title = book.pages[lang][url].title if quiz.placed_on else quiz.quiz.title
        for view in quiz.questions:
            parts = [view["prompt"], *(o["html"] for o in view.get("options", ())), *view.get("lefts", ()),
                     *view.get("rights", ()), *view.get("items", ()), view["explanation"]]  # fmt: skip
            heading = t["question_n"].format(n=view["number"])
            heading = f"{quiz.quiz.title} · {heading}" if quiz.placed_on else heading
            docs.append(Document(url, view["dom_id"], title, heading, crumbs[quiz.quiz.module],
                                 " ".join(filter(None, (_plain(p) for p in parts)))))  # fmt: skip
    return docs


@dataclass(frozen=True)
class Index:
    """lang's index as data: what the script files hold."""

    docs: list[Document]
    lengths: list[int]  # terms per document
    postings: dict[str, list[int]]  # term -> [doc, count * 4 + flags, doc, ...], docs ascending

    @property
    def average(self) -> float:
        return round(sum(self.lengths) / len(self.lengths), 3) if self.lengths else 0.0  # as the file holds it


def build_index(docs: list[Document]) -> Index:
    lengths, postings = [], {}
    for doc_id, doc in enumerate(docs):
        title, heading = tokens(doc.title), tokens(doc.heading)
        counts = Counter(tokens(doc.text))
        counts.update(title)
        counts.update(heading)
        lengths.append(counts.total())
        in_title, in_heading = set(title), set(heading)
        for term in sorted(counts):
            flags = _IN_TITLE * (term in in_title) + _IN_HEADING * (term in in_heading)
            postings.setdefault(term, []).append((doc_id, counts[term] * 4 + flags))
    flat = {term: [n for pair in pairs for n in pair] for term, pairs in sorted(postings.items())}
    return Index(docs, lengths, flat)


def rank(index: Index, query: str) -> list[int]:
    """Document ids that answer query, best first, one per page: BM25, with a bonus for a term in the title or heading;
    documents holding every term come first, and only those when there are any (as static/search-core.js)."""
    terms = [term for term in query_terms(query) if term in index.postings]
    if not terms:
        return []
    n, average = len(index.docs), index.average or 1.0
    scores: dict[int, float] = {}
    matched: dict[int, int] = {}
    for term in terms:
        posting = index.postings[term]
        df = len(posting) // 2
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        for i in range(0, len(posting), 2):
            doc, tf, flags = posting[i], posting[i + 1] >> 2, posting[i + 1] & 3
            norm = 1.2 * (0.25 + 0.75 * index.lengths[doc] / average)
            bonus = TITLE_BONUS * (flags >> 1) + HEADING_BONUS * (flags & 1)
            scores[doc] = scores.get(doc, 0.0) + idf * (tf * 2.2 / (tf + norm) + bonus)
            matched[doc] = matched.get(doc, 0) + 1
    best = max(matched.values())
    ordered = sorted((doc for doc in scores if matched[doc] == best), key=lambda d: (-scores[d], d))
    seen, results = set(), []
    for doc in ordered:
        if index.docs[doc].url not in seen:
            seen.add(index.docs[doc].url)
            results.append(doc)
    return results


def _script(key: str, data) -> bytes:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"(window.courseSearchData=window.courseSearchData||{{}})[{json.dumps(key)}]={text};\n".encode()


def index_files(index: Index, lang: str) -> dict[str, bytes]:
    """The script files of lang's index: path (from the site root) -> bytes. The first file holds
    only what ranking needs (each document's length and page); what a result shows (address,
    title, module, heading, text) sits in the text shards, loaded for the results shown."""
    postings_size = sum(len(term) + 8 + 6 * len(p) for term, p in index.postings.items())
    term_shards = max(1, math.ceil(postings_size / TERM_SHARD_BYTES))
    texts = [doc.text[:TEXT_LIMIT] for doc in index.docs]
    text_size = sum(
        len(text.encode()) + len(doc.heading.encode()) + 40 for text, doc in zip(texts, index.docs, strict=True)
    )
    per_text = max(1, len(texts) * TEXT_SHARD_BYTES // text_size) if text_size else max(1, len(texts))
    pages: dict[tuple, int] = {}
    for doc in index.docs:
        pages.setdefault((doc.url, doc.title, doc.crumb), len(pages))
    page_of = [pages[(d.url, d.title, d.crumb)] for d in index.docs]
    head = {
        "v": FORMAT,
        "n": len(index.docs),
        "avg": index.average,
        "tk": term_shards,
        "xk": per_text,
        "dp": page_of,
        "l": index.lengths,
    }
    files = {f"{FOLDER}/{lang}.js": _script(lang, head)}
    shards: list[dict] = [{} for _ in range(term_shards)]
    for term, posting in index.postings.items():
        shards[term_shard(term, term_shards)][term] = _delta(posting)
    for k, shard in enumerate(shards):
        files[f"{FOLDER}/{lang}-t{k}.js"] = _script(f"{lang}-t{k}", shard)
    page_list = list(pages)
    for k in range(0, len(texts), per_text):
        docs = range(k, min(k + per_text, len(texts)))
        shown = sorted({page_of[d] for d in docs})
        shard = {
            "p": [[p, *page_list[p]] for p in shown],  # [page, url, title, module title]
            "d": [[index.docs[d].anchor, index.docs[d].heading, texts[d]] for d in docs],
        }
        files[f"{FOLDER}/{lang}-x{k // per_text}.js"] = _script(f"{lang}-x{k // per_text}", shard)
    return files


def _delta(posting: list[int]) -> list[int]:
    """Doc ids as gaps from the one before (smaller numbers, fewer bytes)."""
    out, last = [], 0
    for i in range(0, len(posting), 2):
        out += (posting[i] - last, posting[i + 1])
        last = posting[i]
    return out


def search_files(book: Book) -> dict[str, bytes]:
    """Every language's index files."""
    files = {}
    for lang in book.course.languages:
        files |= index_files(build_index(search_documents(book, lang)), lang)
    return files
