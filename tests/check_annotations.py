#!/usr/bin/env python3
"""Check that lua/gapplan.d.lua annotates exactly the plugin API the code has.

The names come from the code itself: the field tables of core/fields.c, the field-name, option and method tables
of lua/bind_*.c, the allowed globals of lua/sandbox.c, and the scenario, param and metric fields of
lua/prelude.lua. A name the code has and the annotations lack, or the other way round, fails the check, naming
the class and the name. For the plan's input fields it also checks the kind (schedule, number, integer,
boolean), the unit, the range and the meaning against core/fields.c, so an editor never shows a stale unit.

Usage: check_annotations.py [SOURCE_DIR]
"""
import math
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
DLUA = "lua/gapplan.d.lua"

# The d.lua type of each kind of field in core/fields.c.
KIND_TYPES = {"SCHEDULE": "gapplan.Schedule", "NUMBER": "number", "INTEGER": "integer", "BOOLEAN": "boolean"}


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def fail(message):
    raise SystemExit(f"check_annotations: {message}")


def c_number(text):
    text = text.strip()
    if text == "HUGE_VAL":
        return math.inf
    if text == "-HUGE_VAL":
        return -math.inf
    return float(text)


def show_number(v):
    """A number as the binding prints it (%.14g)."""
    return "%.14g" % v


def show_range(lo, hi):
    """A range as the binding's messages show it (gp_bind_range in lua/bind.c)."""
    if math.isinf(hi):
        return f"[{show_number(lo)}, inf)"
    return f"[{show_number(lo)}, {show_number(hi)}]"


def c_field_table(table):
    """{name: (kind, unit, range text or None, doc)} of a gp_field table in core/fields.c."""
    src = read("core/fields.c")
    ranges = {m.group(1): (c_number(m.group(2)), c_number(m.group(3)))
              for m in re.finditer(r"#define (\w+) (-?(?:[\d.]+|HUGE_VAL)), (-?(?:[\d.]+|HUGE_VAL))\s", src)}
    start = src.find(f"static const gp_field {table}[] = {{")
    if start < 0:
        fail(f"core/fields.c has no field table {table}")
    body = src[start:]
    body = re.sub(r'"\s+"', "", body[:body.index("};")])  # join adjacent string literals
    body = re.sub(r"\s+", " ", body)
    fields = {}
    for m in re.finditer(r'(SCHEDULE|NUMBER)\(\w+, (\w+), (?:REQUIRED|DEFAULT\([^)]*\)), (\w+), "([^"]*)", "([^"]*)"\)',
                         body):
        fields[m.group(2)] = (m.group(1), m.group(4), m.group(3), m.group(5))
    for m in re.finditer(r'\{"(\w+)", GP_FIELD_(\w+), \w+, [^,]+, (\w+), offsetof\([^)]*\), "([^"]*)", "([^"]*)"\}',
                         body):
        fields[m.group(1)] = (m.group(2), m.group(4), m.group(3), m.group(5))
    if len(fields) != len(re.findall(r"SCHEDULE\(|NUMBER\(|\{\"\w+\", GP_FIELD_", body)):
        fail(f"core/fields.c: {table} has an entry this check cannot read; update tests/check_annotations.py")
    out = {}
    for name, (kind, unit, rng, doc) in fields.items():
        if kind not in KIND_TYPES:
            fail(f"core/fields.c: field {name} has kind {kind}, unknown to this check")
        if kind == "BOOLEAN":
            out[name] = (kind, unit, None, doc)
        else:
            if rng not in ranges:
                fail(f"core/fields.c: field {name} has range {rng}, not a #define this check can read")
            out[name] = (kind, unit, show_range(*ranges[rng]), doc)
    return out


def c_strings(path, array):
    """The strings of `static const char *const ARRAY[] = {...}` in a C file."""
    m = re.search(r"static const char \*const " + array + r"\[\] = \{([^}]*)\}", read(path))
    if not m:
        fail(f"{path} has no array {array}")
    return set(re.findall(r'"(\w+)"', m.group(1)))


def c_methods(path, array):
    """The method names of `static const luaL_Reg ARRAY[] = {...}`."""
    m = re.search(r"static const luaL_Reg " + array + r"\[\] = \{(.*?)\{NULL, NULL\}", read(path), re.S)
    if not m:
        fail(f"{path} has no luaL_Reg {array}")
    return set(re.findall(r'\{"(\w+)",', m.group(1)))


def sandbox_globals():
    """Every global a plugin's environment holds (lua/sandbox.c)."""
    src = read("lua/sandbox.c")
    names = c_strings("lua/sandbox.c", "base_allowed") | c_strings("lua/sandbox.c", "libs_allowed")
    names |= set(re.findall(r'lua_setfield\(L, (?:allowed|env), "(\w+)"\)', src))
    return names


def lua_list(name):
    """The strings of `local NAME = { "a", "b" }` in lua/prelude.lua."""
    m = re.search(r"local " + name + r" = \{([^}]*)\}", read("lua/prelude.lua"))
    if not m:
        fail(f"lua/prelude.lua has no list {name}")
    return set(re.findall(r'"(\w+)"', m.group(1)))


FIELD_TABLES = {"Group": "group_fields", "Finance": "finance_fields", "Capital": "capital_fields",
                "Backlog": "backlog_fields"}


def expected():
    tables = {cls: c_field_table(t) for cls, t in FIELD_TABLES.items()}
    names = {
        "Plan": c_strings("lua/bind_plan.c", "plan_fields") | c_methods("lua/bind_plan.c", "plan_methods"),
        "Unit": c_strings("lua/bind_plan.c", "unit_fields"),
        "Group": set(tables["Group"]) | c_strings("lua/bind_block.c", "group_extras"),
        "Finance": set(tables["Finance"]) | c_strings("lua/bind_block.c", "finance_extras"),
        "Capital": set(tables["Capital"]) | c_strings("lua/bind_block.c", "capital_extras"),
        "Backlog": set(tables["Backlog"]),
        "Schedule": c_methods("lua/bind_schedule.c", "schedule_methods"),
        "ChangeOptions": c_strings("lua/bind_schedule.c", "option_names"),
        "Lines": c_methods("lua/bind_lines.c", "lines_methods"),
        "Lines:add{}": c_strings("lua/bind_lines.c", "add_keys"),
        "Line": c_strings("lua/bind_lines.c", "line_fields"),
        "Results": c_strings("lua/bind_result.c", "result_fields"),
        "ResultOptions": c_strings("lua/bind_result.c", "names"),
        "ScenarioDef": lua_list("SCENARIO_FIELDS"),
        "ParamSpec": lua_list("PARAM_FIELDS"),
        "Metric": lua_list("METRIC_FIELDS"),
        "globals": sandbox_globals(),
        "os": c_strings("lua/sandbox.c", "os_allowed"),
    }
    return names, tables


def annotated():
    """Class name -> {field or method: (type, description) or None}, as lua/gapplan.d.lua annotates them."""
    classes, local_of, current = {}, {}, None
    lines = read(DLUA).splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        m = re.match(r"---@class gapplan\.(\w+)", line)
        if m:
            current = m.group(1)
            classes.setdefault(current, {})
            continue
        m = re.match(r"---@field (\w+)\??\s+(\S+)\s*(.*)$", line)
        if m and current:
            classes[current][m.group(1)] = (m.group(2), m.group(3).strip())
            continue
        m = re.match(r"local (\w+) = \{\}", line)
        if m and current:
            local_of[m.group(1)] = current
            continue
        m = re.match(r"---@param line \{(.*)\}", line)
        if m and current == "Lines":
            classes["Lines:add{}"] = {k: None for k in re.findall(r"(\w+)\s*:", m.group(1))}
            continue
        m = re.match(r"function (\w+)([:.])(\w+)\(", line)
        if m:
            owner = "os" if m.group(1) == "os" else local_of.get(m.group(1), m.group(1))
            classes.setdefault(owner, {})[m.group(3)] = None
            continue
        if line.startswith("-- Globals:"):
            text = line[len("-- Globals:"):]
            while i < len(lines) and lines[i].startswith("-- ") and ":" not in lines[i]:
                text += " " + lines[i][3:]
                i += 1
            classes["globals"] = {g: None for g in re.findall(r"\w+", text)}
    return classes


def main():
    (want, tables), have = expected(), annotated()
    problems = []
    for cls, names in sorted(want.items()):
        got = have.get(cls)
        if got is None:
            problems.append(f"{cls} is not annotated")
            continue
        for name in sorted(names - set(got)):
            problems.append(f"{cls}.{name} is in the code but not annotated")
        for name in sorted(set(got) - names):
            problems.append(f"{cls}.{name} is annotated but the code has no such name")
    checked = 0
    for cls, fields in sorted(tables.items()):
        for name, (kind, unit, rng, doc) in sorted(fields.items()):
            got = have.get(cls, {}).get(name)
            if not got:
                continue
            checked += 1
            typ, text = got
            if typ != KIND_TYPES[kind]:
                problems.append(f"{cls}.{name} is annotated as {typ}, but core/fields.c makes it a {kind.lower()} "
                                f"field ({KIND_TYPES[kind]})")
            want_text = f"{doc} ({unit})" if rng is None else f"{doc} ({unit}, {rng})"
            if text != want_text:
                problems.append(f"{cls}.{name} says \"{text}\"; core/fields.c says \"{want_text}\"")
    for p in problems:
        print(f"{DLUA}: {p}")
    total = sum(len(v) for v in want.values())
    if problems:
        print(f"{len(problems)} problem(s) in {DLUA}")
        sys.exit(1)
    print(f"{total} API names annotated; {checked} input fields with their unit, range and meaning")


if __name__ == "__main__":
    main()
