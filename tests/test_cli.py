"""The ``hadath`` command line: formats, stdin, JSONL batches, errors and exit codes.

Most tests swap the pipeline for a tiny stand-in (``stub_pipeline``) so they test the
CLI's own work (reading input, batching, error lines, exit codes) quickly and apart
from the linguistics; the tests marked ``full pipeline`` run the real one end to end.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from hadath import cli
from hadath.commands import analyze as analyze_command
from hadath.doc import Actor, Doc, Mention
from hadath.errors import EmptyInputError
from hadath.pipeline import Pipeline

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "src" / "hadath" / "examples" / "article.txt"
DOCS_CLI = REPO / "docs" / "cli.md"

ARTICLE = (
    "الأردن يدين اقتحام المسجد الأقصى\n"
    "عمان - بترا - دانت وزارة الخارجية الأردنية اليوم الاثنين اقتحام مستوطنين باحات المسجد الأقصى.\n"
)
JORDAN = Actor("JOR", "Jordan", "الأردن", country="JOR", code="JOR", kind="country")


def _stub_read(doc: Doc) -> Doc:
    text = doc.raw.decode("utf-8") if isinstance(doc.raw, bytes) else doc.raw
    if not text.strip():
        raise EmptyInputError("the input is empty", source=doc.name)
    doc.text = text
    doc.title, _, doc.body = text.strip().partition("\n")
    return doc


def _stub_entities(doc: Doc) -> Doc:
    for match in re.finditer("الأردن", doc.body):
        doc.mentions.append(Mention("الأردن", match.start(), match.end(), "GPE", JORDAN))
    return doc


@pytest.fixture
def stub_pipeline(monkeypatch: pytest.MonkeyPatch) -> None:
    pipeline = Pipeline([("read", _stub_read), ("entities", _stub_entities)])
    monkeypatch.setattr(analyze_command, "build_pipeline", lambda args: pipeline)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _stdin_bytes(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    class _Stdin:
        buffer = __import__("io").BytesIO(data)

    monkeypatch.setattr(sys, "stdin", _Stdin())


# -- one article ---------------------------------------------------------------------


def test_cli_analyze_file_prints_one_pretty_json_document(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "article.txt", "عنوان\nزار وفد من الأردن العاصمة العراقية بغداد.\n")
    code = cli.main(["analyze", str(path), "--published", "2025-03-09", "--url", "https://example.org/a"])
    out = capsys.readouterr().out
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "hadath/1"
    assert doc["title"] == "عنوان"
    assert doc["published"].startswith("2025-03-09")
    assert doc["url"] == "https://example.org/a"
    assert [e["text"] for e in doc["entities"]] == ["الأردن"]
    assert out.count("\n") > 3  # pretty-printed, not one line


def test_cli_analyze_jsonl_format_prints_one_compact_line(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "article.txt", ARTICLE)
    assert cli.main(["analyze", str(path), "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1
    assert json.loads(lines[0])["entities"][0]["actor"]["code"] == "JOR"


def test_cli_analyze_reads_stdin_bytes(stub_pipeline, monkeypatch, capsys):
    _stdin_bytes(monkeypatch, ARTICLE.encode("utf-8"))
    assert cli.main(["analyze", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "الأردن يدين اقتحام المسجد الأقصى"


def test_cli_analyze_table_shows_entities(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "article.txt", ARTICLE)
    assert cli.main(["analyze", str(path), "--format", "table"]) == 0
    out = capsys.readouterr().out
    assert "الأردن يدين اقتحام المسجد الأقصى" in out
    assert re.search(r"الأردن\s+GPE\s+Jordan\s+JOR", out)
    assert "Events (0)" in out


def test_cli_analyze_empty_file_fails_naming_it(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "empty.txt", "  \n\n")
    assert cli.main(["analyze", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert str(path) in captured.err
    assert len(captured.err.strip().splitlines()) == 1
    assert "Traceback" not in captured.err


def test_cli_analyze_missing_file_fails_naming_it(stub_pipeline, tmp_path, capsys):
    missing = tmp_path / "no-such-article.txt"
    assert cli.main(["analyze", str(missing)]) == 1
    assert "no-such-article.txt" in capsys.readouterr().err


def test_cli_analyze_bad_published_is_a_usage_error(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "article.txt", ARTICLE)
    assert cli.main(["analyze", str(path), "--published", "last tuesday"]) == 2
    assert "ISO" in capsys.readouterr().err


def test_cli_analyze_bad_format_is_a_usage_error(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "article.txt", ARTICLE)
    assert cli.main(["analyze", str(path), "--format", "xml"]) == 2


# -- JSONL batches -------------------------------------------------------------------


def _batch_lines() -> list[str]:
    return [
        json.dumps({"id": "a1", "text": ARTICLE, "published": "2025-03-10"}, ensure_ascii=False),
        '{"id": "a2", "text": "عنوان ناقص',  # cut off: malformed JSON
        json.dumps({"id": "a3", "text": "خبر\nالتقى وزير خارجية الأردن نظيره المصري."}, ensure_ascii=False),
    ]


def test_cli_analyze_batch_reports_a_bad_line_and_goes_on(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "items.jsonl", "\n".join(_batch_lines()) + "\n")
    code = cli.main(["analyze", str(path)])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 1
    assert [o["id"] for o in out] == ["a1", None, "a3"]
    assert out[0]["schema"] == "hadath/1" and out[0]["published"].startswith("2025-03-10")
    assert out[1]["line"] == 2
    assert out[1]["source"] == f"{path}:2"
    assert "malformed JSON" in out[1]["error"]
    assert "error" not in out[2] and out[2]["entities"][0]["text"] == "الأردن"


def test_cli_analyze_batch_all_good_exits_zero(stub_pipeline, tmp_path, capsys):
    lines = [_batch_lines()[0], "", _batch_lines()[2]]  # a blank line is not an item
    path = _write(tmp_path, "items.jsonl", "\n".join(lines) + "\n")
    assert cli.main(["analyze", str(path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 2


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ('["نص", "في قائمة"]', "not a JSON object"),
        ('{"id": "x", "title": "بلا نص"}', 'no "text" or "html"'),
        ('{"id": "x", "text": 42}', '"text" is not a string'),
        ('{"id": "x", "text": "   "}', "empty"),
        ('{"id": "x", "text": "خبر", "published": "أمس"}', "ISO"),
    ],
)
def test_cli_analyze_batch_line_errors_say_what(stub_pipeline, tmp_path, capsys, line, error):
    path = _write(tmp_path, "items.jsonl", line + "\n")
    assert cli.main(["analyze", str(path)]) == 1
    record = json.loads(capsys.readouterr().out)
    assert error in record["error"]
    assert record["line"] == 1


def test_cli_analyze_batch_line_that_is_not_utf8(stub_pipeline, tmp_path, capsys):
    path = tmp_path / "items.jsonl"
    path.write_bytes(b'{"id": "ok", "text": "\xd8\xae\xd8\xa8\xd8\xb1"}\n' + b"\xff\xfe\x00binary\n")
    assert cli.main(["analyze", str(path)]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["id"] == "ok" and out[0]["body"] == ""
    assert out[1]["line"] == 2 and "UTF-8" in out[1]["error"]


def test_cli_analyze_batch_from_stdin(stub_pipeline, monkeypatch, capsys):
    _stdin_bytes(monkeypatch, ("\n".join(_batch_lines()) + "\n").encode("utf-8"))
    assert cli.main(["analyze", "-", "--batch"]) == 1
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [o.get("line") for o in out] == [None, 2, None]
    assert out[1]["source"] == "<stdin>:2"


def test_cli_analyze_missing_batch_fails_naming_it(stub_pipeline, tmp_path, capsys):
    assert cli.main(["analyze", str(tmp_path / "absent.jsonl")]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and "absent.jsonl" in captured.err


def test_cli_analyze_batch_refuses_table_format(stub_pipeline, tmp_path, capsys):
    path = _write(tmp_path, "items.jsonl", _batch_lines()[0] + "\n")
    assert cli.main(["analyze", str(path), "--format", "table"]) == 2


def test_cli_analyze_batch_draws_no_progress_when_stderr_is_not_a_terminal(
    stub_pipeline, tmp_path, capsys
):
    path = _write(tmp_path, "items.jsonl", "\n".join(_batch_lines()) + "\n")
    cli.main(["analyze", str(path)])
    assert capsys.readouterr().err == ""


# -- the parser ----------------------------------------------------------------------


def _subcommands() -> list[list[str]]:
    parser = cli.build_parser()
    found: list[list[str]] = []

    def walk(p, prefix):
        for action in p._actions:
            if action.__class__.__name__ == "_SubParsersAction":
                for name, sub in action.choices.items():
                    found.append([*prefix, name])
                    walk(sub, [*prefix, name])

    walk(parser, [])
    return found


def test_cli_registers_the_documented_commands():
    names = [" ".join(c) for c in _subcommands()]
    for expected in ("analyze", "kb", "kb check", "kb stats", "tag"):
        assert expected in names


@pytest.mark.parametrize("command", _subcommands(), ids=" ".join)
def test_cli_help_for_each_subcommand(command, capsys):
    assert cli.main([*command, "--help"]) == 0
    assert f"usage: hadath {' '.join(command)}" in capsys.readouterr().out


@pytest.mark.parametrize("command", _subcommands(), ids=" ".join)
def test_cli_every_subcommand_is_documented(command):
    if not DOCS_CLI.is_file():
        pytest.skip("docs/cli.md is not in this checkout")
    heading = re.compile(rf"^#+ `?hadath {re.escape(' '.join(command))}\b", re.MULTILINE)
    assert heading.search(DOCS_CLI.read_text(encoding="utf-8")), f"hadath {' '.join(command)} lacks a section"


def test_cli_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.startswith("hadath ")


def test_cli_without_a_command_is_a_usage_error(capsys):
    assert cli.main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_cli_kb_without_an_action_is_a_usage_error(capsys):
    assert cli.main(["kb"]) == 2


def test_cli_kb_folder_that_does_not_exist_fails_cleanly(tmp_path, capsys):
    code = cli.main(["analyze", str(EXAMPLE), "--kb", str(tmp_path / "no-such-kb")])
    assert code == 1
    err = capsys.readouterr().err
    assert "no-such-kb" in err and "Traceback" not in err


# -- full pipeline -------------------------------------------------------------------


def test_cli_full_pipeline_example_via_python_m(tmp_path):
    """``python -m hadath`` on the bundled example, as ``make demo`` runs it."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [sys.executable, "-m", "hadath", "analyze", str(EXAMPLE), "--fetched", "2025-03-09T12:00:00+03:00"],
        capture_output=True, text=True, encoding="utf-8", env=env, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["schema"] == "hadath/1"
    assert doc["title"] == "الصفدي يستقبل نظيره العراقي في عمان ويدينان التصعيد في غزة"
    assert "شارك" not in doc["body"].split()
    assert "منذ ساعتين" not in doc["body"]
    assert doc["entities"], "the example names Jordan, Iraq and Gaza; some entity must be found"
    for entity in doc["entities"]:
        assert doc["body"][entity["start"] : entity["end"]] == entity["text"]


def test_cli_full_pipeline_table_lists_the_entities(capsys):
    assert cli.main(["analyze", str(EXAMPLE), "--fetched", "2025-03-09T12:00:00+03:00", "--format", "jsonl"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert cli.main(["analyze", str(EXAMPLE), "--fetched", "2025-03-09T12:00:00+03:00", "--format", "table"]) == 0
    table = capsys.readouterr().out
    assert doc["entities"]
    for entity in doc["entities"]:
        assert entity["text"] in table


# -- kb and tag, over stand-ins for the modules they call ---------------------------


def _fake_module(monkeypatch: pytest.MonkeyPatch, name: str, **functions) -> None:
    module = type(sys)(name)
    for key, value in functions.items():
        setattr(module, key, value)
    monkeypatch.setitem(sys.modules, name, module)


def test_cli_kb_check_exits_one_on_errors(monkeypatch, capsys):
    _fake_module(monkeypatch, "hadath.kb.validate",
                 check_kb=lambda kb: ["people.tsv:12: duplicate id Q57336"],
                 ambiguity_report=lambda kb: ["عمان: Amman (JOR) | Oman (OMN)"])
    assert cli.main(["kb", "check"]) == 1
    out = capsys.readouterr().out
    assert "duplicate id Q57336" in out and "عمان" in out


def test_cli_kb_check_passes_a_clean_kb(monkeypatch, capsys):
    _fake_module(monkeypatch, "hadath.kb.validate", check_kb=lambda kb: [], ambiguity_report=lambda kb: [])
    assert cli.main(["kb", "check"]) == 0


def test_cli_kb_stats_prints_counts(monkeypatch, capsys):
    _fake_module(monkeypatch, "hadath.kb.validate", kb_stats=lambda kb: {"countries": 3, "people": 7})
    assert cli.main(["kb", "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"countries": 3, "people": 7}


def test_cli_tag_prints_token_gold_predicted(monkeypatch, tmp_path, capsys):
    conll = _write(tmp_path, "sample.conll", "زار O\nالصفدي B-PER\n")
    _fake_module(monkeypatch, "hadath.models.ner",
                 tag_conll=lambda path: iter(["زار O O", "الصفدي B-PER B-PER", ""]))
    assert cli.main(["tag", "--conll", str(conll)]) == 0
    assert capsys.readouterr().out.splitlines() == ["زار O O", "الصفدي B-PER B-PER", ""]


def test_cli_tag_missing_file_fails_naming_it(tmp_path, capsys):
    assert cli.main(["tag", "--conll", str(tmp_path / "absent.conll")]) == 1
    assert "absent.conll" in capsys.readouterr().err


def test_cli_progress_counts_lines_on_a_terminal():
    import io

    from hadath.commands.progress import Progress

    stream = io.StringIO()
    progress = Progress(3, unit="lines", stream=stream, enabled=True)
    for failed in (False, True, False):
        progress.advance(failed=failed)
    progress.close()
    assert stream.getvalue().endswith("\r3/3 lines (1 failed)\n")
