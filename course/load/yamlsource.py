"""Read YAML safely into plain data, keeping the line and column of every value."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from course.errors import Position
from course.formats.limits import MAX_NUMBER_DIGITS
from course.formats.limits import MAX_YAML_DEPTH as MAX_DEPTH
from course.i18n.trainer import msg

_TOO_DEEP = msg("YAML is nested too deeply (more than {depth} levels of lists and mappings)", depth=MAX_DEPTH)
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:timestamp",
}


class YamlProblem(Exception):
    """A source file that cannot be read or parsed; carries the line and column (1-based)."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message, self.line, self.col = message, line, col


@dataclass
class Located:
    """Plain data plus where each part of it came from."""

    path: str
    data: object
    values: dict = field(default_factory=dict)  # key path -> (line, col) of the value
    keys: dict = field(default_factory=dict)  # key path -> (line, col) of the mapping key
    line_offset: int = 0  # for YAML embedded in another file (front matter)
    numbers: dict = field(default_factory=dict)  # key path -> a number as written (for a text field)
    blocks: dict = field(default_factory=dict)  # key path -> line of a | or > block's first text line
    # key path -> (line, col) of a quoted or block text's first character; a plain one starts at its value
    texts: dict = field(default_factory=dict)
    # (line, col, message, code) of what the tool reads but other YAML readers refuse
    warnings: list = field(default_factory=list)

    def pos(self, *keypath) -> Position:
        """Position of the value at keypath, or of its nearest located ancestor."""
        return self._lookup(self.values, keypath)

    def text_line(self, *keypath) -> int:
        """The file line where the text at keypath begins: a | or > block starts on the next line."""
        if keypath in self.blocks:
            return self.blocks[keypath] + self.line_offset
        return self.pos(*keypath).line

    def text_at(self, *keypath) -> tuple[int, int]:
        """(line, col) in the file of the first character of the text at keypath: past the quote of a
        quoted text, on the first line of a | or > block at its indentation, where a plain text is."""
        if keypath in self.texts:
            line, col = self.texts[keypath]
            return line + self.line_offset, col
        pos = self.pos(*keypath)
        return pos.line, pos.col

    def as_written(self, *keypath) -> str | None:
        """A number exactly as the file writes it ('1.50', '007'), for fields that take text."""
        return self.numbers.get(keypath)

    def key_pos(self, *keypath) -> Position:
        """Position of the key that names keypath (falls back to the value)."""
        if keypath in self.keys:
            return self._lookup(self.keys, keypath)
        return self.pos(*keypath)

    def _lookup(self, table: dict, keypath: tuple) -> Position:
        while keypath not in table and keypath:
            keypath = keypath[:-1]
        line, col = table.get(keypath, (1, 1))
        return Position(self.path, line + self.line_offset, col)


# libyaml's loader where it is installed (much faster), the pure-Python one otherwise.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_HINTS = {
    "mapping values are not allowed": msg("put quotes around a text that contains ': '"),
    "found a tab": msg("indent with spaces, not tabs"),
    "found character '\\t'": msg("indent with spaces, not tabs"),
    "found character": msg("put quotes around a text that starts with @ or `"),
    "found undefined alias": msg("aliases are not supported"),
    "expected <block end>, but found": msg("check the indentation of this line"),
    "did not find expected ',' or ']'": msg(
        "close the list with ] on the same line, and quote items containing , [ ] or :"
    ),
    "did not find expected ',' or '}'": msg(
        "close the mapping with } on the same line, and quote texts containing , { } or :"
    ),
    "did not find expected '-' indicator": msg(
        "check the indentation: the items of a list start with '- ' in the same column"
    ),
    "did not find expected key": msg("check the indentation: keys of the same item start in the same column"),
    "could not find expected ':'": msg(
        "each line of a mapping is 'key: value'; check for a missing ':' or a text that needs quotes"
    ),
    "exceeded maximum nesting depth": msg(
        "lists and mappings may be nested {depth} levels deep at most", depth=MAX_DEPTH
    ),
}


# PyYAML's own words for what it could not read (libyaml's, and the pure-Python loader's where they
# differ), marked so that a trainer reads them in their own language; a problem not listed here is
# shown as PyYAML wrote it.
_PROBLEMS = {
    str(problem): problem
    for problem in (
        # TRANSLATORS: PyYAML's words for a YAML problem, shown after "invalid YAML: ".
        msg("mapping values are not allowed in this context"),
        msg("mapping values are not allowed here"),
        msg("mapping keys are not allowed in this context"),
        msg("mapping keys are not allowed here"),
        msg("block sequence entries are not allowed in this context"),
        msg("sequence entries are not allowed here"),
        msg("could not find expected ':'"),
        msg("did not find expected key"),
        msg("did not find expected '-' indicator"),
        msg("did not find expected ',' or ']'"),
        msg("did not find expected ',' or '}'"),
        msg("did not find expected node content"),
        msg("did not find expected <document start>"),
        msg("did not find expected comment or line break"),
        msg("did not find expected alphabetic or numeric character"),
        msg("did not find expected whitespace"),
        msg("did not find expected whitespace or line break"),
        msg("did not find expected digit or '.' character"),
        msg("did not find expected hexdecimal number"),
        msg("did not find the expected '>'"),
        msg("did not find expected '!'"),
        msg("found character that cannot start any token"),
        msg("found a tab character that violates indentation"),
        msg("found a tab character where an indentation space is expected"),
        msg("found unexpected end of stream"),
        msg("found unexpected ':'"),
        msg("found unexpected document indicator"),
        msg("found unexpected document separator"),
        msg("found unknown escape character"),
        msg("found undefined alias"),
        msg("found undefined tag handle"),
        msg("found an indentation indicator equal to 0"),
        msg("control characters are not allowed"),
        msg("expected a single document in the stream"),
    )
}


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Located:
    """Parse one YAML document; raise YamlProblem with a position on any problem."""
    _check_depth(text, line_offset)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or "invalid YAML"
        shown = _PROBLEMS.get(problem, problem)
        lines = text.split("\n")
        at_line = mark.line if mark else 0
        located = _real_cause(lines, at_line, problem)
        if located is not None:  # the parser stops a line or two after the real cause: point at it
            message, line, col = located
            raise YamlProblem(message, line + 1 + line_offset, col + 1) from None
        hint = next((h for k, h in _HINTS.items() if problem.startswith(k)), "")
        opened = _unclosed_quote(text, at_line)
        if opened is not None:  # the parser notices only much later: point at the likely cause
            hint = msg("a quote on line {line} seems not to be closed", line=opened + 1 + line_offset)
        if hint:
            message = msg("invalid YAML: {problem} ({hint})", problem=shown, hint=hint)
        else:
            message = msg("invalid YAML: {problem}", problem=shown)
        line = at_line + 1 + line_offset
        raise YamlProblem(message, line, mark.column + 1 if mark else 1) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(msg("invalid YAML: {problem}", problem=str(exc)), 1 + line_offset) from None
    finally:
        loader.dispose()
    doc = Located(path, None, line_offset=line_offset)
    if "\t" in text:
        doc.warnings = _tab_warnings(text, line_offset)
    if node is not None:
        try:
            doc.data = _convert(node, (), doc, loader, 0, set(), text.split("\n"))
        except YamlProblem as problem:
            problem.line += line_offset
            raise
    return doc


_FULL_WIDTH_KEY = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w.-]*)\s*\uff1a")
_KEY_WITHOUT_COLON = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z_][\w-]*)(?=[ \t]+[^\s:#])")


def _real_cause(lines: list[str], at_line: int, problem: str) -> tuple[str, int, int] | None:
    """(message, line, col), all 0-based, of the mistake a parser error at at_line comes from, when it
    is a full-width colon or a key without its colon: the parser stops only a line or two below."""
    before = [n for n in range(min(at_line, len(lines) - 1), max(-1, at_line - 4), -1) if lines[n].strip()]
    for n in before:
        found = _FULL_WIDTH_KEY.match(lines[n])
        if found:
            return (
                msg(
                    "after the key '{key}' write the ASCII colon ':' and a space, not the full-width colon '\uff1a'",
                    key=found.group(2),
                ),
                n,
                found.end() - 1,
            )
    if not problem.startswith(("could not find expected ':'", "mapping values are not allowed")):
        return None
    above = next((n for n in before if n < at_line and not lines[n].lstrip().startswith("#")), None)
    if above is None or re.search(r":(\s|$)", lines[above]) or lines[above].lstrip()[:1] in "\"'":
        return None
    found = _KEY_WITHOUT_COLON.match(lines[above])
    if found is None:
        return None
    key = found.group(2)
    return (msg("a ':' is missing after the key '{key}'; write '{key}: ' followed by its value", key=key), above,
            found.end())  # fmt: skip


def _tab_warnings(text: str, line_offset: int) -> list[tuple[int, int, str, str]]:
    """Tabs where libyaml (which reads for the tool) lets them pass but YAML, and with it PyYAML's
    own reader, editors and validators, refuse them: after 'key:', '-' or ','."""
    found = []
    for _ in range(50):
        try:
            for _event in yaml.parse(text, Loader=yaml.SafeLoader):
                pass
            return found
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark
            if mark is None or "'\\t'" not in (exc.problem or "") or text[mark.index] != "\t":
                return found
            found.append(
                (
                    mark.line + 1 + line_offset,
                    mark.column + 1,
                    msg(
                        "a tab separates this value from what comes before it; other YAML readers (editors,"
                        " validators) refuse it: write a space instead"
                    ),
                    "yaml-tab",
                )
            )
            text = text[: mark.index] + " " + text[mark.index + 1 :]
    return found


def _unclosed_quote(text: str, error_line: int) -> int | None:
    """The last line before error_line with an odd number of double quotes, if the error is
    further down: YAML carries an open quote on to later lines."""
    lines = text.split("\n")[: error_line + 1]
    for number in range(len(lines) - 1, -1, -1):
        line = lines[number].replace('\\"', "")
        if line.lstrip().startswith("#"):
            continue
        if line.count('"') % 2:
            return number if number < error_line else None
    return None


def _check_depth(text: str, line_offset: int) -> None:
    """libyaml composes recursively and crashes the process on very deep nesting: before
    composing a text that could be that deep, count the depth from the parser's events."""
    if text.count("[") + text.count("{") < MAX_DEPTH and text.count("\n") < 2000:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise YamlProblem(_TOO_DEEP, mark.line + 1 + line_offset, mark.column + 1)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return  # get_single_node reports it, with its position


def _convert(node, keypath, doc: Located, loader, depth, seen: set, lines: list[str]):
    if id(node) in seen:
        # An alias (*name) hands back a node already converted. Aliases are never needed in
        # a course, and they are how 'billion laughs' documents explode.
        raise YamlProblem(
            msg("YAML aliases (*name) are not supported; write the value out in full"), *doc.values[keypath[:-1]]
        )
    seen.add(id(node))
    doc.values[keypath] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if depth > MAX_DEPTH:
        raise YamlProblem(_TOO_DEEP, *doc.values[keypath])
    if node.tag not in _PLAIN_TAGS:
        raise YamlProblem(
            msg(
                "unsupported YAML tag '{tag}'; only plain text, numbers, true/false, lists and mappings are allowed",
                tag=node.tag,
            ),
            *doc.values[keypath],
        )
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            where = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlProblem(msg("a key must be a plain word, not a list or mapping"), *where)
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise YamlProblem(msg("YAML merge keys (<<) are not supported"), *where)
            key = key_node.value
            if key in result:
                in_list = bool(keypath) and isinstance(keypath[-1], int)
                if in_list:
                    raise YamlProblem(msg("duplicate key '{key}'; is a '- ' missing where a new item starts?", key=key),
                                      *where)  # fmt: skip
                raise YamlProblem(msg("duplicate key '{key}'", key=key), *where)
            doc.keys[keypath + (key,)] = where
            result[key] = _convert(value_node, keypath + (key,), doc, loader, depth + 1, seen, lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(item, keypath + (i,), doc, loader, depth + 1, seen, lines) for i, item in enumerate(node.value)
        ]
    if not node.style and node.end_mark.line > node.start_mark.line:
        _check_continuation(node, lines)
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value  # a date stays the text the trainer wrote
    if node.style in ("|", ">"):
        doc.blocks[keypath] = node.start_mark.line + 2
        doc.texts[keypath] = (node.start_mark.line + 2, _block_indent(lines, node.start_mark.line + 1) + 1)
    elif node.style in ('"', "'"):
        doc.texts[keypath] = (node.start_mark.line + 1, node.start_mark.column + 2)
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        # Python refuses to convert an int of more than 4,300 digits (ValueError), and no
        # setting of a course needs a hundredth: refuse the number before converting it.
        digits = sum(c.isalnum() for c in re.sub(r"^[-+]?0[xob]", "", node.value))
        if digits > MAX_NUMBER_DIGITS:
            raise YamlProblem(
                msg(
                    "a number of {digits} digits is too long (at most {most}); put it in quotes if it is text",
                    digits=digits,
                    most=MAX_NUMBER_DIGITS,
                ),
                *doc.values[keypath],
            )
        doc.numbers[keypath] = node.value
    try:
        value = loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, yaml.YAMLError) as exc:  # a value the resolver let through
        raise YamlProblem(msg("cannot read this value: {problem}", problem=str(exc)), *doc.values[keypath]) from None
    if isinstance(value, str) and node.style != "|" and node.end_mark.line > node.start_mark.line:
        value = unfold_cjk(value, lines[node.start_mark.line : node.end_mark.line + 1])
    return value


# Characters of scripts written without spaces between words (CJK ideographs, kana, hangul
# syllables, full-width punctuation), as convert's join_cjk_lines has them.
_WIDE = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WIDE_END = re.compile(f"[{_WIDE}]$")
_WIDE_START = re.compile(f"^[{_WIDE}]")
_WIDE_GAP = re.compile(f"(?<=[{_WIDE}]) (?=[{_WIDE}])")


def unfold_cjk(value: str, source_lines: list[str]) -> str:
    """value without the spaces YAML put where a folded text's lines meet between two Chinese
    characters (`>` blocks, and plain or quoted texts over several lines, join lines with a
    space, which Chinese does not have: "框架，" + "讲清" must read "框架，讲清"). Spaces the trainer
    typed on one line stay."""
    joins = set()
    for before, after in zip(source_lines, source_lines[1:], strict=False):
        end, start = _WIDE_END.search(before.rstrip()), _WIDE_START.search(after.lstrip())
        if end and start:
            joins.add(end.group() + start.group())
    if not joins:
        return value

    def join(match: re.Match) -> str:
        at = match.start()
        return "" if value[at - 1] + value[at + 1] in joins else " "

    return _WIDE_GAP.sub(join, value)


def _check_continuation(node, lines: list[str]) -> None:
    """A plain text that runs on to a line starting with '- ' is almost always a list item written
    at the wrong depth, which YAML silently joins to the item above ('pwd - PWD')."""
    for n in range(node.start_mark.line + 1, min(node.end_mark.line + 1, len(lines))):
        stripped = lines[n].lstrip(" ")
        if stripped == "-" or stripped.startswith("- "):
            raise YamlProblem(
                msg(
                    "this '-' is read as part of the text on line {line} ('{text}') instead of starting a new list"
                    " item: put it in the same column as the '-' of the other items",
                    line=node.start_mark.line + 1,
                    text=node.value,
                ),
                n + 1,
                len(lines[n]) - len(stripped) + 1,
            )


def _block_indent(lines: list[str], start: int) -> int:
    """The indentation of a block text whose lines start at index start: its first line with text."""
    for line in lines[start:]:
        if line.strip():
            return len(line) - len(line.lstrip(" "))
    return 0


def decode_utf8(raw: bytes) -> str:
    """Decode UTF-8 (a BOM is dropped); raise YamlProblem at the first bad byte."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlProblem(
            msg("file is not UTF-8 (byte 0x{byte}); save it with UTF-8 encoding", byte=format(raw[exc.start], "02x")),
            line,
            col,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")
