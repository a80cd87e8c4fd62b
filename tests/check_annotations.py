#!/usr/bin/env python3
"""Check that lua/gapplan.d.lua annotates exactly the plugin API the code has.

The names come from the code itself: the field tables of core/fields.c, the field-name and method tables of
lua/bind_*.c, and the scenario, param and metric fields of lua/prelude.lua. A name the code has and the
annotations lack, or the other way round, fails the check, naming the class and the name.

Usage: check_annotations.py [SOURCE_DIR]
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))


def read(path):
    with open(os.path.join(ROOT, path), encoding="utf-8") as f:
        return f.read()


def c_field_table(table):
    """Names of a gp_field table in core/fields.c."""
    src = read("core/fields.c")
    body = src[src.index(f"static const gp_field {table}[] = {{"):]
    body = body[:body.index("};")]
    names = re.findall(r"(?:SCHEDULE|NUMBER)\(\w+, (\w+),", body)
    names += re.findall(r'\{"(\w+)", GP_FIELD_', body)
    return set(names)


def c_strings(path, array):
    """The strings of `static const char *const ARRAY[] = {...}` in a C file."""
    src = read(path)
    m = re.search(r"static const char \*const " + array + r"\[\] = \{([^}]*)\}", src)
    if not m:
        raise SystemExit(f"check_annotations: {path} has no array {array}")
    return set(re.findall(r'"(\w+)"', m.group(1)))


def c_methods(path, array):
    """The method names of `static const luaL_Reg ARRAY[] = {...}`."""
    src = read(path)
    m = re.search(r"static const luaL_Reg " + array + r"\[\] = \{(.*?)\{NULL, NULL\}", src, re.S)
    if not m:
        raise SystemExit(f"check_annotations: {path} has no luaL_Reg {array}")
    return set(re.findall(r'\{"(\w+)",', m.group(1)))


def lua_list(name):
    """The strings of `local NAME = { "a", "b" }` in lua/prelude.lua."""
    m = re.search(r"local " + name + r" = \{([^}]*)\}", read("lua/prelude.lua"))
    if not m:
        raise SystemExit(f"check_annotations: lua/prelude.lua has no list {name}")
    return set(re.findall(r'"(\w+)"', m.group(1)))


def expected():
    return {
        "Plan": c_strings("lua/bind_plan.c", "plan_fields") | c_methods("lua/bind_plan.c", "plan_methods"),
        "Unit": c_strings("lua/bind_plan.c", "unit_fields"),
        "Group": c_field_table("group_fields") | c_strings("lua/bind_block.c", "group_extras"),
        "Finance": c_field_table("finance_fields") | c_strings("lua/bind_block.c", "finance_extras"),
        "Capital": c_field_table("capital_fields") | c_strings("lua/bind_block.c", "capital_extras"),
        "Backlog": c_field_table("backlog_fields"),
        "Schedule": c_methods("lua/bind_schedule.c", "schedule_methods"),
        "Lines": c_methods("lua/bind_lines.c", "lines_methods"),
        "Line": c_strings("lua/bind_lines.c", "line_fields"),
        "Results": c_strings("lua/bind_result.c", "result_fields"),
        "ScenarioDef": lua_list("SCENARIO_FIELDS"),
        "ParamSpec": lua_list("PARAM_FIELDS"),
        "Metric": lua_list("METRIC_FIELDS"),
    }


def annotated():
    """Class name -> fields and methods annotated in lua/gapplan.d.lua."""
    text = read("lua/gapplan.d.lua")
    classes, local_of, current = {}, {}, None
    for line in text.splitlines():
        m = re.match(r"---@class gapplan\.(\w+)", line)
        if m:
            current = m.group(1)
            classes.setdefault(current, set())
            continue
        m = re.match(r"---@field (\w+)\??\s", line)
        if m and current:
            classes[current].add(m.group(1))
            continue
        m = re.match(r"local (\w+) = \{\}", line)
        if m and current:
            local_of[m.group(1)] = current
            continue
        m = re.match(r"function (\w+):(\w+)\(", line)
        if m:
            classes.setdefault(local_of.get(m.group(1), m.group(1)), set()).add(m.group(2))
    return classes


def main():
    want, have = expected(), annotated()
    problems = []
    for cls, names in sorted(want.items()):
        got = have.get(cls)
        if got is None:
            problems.append(f"class gapplan.{cls} is not annotated")
            continue
        for name in sorted(names - got):
            problems.append(f"gapplan.{cls}.{name} is in the code but not annotated")
        for name in sorted(got - names):
            problems.append(f"gapplan.{cls}.{name} is annotated but the code has no such field or method")
    for p in problems:
        print("lua/gapplan.d.lua:", p)
    total = sum(len(v) for v in want.values())
    print(f"{total - len(problems)} of {total} API names annotated" if not problems else
          f"{len(problems)} problem(s) in lua/gapplan.d.lua")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
