"""SPSS system files (.sav), written by pyreadstat in a short-lived process of their own.

pyreadstat (ReadStat, the library R's haven uses) is the maintained .sav writer, but it
takes the whole table as one data frame and cannot append. So the table is never built
in the web process: `Writer` starts `python -m coalition.lib.spss PATH`, sends it the
dictionary and then the cases as JSON lines on its standard input as they are read from
the database, and the child gathers them column by column (8 bytes a number) and writes
the file. The web process's memory does not grow with the export; the child's (pandas,
numpy and the table) goes back to the system when it exits.

No Django here: the child imports only the standard library, pandas and pyreadstat.

The dictionary: {"file_label": str, "notes": [str], "variables": [{"name", "label",
"kind" ("numeric", "text" or "date"), "value_labels": {code: label}, "measure"
("nominal", "ordinal" or "scale"), "format" (e.g. "F8.0", optional)}]}; a case is a
list of values in the same order: a number or null, a string, or an ISO date or null.
"""

import array
import json
import math
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

NUMERIC, TEXT, DAY = "numeric", "text", "date"
ROOT = Path(__file__).resolve().parent.parent.parent
BATCH = 500


class SpssError(Exception):
    pass


class Writer:
    """with Writer(path, dictionary) as writer: writer.write(case)…; then writer.count."""

    def __init__(self, path, dictionary: dict):
        self.path = str(path)
        self.count = 0
        self._batch: list[str] = []
        self._errors = tempfile.TemporaryFile()
        self._process = subprocess.Popen(  # nosec B603: our own module, no shell
            [sys.executable, "-m", "coalition.lib.spss", self.path],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._errors,
            text=True,
            encoding="utf-8",
        )
        self._send(json.dumps(dictionary) + "\n")

    def write(self, case: list) -> None:
        self._batch.append(json.dumps(case) + "\n")
        self.count += 1
        if len(self._batch) >= BATCH:
            self._send("".join(self._batch))
            self._batch = []

    def _send(self, text: str) -> None:
        try:
            self._process.stdin.write(text)
        except BrokenPipeError:
            self._fail()

    def _fail(self):
        self._process.kill()
        self._process.wait()
        self._errors.seek(0)
        detail = self._errors.read().decode(errors="replace").strip().splitlines()
        raise SpssError(detail[-1] if detail else "the SPSS writer stopped")

    def close(self) -> int:
        if self._batch:
            self._send("".join(self._batch))
            self._batch = []
        try:
            out, _ = self._process.communicate()
        except BrokenPipeError:
            self._fail()
        if self._process.returncode != 0 or out.strip() != str(self.count):
            self._fail()
        self._errors.close()
        return self.count

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if kind is None:
            self.close()
        else:
            self._process.kill()
            self._process.wait()
            self._errors.close()


def write(path: str, dictionary: dict, cases) -> int:
    """In the child: gather the cases column by column and write the file."""
    import numpy
    import pandas
    import pyreadstat

    variables = dictionary["variables"]
    kinds = [v["kind"] for v in variables]
    store = [array.array("d") if kind == NUMERIC else [] for kind in kinds]
    count = 0
    for case in cases:
        count += 1
        for kind, column, value in zip(kinds, store, case, strict=True):
            if kind == NUMERIC:
                column.append(math.nan if value is None else float(value))
            elif kind == DAY:
                column.append(date.fromisoformat(value) if value else None)
            else:
                column.append(value)
    frame = pandas.DataFrame(
        {
            v["name"]: (
                numpy.frombuffer(column, dtype="float64")
                if v["kind"] == NUMERIC
                else pandas.Series(column, dtype=object if v["kind"] == DAY else str)
            )
            for v, column in zip(variables, store, strict=True)
        },
        copy=False,
    )
    del store
    pyreadstat.write_sav(
        frame,
        path,
        file_label=dictionary.get("file_label", ""),
        column_labels={v["name"]: v["label"] for v in variables},
        variable_value_labels={
            v["name"]: {int(code): label for code, label in v["value_labels"].items()}
            for v in variables
            if v.get("value_labels")
        },
        variable_measure={v["name"]: v["measure"] for v in variables},
        variable_format={v["name"]: v["format"] for v in variables if v.get("format")},
        note=dictionary.get("notes") or None,
    )
    return count


def main(argv: list[str]) -> int:
    sys.stdin.reconfigure(encoding="utf-8")
    lines = iter(sys.stdin)
    dictionary = json.loads(next(lines))
    count = write(argv[0], dictionary, (json.loads(line) for line in lines))
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
