"""LibreOffice recalculation for the workbook tests, when ../shared/tools (xlsx-recalc, xlsx-compare) is not beside
the project: the same method, kept small.

recalculate(pack, folder) has headless LibreOffice load the workbook with "always recalculate" set in a private
profile (its default keeps the cached values) and save it again; compare(pack, recalculated, rtol, atol) lists the
formula cells whose cached value in `pack` differs from LibreOffice's. LibreOffice saves 15 significant digits, so
rtol should be no tighter than 1e-14.
"""
import os
import shutil
import subprocess

import openpyxl

SETTINGS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">\
<value>0</value></prop></item>
</oor:items>
"""


def recalculate(pack, folder):
    """The path of `pack` recalculated and saved by LibreOffice, in `folder`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    profile = os.path.join(folder, "lo-profile")
    os.makedirs(os.path.join(profile, "user"), exist_ok=True)
    with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as f:
        f.write(SETTINGS)
    out = os.path.join(folder, "recalculated")
    os.makedirs(out, exist_ok=True)
    subprocess.run([soffice, f"-env:UserInstallation=file://{os.path.abspath(profile)}", "--headless",
                    "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, pack],
                   capture_output=True, text=True, timeout=600)
    result = os.path.join(out, os.path.basename(pack))
    if not os.path.exists(result):
        raise RuntimeError(f"LibreOffice did not convert {pack}")
    return result


def compare(pack, recalculated, rtol=1e-9, atol=0.0):
    """(formula cells checked, [mismatch descriptions])."""
    formulas = openpyxl.load_workbook(pack)
    cached = openpyxl.load_workbook(pack, data_only=True)
    fresh = openpyxl.load_workbook(recalculated, data_only=True)
    checked, bad = 0, []
    for ws in formulas.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if not (isinstance(c.value, str) and c.value.startswith("=")):
                    continue
                a = cached[ws.title][c.coordinate].value
                b = fresh[ws.title][c.coordinate].value
                checked += 1
                ok = isinstance(a, (int, float)) and isinstance(b, (int, float)) and \
                    abs(a - b) <= max(atol, rtol * max(abs(a), abs(b)))
                if not ok and len(bad) < 20:
                    bad.append(f"{ws.title}!{c.coordinate}: cached {a} vs recomputed {b} [{c.value}]")
                elif not ok:
                    bad.append("")
    return checked, bad
