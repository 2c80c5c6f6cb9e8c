#!/usr/bin/env python3
"""The bulk job scripted in Python the straightforward way: the baseline `discovery batch` is measured against.

For each questionnaire workbook: openpyxl reads the Profile sheet (the Key, Answer and Notes columns, found by
their header) and the four table sheets; the answers are parsed by their type as the JSON Schema names it
(yes/no, choices by value or label, numbers, percentages, dates, durations, sizes, lists), enough for a fair
comparison rather than a reimplementation; jsonschema validates the profile against
schemas/discovery-profile.schema.json; the profile JSON is written, and reportlab renders a multi-page PDF report
(cover, the gaps from missing required and recommended answers and invalid answers, every question and answer,
the tables) with the repository's embedded fonts. Then index.csv, index.json and a portfolio overview PDF.
Files are converted in parallel by a multiprocessing Pool with --jobs workers; a file that cannot be read is
listed in the index as failed and makes the exit status 1.

Usage: python baseline.py DIR_OR_FILES... -o OUTDIR [--jobs N]
Install: python3 -m venv /tmp/bulk-venv && /tmp/bulk-venv/bin/pip install -r benches/python/requirements.txt
"""

import argparse
import csv
import datetime
import io
import json
import os
import re
import sys
from multiprocessing import Pool
from xml.sax.saxutils import escape

import jsonschema
import openpyxl
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
SCHEMA_PATH = os.path.join(ROOT, "schemas", "discovery-profile.schema.json")
FONTS = os.path.join(ROOT, "fonts")
EXTENSIONS = (".xlsx", ".xlsm")
SECTIONS = ["meta", "solution", "architecture", "requirements", "readiness", "schedule", "technology"]

NOT_APPLICABLE = {"n/a", "na", "not applicable", "none"}
UNKNOWN = {"tbd", "tbc", "unknown", "?", "not sure", "don't know", "dont know"}
YES = {"yes", "y", "true", "x", "\u2713", "1"}
NO = {"no", "n", "false", "0"}
PLANNED = {"planned", "later", "roadmap"}


# --- The catalogue, read from the schema ------------------------------------------------------------------------

def options_of(spec):
    """(value, label) pairs of a choice property, or of the items of a multiple-choice property."""
    one_of = spec.get("oneOf") or spec.get("items", {}).get("oneOf") or []
    return [(o["const"], o.get("description", o["const"])) for o in one_of if "const" in o]


def catalogue(schema):
    """Every question as key -> spec, and every table as key -> spec, from the schema's x- annotations."""
    questions, tables = {}, {}

    def walk(properties, prefix):
        for name, spec in properties.items():
            key = prefix + name
            kind = spec.get("x-type")
            if kind == "table":
                columns = {}
                for field, column in spec["items"]["properties"].items():
                    columns[norm(column.get("title", field))] = {
                        "field": field, "type": column.get("x-type", "text"), "options": options_of(column),
                        "required": column.get("x-required-in-row", False),
                    }
                tables[key] = {"sheet": spec["x-sheet"], "columns": columns, "question": spec.get("x-question", key),
                               "importance": spec.get("x-importance", "optional")}
            elif kind:
                questions[key] = {"type": kind, "importance": spec.get("x-importance", "optional"),
                                  "question": spec.get("x-question", key), "options": options_of(spec)}
            elif spec.get("type") == "object" and "properties" in spec:
                walk(spec["properties"], key + ".")

    for section in SECTIONS + ["engagements"]:
        spec = schema["properties"][section]
        if spec.get("x-type") == "table":
            walk({section: spec}, "")
        else:
            walk(spec["properties"], section + ".")
    return questions, tables


def norm(text):
    return re.sub(r"\s+", " ", str(text or "")).strip().lower()


# --- Reading answers --------------------------------------------------------------------------------------------

class Invalid(Exception):
    pass


def split_list(text):
    if "\n" in text:
        items = text.split("\n")
    elif ";" in text:
        items = text.split(";")
    else:
        items = text.split(",")
    return [i.strip() for i in items if i.strip()]


def parse_number(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    text = str(value).replace(",", "").replace("\u00a0", "").replace(" ", "")
    match = re.match(r"^(-?\d+(?:\.\d+)?)", text)
    if not match:
        raise Invalid("not a number")
    number = float(match.group(1))
    return int(number) if number.is_integer() else number


def parse_choice(text, options):
    wanted = norm(text).replace("-", " ")
    for value, label in options:
        if wanted in (value, value.replace("_", " "), norm(label).replace("-", " ")):
            return value
    prefixed = [v for v, label in options if norm(label).startswith(wanted) or v.startswith(wanted)]
    if len(prefixed) == 1:
        return prefixed[0]
    raise Invalid("not an option")


DURATION = re.compile(r"^(\d+(?:\.\d+)?)\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|weeks?)$")


def parse_duration(text):
    text = norm(text)
    if text == "0":
        return "PT0S"
    if re.match(r"^p(?=[0-9t])", text):
        return text.upper()
    match = DURATION.match(text)
    if not match:
        raise Invalid("not a duration")
    amount, unit = match.group(1), match.group(2)[0]
    amount = amount.rstrip("0").rstrip(".") if "." in amount else amount
    return {"m": "PT%sM", "h": "PT%sH", "d": "P%sD", "w": "P%sW"}[unit] % amount


def parse_size(value):
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    match = re.match(r"^(\d+(?:\.\d+)?)\s*(tb|gb|mb)?$", norm(value).replace(",", ""))
    if not match:
        raise Invalid("not a size")
    number = float(match.group(1)) * {"tb": 1000, "gb": 1, "mb": 0.001, None: 1}[match.group(2)]
    return int(number) if number.is_integer() else number


def parse_date(value):
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            pass
    raise Invalid("not a date")


def parse_yesno(text):
    text = norm(text)
    for answer, words in (("yes", YES), ("no", NO), ("planned", PLANNED)):
        if text in words:
            return answer
    raise Invalid("not yes or no")


def parse(value, kind, options):
    """A cell's value as its question's type; raises Invalid."""
    text = value if isinstance(value, str) else str(value)
    if kind == "text":
        return text.strip()
    if kind == "list":
        return split_list(text)
    if kind == "yesno":
        return parse_yesno(text)
    if kind == "choice":
        return parse_choice(text, options)
    if kind == "choices":
        return [parse_choice(item, options) for item in split_list(text)]
    if kind == "number":
        return parse_number(value)
    if kind == "percent":
        if isinstance(value, float) and value <= 1:
            return round(value * 100, 6)
        number = parse_number(text.replace("%", "").strip())
        if not 0 <= number <= 100:
            raise Invalid("not a percentage")
        return number
    if kind == "duration":
        return parse_duration(text)
    if kind == "size_gb":
        return parse_size(value)
    if kind == "date":
        return parse_date(value)
    if kind == "email":
        if not re.match(r"^[^@\s,;<>]+@[^@\s,;<>.]+(\.[^@\s,;<>.]+)+$", text.strip()):
            raise Invalid("not an e-mail address")
        return text.strip()
    return text


def state_of(value, kind):
    """The state of a cell that is not a plain answer: missing, not_applicable, unknown; else None."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return "missing"
    if isinstance(value, str):
        text = norm(value)
        if text in NOT_APPLICABLE and (text != "none" or kind in ("list", "choices")):
            return "not_applicable"
        if text in UNKNOWN:
            return "unknown"
    return None


def put(profile, key, value):
    node = profile
    parts = key.split(".")
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def header_row(rows, wanted):
    """The index of the first row naming every wanted column, and column name -> index."""
    for index, row in enumerate(rows):
        names = {norm(cell): i for i, cell in enumerate(row) if cell is not None}
        if all(w in names for w in wanted):
            return index, names
    return None, {}


def read_workbook(path, questions, tables):
    """The profile dict, its answer states, and the gaps from missing and invalid answers."""
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = {norm(name): workbook[name] for name in workbook.sheetnames}
        if "profile" not in sheets:
            raise ValueError("no Profile sheet")
        profile = {"schema_version": "1.0.0"}
        states, notes, sources = {}, {}, {}
        rows = list(sheets["profile"].iter_rows(values_only=True))
        start, columns = header_row(rows, ["key", "answer"])
        if start is None:
            raise ValueError("the Profile sheet has no Key and Answer columns")
        key_col, answer_col, notes_col = columns["key"], columns["answer"], columns.get("notes")
        seen = set()
        for number, row in enumerate(rows[start + 1:], start=start + 2):
            key = row[key_col] if key_col < len(row) else None
            if key not in questions:
                continue
            seen.add(key)
            spec = questions[key]
            value = row[answer_col] if answer_col < len(row) else None
            if notes_col is not None and notes_col < len(row) and row[notes_col]:
                notes[key] = str(row[notes_col])
            state = state_of(value, spec["type"])
            if state == "missing":
                continue
            sources[key] = "Profile!%s%d" % (chr(ord("A") + answer_col), number)
            if state:
                states[key] = {"state": state, "raw": str(value)}
                continue
            try:
                put(profile, key, parse(value, spec["type"], spec["options"]))
            except Invalid:
                states[key] = {"state": "invalid", "raw": str(value)}

        for key, table in tables.items():
            sheet = sheets.get(norm(table["sheet"]))
            if sheet is None:
                continue
            rows = list(sheet.iter_rows(values_only=True))
            start, names = header_row(rows, [next(iter(table["columns"]))])
            if start is None:
                continue
            items = []
            for row in rows[start + 1:]:
                if all(cell is None or (isinstance(cell, str) and not cell.strip()) for cell in row):
                    continue
                item = {}
                for title, column in table["columns"].items():
                    index = names.get(title)
                    value = row[index] if index is not None and index < len(row) else None
                    if state_of(value, column["type"]):
                        continue
                    try:
                        item[column["field"]] = parse(value, column["type"], column["options"])
                    except Invalid:
                        states["%s[%d].%s" % (key, len(items), column["field"])] = {"state": "invalid", "raw": str(value)}
                items.append(item)
            if items:
                put(profile, key, items)
    finally:
        workbook.close()

    profile["answer_states"] = states
    profile["notes"] = notes
    profile["sources"] = sources
    return profile


def lookup(profile, key):
    node = profile
    for part in key.split("."):
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def gaps_of(profile, questions, tables):
    """Missing or unknown required (high) and recommended (medium) answers, and invalid answers (high)."""
    gaps = []
    states = profile["answer_states"]
    everything = dict(questions)
    everything.update(tables)
    for key, spec in everything.items():
        state = states.get(key, {}).get("state")
        if state == "invalid":
            gaps.append(("high", key, spec["question"], "invalid answer: %s" % states[key]["raw"]))
        elif lookup(profile, key) is None and state != "not_applicable" and spec["importance"] in ("required", "recommended"):
            severity = "high" if spec["importance"] == "required" else "medium"
            gaps.append((severity, key, spec["question"], "unknown" if state == "unknown" else "missing"))
    for key, state in states.items():
        if "[" in key and state["state"] == "invalid":
            gaps.append(("high", key, key, "invalid answer: %s" % state["raw"]))
    order = {"high": 0, "medium": 1, "low": 2}
    gaps.sort(key=lambda g: order[g[0]])
    return gaps


def completeness(profile, questions, tables):
    counted = [k for k, s in list(questions.items()) + list(tables.items()) if s["importance"] != "optional"]
    answered = [k for k in counted
                if lookup(profile, k) is not None or profile["answer_states"].get(k, {}).get("state") == "not_applicable"]
    return round(100.0 * len(answered) / max(len(counted), 1), 1)


# --- The PDF report ---------------------------------------------------------------------------------------------

STYLES = {}
WIDE = re.compile("([\u2e80-\U0002ffff]+)")


def register_fonts():
    pdfmetrics.registerFont(TTFont("NotoSans", os.path.join(FONTS, "NotoSans-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("NotoSans-Bold", os.path.join(FONTS, "NotoSans-Bold.ttf")))
    pdfmetrics.registerFont(TTFont("Fallback", os.path.join(FONTS, "DroidSansFallback.ttf")))
    STYLES["body"] = ParagraphStyle("body", fontName="NotoSans", fontSize=9, leading=11.5)
    STYLES["small"] = ParagraphStyle("small", fontName="NotoSans", fontSize=8, leading=10)
    STYLES["h1"] = ParagraphStyle("h1", fontName="NotoSans-Bold", fontSize=20, leading=26, spaceAfter=8)
    STYLES["h2"] = ParagraphStyle("h2", fontName="NotoSans-Bold", fontSize=13, leading=17, spaceBefore=8, spaceAfter=4)


def markup(value):
    """Escaped paragraph text; CJK runs in the fallback font, since Noto Sans lacks them."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = escape(str(value)).replace("\n", "<br/>")
    return WIDE.sub(r'<font name="Fallback">\1</font>', text)


def para(value, style="body"):
    return Paragraph(markup(value), STYLES[style])


def grid(rows, widths):
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return table


def page_number(canvas, doc):
    canvas.saveState()
    canvas.setFont("NotoSans", 8)
    canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, "Page %d" % doc.page)
    canvas.restoreState()


def render(profile, gaps, percent, questions, tables, source):
    meta = profile.get("meta", {})
    story = [para("Technical discovery: %s" % meta.get("company_name", "(no company name)"), "h1"),
             para("Solution: %s" % meta.get("solution_name", "")),
             para("Completed on %s by %s" % (meta.get("completed_on", "?"), meta.get("completed_by", "?"))),
             para("Completeness: %.1f %%" % percent),
             para("Gaps: %d high, %d medium, %d low" % tuple(sum(1 for g in gaps if g[0] == s)
                                                           for s in ("high", "medium", "low"))),
             para("Source: %s" % os.path.basename(source)),
             PageBreak(), para("Gaps", "h2")]
    rows = [[para("Severity"), para("Question"), para("What is wrong"), para("Where")]]
    for severity, key, question, detail in gaps:
        rows.append([para(severity), para(question), para(detail), para(profile["sources"].get(key, key), "small")])
    story.append(grid(rows, [18 * mm, 75 * mm, 55 * mm, 30 * mm]))
    states = profile["answer_states"]
    for section in SECTIONS:
        story.append(para(section.capitalize(), "h2"))
        rows = [[para("Question"), para("Answer"), para("Notes")]]
        for key, spec in questions.items():
            if not key.startswith(section + "."):
                continue
            answer = lookup(profile, key)
            if answer is None and key in states:
                answer = "%s (%s)" % (states[key]["raw"], states[key]["state"].replace("_", " "))
            rows.append([para(spec["question"]), para(answer if answer is not None else "(no answer)"),
                         para(profile["notes"].get(key, ""), "small")])
        story.append(grid(rows, [70 * mm, 70 * mm, 38 * mm]))
    for key, table in tables.items():
        story.append(para(table["sheet"], "h2"))
        fields = [c["field"] for c in table["columns"].values()]
        rows = [[para(title.capitalize()) for title in table["columns"]]]
        for item in lookup(profile, key) or []:
            rows.append([para(item.get(f, ""), "small") for f in fields])
        story.append(grid(rows, [178 * mm / len(fields)] * len(fields)))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, title="Technical discovery: %s" % meta.get("company_name", ""),
                            leftMargin=16 * mm, rightMargin=16 * mm, topMargin=16 * mm, bottomMargin=18 * mm)
    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


# --- One file, and the batch ------------------------------------------------------------------------------------

WORKER = {}


def init_worker():
    with open(SCHEMA_PATH, encoding="utf-8") as f:
        schema = json.load(f)
    WORKER["validator"] = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    WORKER["questions"], WORKER["tables"] = catalogue(schema)
    register_fonts()


def write_atomically(path, data):
    temp = path + ".tmp"
    with open(temp, "wb") as f:
        f.write(data)
    os.replace(temp, path)


def convert(job):
    path, name, out_dir = job
    questions, tables = WORKER["questions"], WORKER["tables"]
    row = {"file": path, "company": "", "solution": "", "status": "failed", "error": "", "completeness": "",
           "gaps_high": 0, "gaps_medium": 0, "gaps_low": 0, "errors": 0, "report": "", "profile": ""}
    try:
        profile = read_workbook(path, questions, tables)
        errors = [e.message for e in WORKER["validator"].iter_errors(profile)]
        gaps = gaps_of(profile, questions, tables)
        percent = completeness(profile, questions, tables)
        write_atomically(os.path.join(out_dir, name + ".json"),
                         (json.dumps(profile, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
        write_atomically(os.path.join(out_dir, name + ".pdf"), render(profile, gaps, percent, questions, tables, path))
        meta = profile.get("meta", {})
        row.update(company=meta.get("company_name", ""), solution=meta.get("solution_name", ""), status="ok",
                   completeness="%.1f" % percent, report=name + ".pdf", profile=name + ".json",
                   errors=len(errors) + sum(1 for s in profile["answer_states"].values() if s["state"] == "invalid"))
        for severity in ("high", "medium", "low"):
            row["gaps_" + severity] = sum(1 for g in gaps if g[0] == severity)
    except Exception as error:  # One bad file never stops the rest.
        row["error"] = "%s: %s" % (type(error).__name__, error)
    return row


def find_inputs(inputs):
    found = set()
    for item in inputs:
        if os.path.isdir(item):
            for folder, _, names in os.walk(item):
                found.update(os.path.join(folder, n) for n in names
                             if n.lower().endswith(EXTENSIONS) and not n.startswith((".", "~$")))
        else:
            found.add(item)
    return sorted(found)


def output_names(files):
    taken, names = {"index", "portfolio"}, []
    for path in files:
        stem = os.path.splitext(os.path.basename(path))[0]
        base = re.sub(r"[^\w.-]", "_", stem).strip(".")[:100] or "questionnaire"
        name, n = base, 2
        while name.lower() in taken:
            name, n = "%s-%d" % (base, n), n + 1
        taken.add(name.lower())
        names.append(name)
    return names


def portfolio(rows, out_dir):
    register_fonts()
    story = [para("Portfolio overview", "h1")]
    table = [[para(h) for h in ("Company", "Solution", "Status", "Complete", "High", "Medium", "Low")]]
    for r in rows:
        table.append([para(r["company"] or os.path.basename(r["file"])), para(r["solution"]), para(r["status"]),
                      para(r["completeness"]), para(r["gaps_high"]), para(r["gaps_medium"]), para(r["gaps_low"])])
    story.append(grid(table, [50 * mm, 40 * mm, 18 * mm, 20 * mm, 16 * mm, 16 * mm, 16 * mm]))
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story, onFirstPage=page_number, onLaterPages=page_number)
    write_atomically(os.path.join(out_dir, "portfolio.pdf"), buffer.getvalue())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("inputs", nargs="+")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count())
    args = parser.parse_args()
    os.makedirs(args.output, exist_ok=True)
    files = find_inputs(args.inputs)
    jobs = [(f, n, args.output) for f, n in zip(files, output_names(files))]
    with Pool(args.jobs, initializer=init_worker) as pool:
        rows = pool.map(convert, jobs, chunksize=4)

    fields = ["file", "company", "solution", "status", "error", "completeness", "gaps_high", "gaps_medium",
              "gaps_low", "errors", "report", "profile"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fields)
    writer.writeheader()
    writer.writerows(rows)
    write_atomically(os.path.join(args.output, "index.csv"), buffer.getvalue().encode("utf-8"))
    write_atomically(os.path.join(args.output, "index.json"),
                     (json.dumps(rows, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))
    portfolio(rows, args.output)

    failed = [r for r in rows if r["status"] == "failed"]
    for r in failed:
        print("error: %s: %s" % (r["file"], r["error"]), file=sys.stderr)
    print("%d files: %d converted, %d failed; output in %s" % (len(rows), len(rows) - len(failed), len(failed),
                                                              args.output), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
