"""The `course` command: parses options and calls one library function per command."""

from __future__ import annotations

import contextlib
import inspect
import sys
from pathlib import Path

import click

from course import __version__
from course.i18n.command_line import LANGUAGE, install, short_help, text
from course.i18n.trainer import ENGLISH, msg, msg_n, trainer_language, translate

install()

DIR = click.argument("directory", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))


LANG_KEY = "course.lang"  # the trainer's language, in the click context's meta


class _TrainerLanguageHelp:
    """Help in the trainer's language: the command's text, its options' and its subcommands'
    (click's own words, "Usage:", "Options", go through the catalog by command_line.install())."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text(inspect.cleandoc(self.help).partition("\f")[0]))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is not None and not isinstance(param, click.Argument):
                names, helped = record
                if param.help and helped.startswith(param.help):  # the help, then what click adds to it
                    helped = text(param.help) + helped[len(param.help) :]
                rows.append((names, helped))
        if rows:
            with formatter.section(text("Options")):
                formatter.write_dl(rows)
        if isinstance(self, click.Group):
            self.format_commands(ctx, formatter)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        token = LANGUAGE.set(ENGLISH)  # click makes it once and keeps it: its help stays English, shown translated
        try:
            return super().get_help_option(ctx)
        finally:
            LANGUAGE.reset(token)

    def get_short_help_str(self, limit: int = 45) -> str:
        english = super().get_short_help_str(limit)
        full = inspect.cleandoc(self.help or "").partition("\f")[0]
        translated = text(full)
        return english if translated == full else short_help(translated, limit)


class _Command(_TrainerLanguageHelp, click.Command):
    pass


class _Group(_TrainerLanguageHelp, click.Group):
    command_class = _Command
    group_class = type  # a group's subgroups are of its own class


class _CourseGroup(_Group):
    """The command group; a course's errors raised below are shown in the trainer's language, and
    click's own messages too, from the start (an unknown option is reported before --lang is read)."""

    group_class = _Group

    def main(self, args=None, **extra):
        args = list(sys.argv[1:] if args is None else args)
        token = LANGUAGE.set(trainer_language(_lang_option(_trainer_lang_first(args, self), self)))
        try:
            return super().main(args, **extra)
        finally:
            LANGUAGE.reset(token)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _trainer_lang_first(args, self))

    def invoke(self, ctx: click.Context):
        from course.errors import CourseError

        try:
            return super().invoke(ctx)
        except CourseError as exc:
            exc.lang = ctx.meta.get(LANG_KEY, "en")
            raise
        except click.ClickException as exc:
            exc.message = translate(exc.message, ctx.meta.get(LANG_KEY, "en"))
            raise


def _lang_option(args: list[str], group: click.Group) -> str | None:
    """The value of the group's --lang in args (before the command), None when there is none."""
    for i, arg in enumerate(args):
        if arg == "--" or arg in group.commands:
            break
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.removeprefix("--lang=")
    return None


def _trainer_lang_first(args: list[str], group: click.Group) -> list[str]:
    """args with a --lang written after the command (`course check --lang zh-CN`, as a trainer would
    type it) moved before it, where the group reads it; a command with a --lang of its own (report)
    keeps it."""
    at = next((i for i, arg in enumerate(args) if arg in group.commands), None)
    if at is None:
        return args
    command = group.commands[args[at]]
    while isinstance(command, click.Group) and at + 1 < len(args) and args[at + 1] in command.commands:
        at, command = at + 1, command.commands[args[at + 1]]
    if any("--lang" in param.opts for param in command.params):
        return args
    rest, moved = list(args[at + 1 :]), []
    end = rest.index("--") if "--" in rest else len(rest)
    i = 0
    while i < end:
        if rest[i] == "--lang" and i + 1 < end:
            moved += rest[i : i + 2]
            del rest[i : i + 2]
            end -= 2
        elif rest[i].startswith("--lang="):
            moved.append(rest.pop(i))
            end -= 1
        else:
            i += 1
    return [*moved, *args[: at + 1], *rest]


def _say(text, err: bool = False) -> None:
    """Echo a message (a msg() or plain text) in the trainer's language."""
    click.echo(translate(text, _lang()), err=err)


def _show_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    """`course --version`, in the trainer's language (click's version_option fixes its text on import)."""
    if value and not ctx.resilient_parsing:
        click.echo(text("%(prog)s, version %(version)s") % {"prog": "course", "version": __version__})
        ctx.exit()


def _lang() -> str:
    return click.get_current_context().meta.get(LANG_KEY, "en")


@click.group(cls=_CourseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_show_version,
              help="Show the version and exit.")  # fmt: skip
@click.option("--lang", "trainer_lang", default=None, metavar="LANG",
              help="Language of messages: en or zh-CN [from LC_ALL, LC_MESSAGES or LANG].")  # fmt: skip
@click.pass_context
def main(ctx: click.Context, trainer_lang: str | None) -> None:
    """Compile a training course (Markdown lessons, YAML quizzes) into a static site."""
    ctx.meta[LANG_KEY] = trainer_language(trainer_lang)
    LANGUAGE.set(ctx.meta[LANG_KEY])


@main.command("check")
@DIR
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def check_command(directory: Path, strict: bool, fmt: str) -> None:
    """Report every problem in the course; exit 1 if there are errors."""
    from course.build import check
    from course.errors import format_json, format_text

    checked = check(directory, strict)
    lang = _lang()
    click.echo(format_json(checked.diagnostics, lang) if fmt == "json" else format_text(checked.diagnostics, lang))
    if not checked.ok:
        raise SystemExit(1)


@main.command("build")
@DIR
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [DIRECTORY/build].")
@click.option("--strict", is_flag=True, help="Treat warnings as errors.")
def build_command(directory: Path, out: Path | None, strict: bool) -> None:
    """Build the course site into build/."""
    from course.build import build
    from course.errors import format_text

    with _progress() as progress:
        result = build(directory, out or directory / "build", strict, progress)
    if result.warnings:
        click.echo(format_text(result.warnings, _lang()), err=True)
    s = result.stats
    pages = msg_n("{n} page", "{n} pages", s["pages"])
    if result.unchanged:
        _say(msg("Nothing changed since the last build: {out} is up to date ({pages})", out=result.out, pages=pages))
        return
    _say(msg("Built {pages}, {quizzes}, {questions}, {languages}, {warnings} in {seconds}s", pages=pages,
             quizzes=msg_n("{n} quiz", "{n} quizzes", s["quizzes"]),
             questions=msg_n("{n} question", "{n} questions", s["questions"]),
             languages=msg_n("{n} language", "{n} languages", s["languages"]),
             warnings=msg_n("{n} warning", "{n} warnings", len(result.warnings)), seconds=round(result.seconds, 1)))  # fmt: skip
    if result.kept:
        _say(msg("Kept what no build wrote in {out}: {kept}", out=result.out, kept=_summary(result.kept)))
    _say(msg("Open {page} in a browser.", page=result.out / "index.html"))


@main.command("export")
@click.argument("fmt", metavar="FORMAT", required=False)
@click.argument("directory", default=".", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Where to write it [DIRECTORY/dist/...].")
@click.option("--strict", is_flag=True, help="Treat warnings as errors, and what the format cannot carry too.")
@click.option(
    "--qti-version", type=click.Choice(["2.1", "1.2"]), help="qti: the version [2.1]; 1.2 for Canvas classic quizzes."
)
@click.option(
    "--sco",
    type=click.Choice(["course", "module"]),
    help="scorm12, scorm2004: one SCO for the course or one per module [course].",
)
@click.option(
    "--au", type=click.Choice(["module", "course"]), help="cmi5: one AU per module or one for the course [module]."
)
@click.option("--list", "list_formats", is_flag=True, help="Name the formats and stop.")
def export_command(fmt: str | None, directory: Path, out: Path | None, strict: bool, qti_version: str | None,
                   sco: str | None, au: str | None, list_formats: bool) -> None:  # fmt: skip
    """Export the course as FORMAT (see --list) into dist/. What a format cannot carry is reported
    as a warning at its line."""
    from course.render.exporters import EXPORTERS, describe

    if list_formats or fmt is None:
        width = max(map(len, EXPORTERS)) + 1
        for name in EXPORTERS:
            click.echo(f"{name:{width}} {text(describe(name))}")
        if fmt is None and not list_formats:
            raise click.UsageError(msg("name a format, e.g. course export json"))
        return
    if fmt not in EXPORTERS:
        from course.errors import did_you_mean

        raise click.UsageError(msg("no format '{fmt}'{hint}; the formats are {formats}", fmt=fmt,
                                   hint=did_you_mean(fmt, EXPORTERS), formats=", ".join(EXPORTERS)))  # fmt: skip
    from course.build import export
    from course.errors import format_text

    result = export(directory, fmt, out, strict, {"qti_version": qti_version, "sco": sco, "au": au})
    if result.warnings:
        click.echo(format_text(result.warnings, _lang()), err=True)
    note = f" ({result.note})" if result.note else ""
    _say(msg("Exported {format} to {out}{note} in {seconds}s", format=fmt, out=result.out, note=note,
             seconds=round(result.seconds, 1)))  # fmt: skip


@main.command("import")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(["gift", "moodle", "aiken"]))
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path),
              help="A quiz file (.yaml), or a folder for one quiz per category [quizzes/FILE.yaml].")  # fmt: skip
def import_command(fmt: str, file: Path, out: Path | None) -> None:
    """Turn a question bank (GIFT, Moodle XML or Aiken) into quiz YAML. What a quiz cannot hold is
    reported as a warning at its line; the rest still imports. An existing quiz file is never replaced."""
    from course.errors import format_text
    from course.importers import import_bank

    result = import_bank(fmt, file, out)
    if result.warnings:
        click.echo(format_text(result.warnings, _lang()), err=True)
    files = ", ".join(str(path) for path in result.files)
    images = (
        msg(
            " and {files} into {folder}",
            files=msg_n("{n} file", "{n} files", len(result.course_files)),
            folder=result.course_files[0].parent.parent,
        )  # fmt: skip
        if result.course_files
        else ""
    )
    _say(msg("Imported {questions} into {files}{images}; run `course check` next.",
             questions=msg_n("{n} question", "{n} questions", result.questions), files=files, images=images))  # fmt: skip


def _summary(paths: tuple[str, ...]) -> str:
    """'.git/ (19 files), CNAME': kept files by the top folder they sit in."""
    groups: dict[str, int] = {}
    for path in paths:
        if path.endswith("/"):
            groups.setdefault(path.partition("/")[0] + "/", 0)
            continue
        top, _, rest = path.partition("/")
        groups[top + "/" if rest else top] = groups.get(top + "/" if rest else top, 0) + 1
    files = {name: translate(msg_n("{n} file", "{n} files", n), _lang()) for name, n in groups.items()}
    return ", ".join(name + (f" ({files[name]})" if name.endswith("/") else "") for name in groups)


@contextlib.contextmanager
def _progress():
    """A bar on a terminal; a plain line per quarter when output goes to a file or CI log."""
    state = {"bar": None, "shown": 0}
    interactive = sys.stderr.isatty()

    def update(done: int, total: int) -> None:
        if interactive:
            if state["bar"] is None:
                label = translate(msg("Rendering pages"), _lang())
                state["bar"] = click.progressbar(length=total, label=label, file=sys.stderr)
                state["bar"].__enter__()
            state["bar"].update(done - state["shown"])
            state["shown"] = done
        elif total >= 200 and (done == total or done * 4 // total > state["shown"] * 4 // total):
            _say(msg("rendered {done}/{total} pages", done=done, total=total), err=True)
            state["shown"] = done

    try:
        yield update
    finally:
        if state["bar"] is not None:
            state["bar"].__exit__(None, None, None)


@main.command("report")
@click.argument("source")
@DIR
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), help="Output folder [DIRECTORY/report].")
@click.option("--user", envvar="COURSE_LRS_USER", default="", help="The LRS's user (or COURSE_LRS_USER).")
@click.option("--password", envvar="COURSE_LRS_PASSWORD", default="", help="Its password (or COURSE_LRS_PASSWORD).")
@click.option(
    "--lang", default="", help="Language of the report page [the trainer's if the course has it, else its first]."
)
def report_command(source: str, directory: Path, out: Path | None, user: str, password: str, lang: str) -> None:
    """A class report from xAPI statements: SOURCE is a statements file (JSON Lines or a JSON
    array) or an LRS's xAPI endpoint (http://host/xAPI/)."""
    from course.report.run import report

    reported = report(directory, source, out or directory / "report", user, password, lang, _lang())
    for line in reported.summary:
        _say(line)
    _say(msg("Wrote {report} and {n} CSV tables beside it.", report=reported.written[0], n=len(reported.written) - 1))


@main.command("new")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--title", default="My course", help="Course title.")
@click.option("--language", default="en", help="Main language, e.g. en or zh-CN.")
def new_command(directory: Path, title: str, language: str) -> None:
    """Start a new course in DIRECTORY."""
    from course.scaffold.create import new_course

    created = new_course(directory, title, language)
    for path in created:
        _say(msg("  created {path}", path=path))
    _say(
        msg(
            "Next: course build {folder}   (then open {page})",
            folder=directory,
            page=directory / "build" / "index.html",
        )
    )


@main.command("schema")
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("schemas"),
              show_default=True, help="Folder to write the schemas into.")  # fmt: skip
def schema_command(out: Path) -> None:
    """Write JSON Schemas for course.yaml, front matter and quizzes (for editor autocompletion),
    and for the file `course export json` writes."""
    from course.load.jsonschema import write_schemas
    from course.render.book_json import write_book_schema

    for path in [*write_schemas(out), write_book_schema(out)]:
        _say(msg("  wrote {path}", path=path))


@main.command("serve")
@DIR
@click.option("-p", "--port", default=8000, show_default=True, help="Port to serve on (0: any free port).")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to listen on; 0.0.0.0 shares on your network."
)
def serve_command(directory: Path, port: int, host: str) -> None:
    """Preview the course: rebuild on every change and reload the browser."""
    from course.serve.preview import serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        _say(msg("Warning: listening on {host}: anyone on your network can open this preview.", host=host), err=True)
    try:
        serve(directory, host, port, log=click.echo, lang=_lang())
    except OSError as exc:
        raise click.UsageError(
            msg("cannot listen on {host}:{port} ({why}); try another --port", host=host, port=port, why=exc.strerror)
        ) from None


@main.command("verify")
@click.argument("code")
@click.option("--name", required=True, help="The learner's name, as printed on the certificate.")
@click.option("--organisation", default="", help="The organisation, as printed on the certificate (if any).")
@DIR
def verify_command(code: str, name: str, organisation: str, directory: Path) -> None:
    """Check a certificate's completion CODE against this course (run in the course folder);
    exit 0 when it matches the name, organisation and course, 1 when not."""
    from course.certificate import describe, verify_course

    verdict = verify_course(directory, code, name, organisation)
    click.echo("\n".join(translate(line, _lang()) for line in describe(verdict, code, name, organisation)))
    if not verdict.valid:
        raise SystemExit(1)


@main.group("add")
def add_group() -> None:
    """Add a numbered module, lesson or quiz to a course."""


COURSE_DIR = click.option(
    "--dir", "directory", default=".", type=click.Path(file_okay=False, path_type=Path), help="The course folder."
)


def _created(paths) -> None:
    for path in paths:
        _say(msg("  created {path}", path=path))


@add_group.command("module")
@click.argument("title")
@COURSE_DIR
def add_module_command(title: str, directory: Path) -> None:
    """Add modules/NN-title/ with an overview and a first lesson."""
    from course.scaffold.create import add_module, name_note

    created = add_module(directory, title)
    _created(created)
    note = name_note(directory, title, created[0].parent)
    if note:
        click.echo(note)


@add_group.command("lesson")
@click.argument("module")
@click.argument("title")
@COURSE_DIR
def add_lesson_command(module: str, title: str, directory: Path) -> None:
    """Add the next numbered lesson to MODULE."""
    from course.scaffold.create import add_lesson, name_note

    created = add_lesson(directory, module, title)
    _created(created)
    note = name_note(directory, title, created[0])
    if note:
        click.echo(note)


@add_group.command("quiz")
@click.argument("module")
@COURSE_DIR
def add_quiz_command(module: str, directory: Path) -> None:
    """Add quizzes/MODULE.yaml with an example question (MODULE-2.yaml, -3 ... for a further quiz)."""
    from course.scaffold.create import add_quiz

    _created(add_quiz(directory, module))
