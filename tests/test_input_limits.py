"""Bad claim files are refused precisely, and nothing in a file reaches outside its folder.

Every refusal is checked the way tests/test_loaders.py checks one: the problems, located by file, row
and field, and a graph left exactly as it was. Cases that would hang the old loader (a named pipe) run
`geokg load` in a child process, so that a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from geokg.cli import main
from loaders.fields import MAX_NAME, MAX_QUOTE
from loaders.files import MAX_TEXT_FILE_BYTES, Refused, read_regular
from loaders.plan import load
from loaders.read import find_files, fingerprint
from tests import test_loaders
from tests.test_loaders import edit, only, problems_of

corpus = test_loaders.corpus  # a writable copy of the mini corpus (a fixture)
TEXT = "report.el.txt"


def text_file(corpus: Path, value: str) -> None:
    edit(corpus / "sources.csv", f",{TEXT}", f",{value}")


def outside_copy(corpus: Path) -> Path:
    """The report's text in a file next to (not inside) the corpus folder: a load that reads it succeeds."""
    outside = corpus.parent / "elsewhere" / TEXT
    outside.parent.mkdir()
    shutil.copy(corpus / TEXT, outside)
    return outside


def geokg_load(graph: Path, *paths: Path) -> subprocess.CompletedProcess:
    """`geokg load` in a child process; the timeout only bounds a hang, no outcome depends on speed."""
    return subprocess.run([sys.executable, "-c", "from geokg.cli import main; main()", "load", "--graph", str(graph),
                           *map(str, paths)], capture_output=True, text=True, timeout=300, check=False)


# --- text_file stays inside the folder of its sources.csv ------------------------------------------

def test_an_absolute_text_file_is_refused(embedded, corpus):
    text_file(corpus, str(outside_copy(corpus)))
    problem = only(problems_of(embedded, [corpus]), "text_file")
    assert problem.file.endswith("sources.csv") and problem.row == 2
    assert "absolute path" in problem.message


def test_a_text_file_above_its_folder_is_refused(embedded, corpus):
    outside_copy(corpus)
    text_file(corpus, f"../elsewhere/{TEXT}")
    problem = only(problems_of(embedded, [corpus]), "text_file")
    assert problem.row == 2 and "'..'" in problem.message


def test_a_link_out_of_the_folder_is_refused(embedded, corpus):
    outside = outside_copy(corpus)
    (corpus / TEXT).unlink()
    (corpus / TEXT).symlink_to(outside)
    problem = only(problems_of(embedded, [corpus]), "text_file")
    assert problem.row == 2 and "link to a file outside the folder" in problem.message


def test_etc_passwd_never_reaches_the_graph(embedded, corpus):
    text_file(corpus, "/etc/passwd")
    assert "absolute path" in only(problems_of(embedded, [corpus]), "text_file").message
    (corpus / "passwd.txt").symlink_to("/etc/passwd")
    edit(corpus / "sources.csv", ",/etc/passwd", ",passwd.txt")
    assert "link to a file outside" in only(problems_of(embedded, [corpus]), "text_file").message


def test_a_link_that_stays_inside_the_folder_is_followed(embedded, corpus):
    (corpus / "texts").mkdir()
    (corpus / "texts" / "same.txt").symlink_to(corpus / TEXT)
    text_file(corpus, "texts/same.txt")
    assert load([corpus], embedded).report.counts["claims"] == {"created": 5}


def test_a_device_is_not_read():
    with pytest.raises(Refused, match="not a regular file"):
        read_regular(Path("/dev/zero"), MAX_TEXT_FILE_BYTES)


def test_a_named_pipe_as_text_file_is_one_line_not_a_hang(corpus, tmp_path):
    os.mkfifo(corpus / "pipe.txt")
    text_file(corpus, "pipe.txt")
    done = geokg_load(tmp_path / "graph.lbdb", corpus)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "sources.csv, row 2, field 'text_file': 'pipe.txt' is not a regular file" in done.stderr


def test_a_folder_as_text_file_is_refused(embedded, corpus):
    (corpus / "texts").mkdir()
    text_file(corpus, "texts")
    assert "'texts' is not a regular file" in only(problems_of(embedded, [corpus]), "text_file").message


def test_a_nul_in_text_file_is_a_problem_not_a_crash(embedded, corpus):
    text_file(corpus, "report\0.txt")
    assert "NUL" in only(problems_of(embedded, [corpus]), "text_file").message


def test_a_text_file_over_the_limit_is_refused(embedded, corpus):
    path = corpus / TEXT
    with open(path, "ab") as f:  # the quotes are still at its start: only its size is wrong
        f.write(b" " * (MAX_TEXT_FILE_BYTES + 1 - path.stat().st_size))
    problem = only(problems_of(embedded, [corpus]), "text_file")
    assert problem.row == 2 and "at most 10.0 MB" in problem.message


def test_the_size_limit_is_inclusive(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes(b"x" * 100)
    assert read_regular(path, 100) == b"x" * 100
    with pytest.raises(Refused, match="at most"):
        read_regular(path, 99)


# --- claim files are read only when they are regular files ------------------------------------

def test_a_csv_that_is_a_named_pipe_is_one_line_not_a_hang(corpus, tmp_path):
    os.mkfifo(corpus / "pipe-claims.csv")
    done = geokg_load(tmp_path / "graph.lbdb", corpus)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "pipe-claims.csv: is not a regular file" in done.stderr


# --- the fingerprint reads what validation reads, and nothing else ---------------------------------

def test_the_fingerprint_reads_nothing_outside_the_folder(corpus):
    outside = outside_copy(corpus)
    text_file(corpus, str(outside))
    files, _ = find_files([corpus])
    before = fingerprint(files)
    outside.write_text("changed", encoding="utf-8")
    assert fingerprint(files) == before


def test_the_fingerprint_never_raises_on_a_bad_text_file(corpus):
    os.mkfifo(corpus / "pipe.txt")
    (corpus / "texts").mkdir()
    rows = ["/dev/zero", "pipe.txt", "texts", "../x.txt", "report\0.txt", "missing.txt"]
    with open(corpus / "sources.csv", "a", encoding="utf-8") as f:
        f.writelines(f"s{i},P,,el,,2025-10-31,day,true,{value}\n" for i, value in enumerate(rows))
    files, _ = find_files([corpus])
    assert len(fingerprint(files)) == 32


# --- columns --------------------------------------------------------------------------------------

def test_a_repeated_column_is_refused(embedded, corpus):
    edit(corpus / "claims.csv", ",summary,contradicts", ",summary,quote")
    problem = only(problems_of(embedded, [corpus]), "quote")
    assert problem.row == 1 and "more than once (columns 13, 15)" in problem.message


def test_a_misspelt_optional_column_is_refused_with_a_suggestion(embedded, corpus):
    edit(corpus / "claims.csv", ",contradicts", ",contradiction")
    problem = only(problems_of(embedded, [corpus]), "contradiction")
    assert problem.row == 1 and problem.message == "unknown column; did you mean 'contradicts'?"


def test_an_unknown_column_lists_the_known_ones(embedded, corpus):
    edit(corpus / "entities.csv", ",description\n", ",description,notes\n")
    problem = only(problems_of(embedded, [corpus]), "notes")
    assert "entities files have the columns id, kind, name, aliases, identifiers, description" in problem.message


def test_a_misspelt_required_column_is_one_problem_with_a_suggestion(embedded, corpus):
    edit(corpus / "claims.csv", ",quote,", ",qoute,")
    problem = only(problems_of(embedded, [corpus]), "quote")
    assert problem.row == 1 and problem.message == "required column is missing; is 'qoute' meant to be it?"


def test_the_new_attributed_to_column_is_known(embedded, corpus):
    path = corpus / "claims.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0] + ",attributed_to", *(line + "," for line in lines[1:])]) + "\n",
                    encoding="utf-8")
    assert load([corpus], embedded).report.counts["claims"] == {"created": 5}


def test_a_semicolon_separated_file_is_told_to_use_commas(embedded, corpus):
    path = corpus / "claims.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    problem = only(problems_of(embedded, [corpus]), None)
    assert problem.row == 1 and "the separator must be a comma" in problem.message


def test_a_value_under_a_nameless_column_is_refused(embedded, corpus):
    edit(corpus / "entities.csv", ",description\n", ",description,\n")
    edit(corpus / "entities.csv", "Ρωσία | Россия,", "Ρωσία | Россия,,stray")
    problem = only(problems_of(embedded, [corpus]), None)
    assert problem.row == 4 and "column 6, which has no name in the header" in problem.message


def test_an_empty_nameless_column_is_harmless(embedded, corpus):
    edit(corpus / "entities.csv", ",description\n", ",description,\n")
    assert load([corpus], embedded).report.counts["entities"] == {"created": 7}


# --- malformed CSV: the row a spreadsheet shows, and the field where there is one ------------------

def _multiline_row_2(corpus: Path) -> None:
    """Row 2 spans two lines, so a physical line number would be one more than the row."""
    edit(corpus / "claims.csv", "Maduro asked Putin for radar upgrades", '"Maduro asked Putin\nfor radar upgrades"')


def test_an_unclosed_quote_names_its_row_and_field(embedded, corpus):
    _multiline_row_2(corpus)
    edit(corpus / "claims.csv", '"πιθανώς, πυραύλους",', '"πιθανώς, πυραύλους,')
    problem = only(problems_of(embedded, [corpus]), "quote")
    assert problem.row == 3 and "never closes" in problem.message and "\n" not in str(problem)


def test_too_many_values_names_the_row(embedded, corpus):
    _multiline_row_2(corpus)
    edit(corpus / "claims.csv", "An Il-76 landed in Caracas on Sunday", "An Il-76 landed, in Caracas, on Sunday")
    problem = only(problems_of(embedded, [corpus]), None)
    assert problem.row == 4 and "17 values, but the header names 15 columns" in problem.message
    assert "\n" not in str(problem)


def test_rows_after_a_blank_line_keep_their_spreadsheet_number(embedded, corpus):
    edit(corpus / "claims.csv", "\nmaduro-asks-putin-missiles", "\n\nmaduro-asks-putin-missiles")
    edit(corpus / "claims.csv", "il-76,ARRIVED_IN,Καράκας,,asserted", "il-76,ARRIVED_IN,Καράκας,,sure")
    assert only(problems_of(embedded, [corpus]), "status").row == 5  # row 3 is the blank one


# --- lengths --------------------------------------------------------------------------------------

def test_a_name_over_the_limit_is_refused(embedded, corpus):
    edit(corpus / "entities.csv", "Air-defence radars", "R" * (MAX_NAME + 1))
    problem = only(problems_of(embedded, [corpus]), "name")
    assert problem.row == 7 and problem.message == "is 501 characters long; it may be at most 500"


def test_a_name_at_the_limit_loads(embedded, corpus):
    edit(corpus / "entities.csv", "Air-defence radars", "R" * MAX_NAME)
    assert load([corpus], embedded).report.counts["entities"] == {"created": 7}


def test_an_alias_over_the_limit_is_refused(embedded, corpus):
    edit(corpus / "entities.csv", "Μαδούρο | Maduro", "Μαδούρο | Maduro | " + "M" * (MAX_NAME + 1))
    problem = only(problems_of(embedded, [corpus]), "aliases")
    assert problem.row == 2 and "one of its values is 501 characters long; each may be at most 500" in problem.message


def test_an_id_over_the_limit_is_refused(embedded, corpus):
    edit(corpus / "entities.csv", "missiles,Equipment", "m" * (MAX_NAME + 1) + ",Equipment")
    assert only(problems_of(embedded, [corpus]), "id").row == 8


def test_a_quote_over_the_limit_is_refused(embedded, corpus):
    long_quote = "Ο Μαδούρο έστειλε επιστολή στον Πούτιν" + " και" * (MAX_QUOTE // 4)
    with open(corpus / TEXT, "a", encoding="utf-8") as f:  # verbatim in the text: only its length is wrong
        f.write(long_quote + "\n")
    edit(corpus / "claims.csv", ",Ο Μαδούρο έστειλε επιστολή στον Πούτιν,", f",{long_quote},")
    problem = only(problems_of(embedded, [corpus]), "quote")
    assert problem.row == 2 and f"is {len(long_quote):,} characters long; it may be at most 5,000" in problem.message


def test_a_megabyte_name_makes_a_short_message(embedded, corpus):
    with open(corpus / "entities.csv", "a", encoding="utf-8") as f:
        f.write(f"extra,{'K' * 1_000_000},{'R' * 1_000_000},,\n")
    problems = problems_of(embedded, [corpus])
    assert sorted(p.field for p in problems) == ["kind", "name"]
    assert all(len(str(p)) < 400 for p in problems)


# --- dates: one line each, never a traceback ------------------------------------------------------

@pytest.mark.parametrize("date,precision", [("0000", "year"), ("0000-06", "month"), ("0000-01-01", "day"),
                                            ("２０２５-10-26", "day"), ("2025-13", "month"), ("2025-02-29", "day")])
def test_a_date_that_does_not_exist_is_one_problem(embedded, corpus, date, precision):
    edit(corpus / "claims.csv", "2025-10-26,day,true,Example News,Την", f"{date},{precision},true,Example News,Την")
    problem = only(problems_of(embedded, [corpus]), "date")
    assert problem.row == 4 and "is not a date" in problem.message


def test_a_publication_date_of_year_zero_is_one_problem(embedded, corpus):
    edit(corpus / "sources.csv", ",2025-10-31,day,", ",0000,year,")
    problem = only(problems_of(embedded, [corpus]), "published")
    assert problem.row == 2


def test_the_cli_reports_year_zero_in_one_line(tmp_path, corpus):
    edit(corpus / "claims.csv", "2025-10-26,day", "0000-01-01,day")
    result = CliRunner().invoke(main, ["load", "--graph", str(tmp_path / "g.lbdb"), str(corpus)],
                                catch_exceptions=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "claims.csv, row 4, field 'date': '0000-01-01' is not a date" in result.output
