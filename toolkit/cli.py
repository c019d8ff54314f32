"""The `pertinence` command: questions, template, validate, import, score, report, export,
xlsform, demo.

User mistakes (a missing file, a bad option, a broken answers file) give one clear line on
standard error and a non-zero exit, never a traceback. Messages are in French by default;
``--lang en`` or ``PERTINENCE_LANG=en`` gives English.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import fmt, messages, words
from . import questionnaire as qmod
from .errors import PertinenceError

if TYPE_CHECKING:
    from .store import LoadResult

# pandas-based modules (answers, scoring, store, forms, cohort, report) are imported by the
# commands that need them, so that `pertinence questions` and `--help` start at once.

SAMPLE_COHORT = Path(__file__).resolve().parent.parent / "data" / "sample_cohort"


class UsageError(PertinenceError):
    """A mistake in how the command was called (missing file, wrong suffix).

    ``UsageError.of(key, **values)`` with a ``cli.*`` key of the words catalogue.
    """


def checked_sources(paths: Sequence[str | Path]) -> list[Path]:
    """The paths of a command, each one that :func:`toolkit.sources.load` can read.

    Unlike the loader, which records them as problems, a missing path or a path of a kind
    no loader reads (``README.md``) is a mistake in the command: it stops with one line.
    """
    from . import sources

    checked = [Path(p) for p in paths]
    for path in checked:
        if not path.exists():
            raise UsageError.of("cli.no_path", path=path)
        if sources.loader_for(path) is None:
            raise UsageError.of("cli.not_table", path=path)
    return checked


def load_checked(path: str | Path, questionnaire: qmod.Questionnaire) -> LoadResult:
    """One source of a command (checked by :func:`checked_sources`) → its ``LoadResult``.

    A file that cannot be read at all stops the command with its one line (``strict``).
    """
    from . import sources

    return sources.load(checked_sources([path]), questionnaire, strict=True)


# --------------------------------------------------------------------------------------------
# Commands


def cmd_questions(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    lang = args.lang
    described = q.describe(lang)
    if args.json:
        print(
            json.dumps(
                {"id": q.id, "version": q.version, "questions": described},
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    for entry in described:
        where = entry["dimension"] or entry["section"]
        flags = " ".join(f"[{f['level']}:{f['id']}]" for f in entry["flags"])
        print(
            f"{entry['id']:<18} {where:<11} {entry['scale']:<13} {entry['text']} {flags}".rstrip()
        )
        for code in entry.get("codes", []):
            score = "" if code["score"] is None else f" = {fmt.number(code['score'], 1, lang)}"
            print(f"{'':<20}{code['code']:<22} {code['label']}{score}")
        if entry["type"] == "number":
            bounds = f"{fmt.number(entry['min'], 1, lang)}–{fmt.number(entry['max'], 1, lang)}"
            print(f"{'':<20}{bounds}; {entry['score'] or ''}")
    return 0


def cmd_template(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import forms

    path = forms.write_template(args.out, q)
    columns = len(forms.wide_columns(q))
    print(words.render("cli.template", args.lang, path=path, columns=columns))
    return 0


def _report_problems(result: LoadResult, lang: str, path: Path) -> None:
    print(
        words.render(
            "cli.loaded",
            lang,
            path=path,
            submissions=len(result.submissions),
            drafts=result.drafts,
            problems=len(result.problems),
        ),
        file=sys.stderr,
    )
    for problem in result.problems:
        print(problem.text(lang))


def cmd_validate(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import cohort

    result = load_checked(args.path, q)
    _report_problems(result, args.lang, Path(args.path))
    _print_organisations(result.frame, args.lang, sys.stderr)  # stdout: one line per problem
    found = cohort.repeats(result.frame, q)
    duplicates = 0
    for row in found.itertuples(index=False):
        files = ", ".join(_file_of(src, sid) for src, sid in _pairs(row))
        params = {
            "organisation": row.organisation,
            "key": row.org_key,
            "cohort": row.cohort or "—",
            "count": len(row.submission_ids),
            "files": files,
        }
        if row.kind == "same_content":
            duplicates += 1
            print(words.render("cli.same_content", args.lang, **params))
        else:
            counted = next(
                (_file_of(src, sid) for src, sid in _pairs(row) if sid == row.counted), ""
            )
            print(words.render("cli.same_organisation", args.lang, counted=counted, **params))
    problems = len(result.problems) + duplicates
    if problems:
        print(words.render("cli.invalid", args.lang, count=problems), file=sys.stderr)
        return 1
    print(words.render("cli.valid", args.lang), file=sys.stderr)
    return 0


def _pairs(row: Any) -> list[tuple[str, str]]:
    sources = row.sources or ("",) * len(row.submission_ids)
    return list(zip(sources, row.submission_ids, strict=True))


def _file_of(source: str, submission_id: str) -> str:
    """Where a submission is: its file in a cohort folder, else the file and its id."""
    path = Path(source)
    if source and path.is_dir():
        return str(path / f"{submission_id}.json")
    return f"{source} ({submission_id})" if source else submission_id


MAX_ORGANISATIONS_SHOWN = 60
"""``validate`` and ``import`` list the organisations (name and key) up to this many."""


def _print_organisations(frame: Any, lang: str, file: Any = None) -> None:
    """Each organisation's name beside its key, and how many submissions it has: the
    facilitator sees which names count as one organisation."""
    if not len(frame) or "org_key" not in frame.columns:
        return
    table = frame.assign(_name=frame["organisation"].astype(object).fillna("").astype(str))
    groups = table.groupby(table["org_key"].astype(str), sort=True)
    print(fmt.colon(words.render("cli.organisations", lang, count=groups.ngroups), lang), file=file)
    for number, (key, part) in enumerate(groups):
        if number == MAX_ORGANISATIONS_SHOWN:
            rest = groups.ngroups - MAX_ORGANISATIONS_SHOWN
            print("  " + words.render("cli.more_organisations", lang, count=rest), file=file)
            break
        names = " / ".join(fmt.quote(n, lang) for n in _distinct(part["_name"]))
        print(
            "  "
            + words.render(
                "cli.organisation_line", lang, names=names, key=key or "—", count=len(part)
            ),
            file=file,
        )


def _distinct(values: Any) -> list[str]:
    return list(dict.fromkeys(values))


def _read_mapping(path: Path | None) -> dict[str, str] | None:
    """A saved column mapping (``--map``): ``{header: target}`` in YAML."""
    if path is None:
        return None
    import yaml

    if not path.is_file():
        raise UsageError.of("cli.no_path", path=path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError.of("cli.bad_map", path=path, reason=str(exc).splitlines()[0]) from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise UsageError.of("cli.bad_map", path=path, reason="{header: target}")
    return {str(k): v for k, v in data.items()}


def _print_mapping(mapping, lang: str) -> None:
    """The columns of the file and what each holds: what the facilitator checks."""
    print(fmt.colon(words.render("cli.mapping", lang), lang))
    width = min(50, max((len(c.header) for c in mapping.columns), default=0))
    for header, target, how in mapping.rows(lang):
        header = header if len(header) <= width else header[: width - 1] + "…"
        print(f"  {header:<{width}}  → {target:<24} {how}")


def cmd_import(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import forms

    path = Path(args.file)
    if not path.is_file():
        raise UsageError.of("cli.no_path", path=path)
    mapping = _read_mapping(args.map)
    try:
        result = forms.import_to_cohort(
            path, Path(args.cohort), q, mapping=mapping, dry_run=args.dry_run
        )
    except ValueError as exc:  # a saved mapping naming an unknown question
        raise UsageError.of("cli.bad_map", path=args.map, reason=str(exc)) from None
    lang = args.lang
    _print_mapping(result.columns, lang)
    for note in result.notes:
        print(words.render("cli.note", lang, text=note.text(lang)))
    for problem in result.problems:
        print(problem.text(lang))
    _print_organisations(result.frame, lang)
    if args.save_map:
        import yaml

        text = yaml.safe_dump(result.columns.saved(), allow_unicode=True, sort_keys=False)
        Path(args.save_map).write_text(text, encoding="utf-8")
        print(words.render("cli.wrote", lang, path=args.save_map), file=sys.stderr)
    key = "cli.would_import" if args.dry_run else "cli.imported"
    print(words.render(key, lang, cohort=args.cohort, **result.tally()), file=sys.stderr)
    return 1 if result.refused or result.problems else 0


def cmd_xlsform(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import xlsform

    langs = tuple(lang.strip() for lang in args.langs.split(",") if lang.strip())
    unknown = [lang for lang in langs if lang not in words.LANGUAGES]
    if unknown or not langs:
        raise UsageError.of("cli.bad_langs", given=args.langs)
    out = xlsform.write(Path(args.out), q, langs)
    print(words.render("cli.wrote", args.lang, path=out), file=sys.stderr)
    return 0


def _scores_for_output(table, q: qmod.Questionnaire):
    from . import answers as answers_mod
    from . import scoring

    out = table.copy()
    for column in ("flags", "needs_evidence"):
        out[column] = out[column].map(";".join)
    columns = [c for c in answers_mod.META_COLUMNS if c in out.columns and c != "org_key"]
    columns += list(q.dimension_ids) + [c for c in scoring.SCORE_COLUMNS_TAIL if c in out.columns]
    # scores to one decimal; hours_ratio keeps its precision (a 0.483 is not a 0.5)
    score_columns = [*q.dimension_ids, "fit", "capacity_index", "resilience", "global"]
    return out[columns].round(dict.fromkeys(score_columns, 1))


def cmd_score(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import forms, scoring

    path = Path(args.path)
    result = load_checked(path, q)
    for problem in result.problems:
        print(problem.text(args.lang), file=sys.stderr)
    if not len(result.frame):
        print(words.render("cli.no_submissions", args.lang, path=path), file=sys.stderr)
        return 1
    table = _scores_for_output(scoring.score(result.frame, q), q)
    if args.out:
        out = Path(args.out)
        safe = table.map(lambda v: forms.neutralise(v) if isinstance(v, str) else v)
        if out.suffix.lower() == ".xlsx":
            safe.to_excel(out, index=False)  # cells stay numbers
        elif args.plain:
            safe.to_csv(out, index=False, encoding="utf-8")  # for scripts: "," and "."
        else:
            # what Excel opens in columns: in French ";" and decimal commas, in English ","
            sep, decimal = (";", ",") if args.lang == "fr" else (",", ".")
            safe.to_csv(out, index=False, encoding="utf-8-sig", sep=sep, decimal=decimal)
        print(words.render("cli.wrote", args.lang, path=out), file=sys.stderr)
    else:
        shown = ["organisation", "global", "label", "recommendation", "flags"]
        print(table[shown].to_string(index=False))
    return 1 if result.problems else 0


def cmd_report(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import report

    paths = checked_sources(args.path)
    out = report.write_cohort_report(
        paths, Path(args.out), lang=args.lang, min_group=args.min_group
    )
    print(words.render("cli.wrote", args.lang, path=out), file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import cohort

    paths = checked_sources(args.path)
    out = cohort.export(paths, Path(args.out), names=args.names)
    print(words.render("cli.wrote", args.lang, path=out), file=sys.stderr)
    return 0


def cmd_serve(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    """The room server: one laptop serves the questionnaire to every group (toolkit.room)."""
    from .room import serve

    return serve.main(
        args.cohort,
        host=args.host,
        port=args.port,
        lang=args.lang,
        demo=args.demo,
        code=args.code,
        facilitator_key=args.facilitator_key,
        questionnaire=q,
    )


def cmd_demo(args: argparse.Namespace, q: qmod.Questionnaire) -> int:
    from . import scoring

    path = Path(args.cohort) if args.cohort else SAMPLE_COHORT
    result = load_checked(path, q)
    if not len(result.frame):
        print(words.render("cli.no_submissions", args.lang, path=path), file=sys.stderr)
        return 1
    lang = args.lang
    table = scoring.score(result.frame, q).sort_values(["org_key", "submitted"])
    orgs = table["org_key"].nunique()
    print(words.render("cli.demo_title", lang, n=len(table), orgs=orgs))
    print()
    width = min(48, max(len(str(n)) for n in table["organisation"]))
    for row in table.to_dict("records"):
        rule = q.rule(str(row["recommendation"]))
        label = next(b.label(lang) for b in q.labels if b.id == str(row["label"]))
        print(
            f"{str(row['organisation'])[:width]:<{width}}  {str(row['submitted'])[:10]}  "
            f"{fmt.fixed(row['global'], 1, lang):>5}  {label:<14} {rule.label(lang)}"
        )
    print()
    print(fmt.colon(words.render("common.recommendations", lang), lang))
    counts = table["recommendation"].value_counts()
    for rule in q.rules:
        print(f"  {rule.label(lang):<45} {fmt.count(counts.get(rule.id, 0), lang):>3}")
    for problem in result.problems:
        print(problem.text(lang), file=sys.stderr)
    return 0


# --------------------------------------------------------------------------------------------
# Parser


class _Parser(argparse.ArgumentParser):
    """argparse that reports errors in one line and exits 2, without the usage block."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    lang_default = words.resolve()
    parser = _Parser(
        prog="pertinence",
        description=words.render("cli.description", lang_default),
    )
    parser.add_argument("--questionnaire", type=Path, help="questionnaire.yaml (default: bundled)")
    parser.add_argument("--effort", type=Path, help="table A CSV (hours per platform)")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text)
        p.add_argument(
            "--lang", choices=words.LANGUAGES, default=lang_default, help="fr (default) or en"
        )
        return p

    p = command("questions", "list questions, codes and scores / liste des questions")
    p.add_argument("--json", action="store_true", help="machine-readable JSON")
    p.set_defaults(run=cmd_questions)

    p = command("template", "blank wide CSV to fill / gabarit CSV vierge")
    p.add_argument("--out", required=True, type=Path)
    p.set_defaults(run=cmd_template)

    p = command("validate", "check a cohort folder or a CSV/XLSX / valider")
    p.add_argument("path")
    p.set_defaults(run=cmd_validate)

    p = command("import", "import a form tool's export or a wide CSV/XLSX / importer")
    p.add_argument("file")
    p.add_argument("--cohort", required=True, help="cohort folder")
    p.add_argument("--dry-run", action="store_true", help="show the mapping, write nothing")
    p.add_argument("--map", type=Path, help="a saved mapping (YAML: header: question id)")
    p.add_argument("--save-map", type=Path, help="write the mapping used (YAML)")
    p.set_defaults(run=cmd_import)

    p = command("xlsform", "the questionnaire as an XLSForm (Kobo, ODK) / formulaire XLSForm")
    p.add_argument("--out", required=True, type=Path, help="questionnaire.xlsx")
    p.add_argument("--langs", default="fr,en", help="languages of the form, e.g. fr,en")
    p.set_defaults(run=cmd_xlsform)

    p = command("score", "score a cohort folder or a CSV/XLSX / calculer les scores")
    p.add_argument("path")
    p.add_argument("--out", help="scores.csv or scores.xlsx")
    p.add_argument(
        "--plain",
        action="store_true",
        help="CSV with ',' and '.' for scripts (default: what Excel opens: ';' and ',' in French)",
    )
    p.set_defaults(run=cmd_score)

    p = command("report", "self-contained HTML cohort report / rapport HTML")
    p.add_argument("path", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument(
        "--min-group",
        type=int,
        default=5,
        help="smallest group whose statistics are shown (at least 3)",
    )
    p.set_defaults(run=cmd_report)

    p = command("export", "scores and answers to XLSX/CSV / exporter")
    p.add_argument("path", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--names", action="store_true", help="include organisation names")
    p.set_defaults(run=cmd_export)

    p = command("serve", "serve a workshop room on the local network / servir l'atelier")
    p.add_argument("--cohort", required=True, help="cohort folder (answers are written there)")
    p.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    p.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    p.add_argument("--demo", action="store_true", help="allow the bundled sample cohort")
    p.add_argument("--code", help="workshop code (default: kept in the cohort folder)")
    p.add_argument("--facilitator-key", help="facilitator key (default: kept in the folder)")
    p.set_defaults(run=cmd_serve)

    p = command("demo", "score the bundled sample cohort / démonstration")
    p.add_argument("--cohort", help=argparse.SUPPRESS)
    p.set_defaults(run=cmd_demo)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `pertinence` command; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = words.resolve(getattr(args, "lang", None))
    # the toolkit's own words (errors, labels) in the command's language, for this call only
    with words.use_language(lang):
        return _run(args, lang)


def _run(args: argparse.Namespace, lang: str) -> int:
    try:
        q = (
            qmod.load(args.questionnaire, args.effort)
            if (args.questionnaire or args.effort)
            else qmod.default()
        )
        return int(args.run(args, q))
    except PertinenceError as exc:
        print(words.render("cli.error", lang, reason=exc.text(lang)), file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head`: not an error
        sys.stderr.close()
        return 0
    except OSError as exc:
        reason = messages.os_reason(exc).text(lang)
        if exc.filename:
            line = words.render("cli.os_error", lang, reason=reason, path=str(exc.filename))
        else:
            line = words.render("cli.error", lang, reason=reason)
        print(line, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(words.render("cli.interrupted", lang), file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
