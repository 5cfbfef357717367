#!/usr/bin/env python3
"""The report script's side of docs/reliability.md (ctest label `report`), standard library only.

    hardening_test.py CASE GWSIM_BINARY REPO_ROOT WORK_DIR

Cases read the run and stores Report.Setup made in WORK_DIR, copy what they break into a scratch folder, and run
`gwsim report` / `gwsim diff` on it. GWSIM_REPORT_DIR_UNDER_TEST, when set, names another folder holding
gwsim_report.py to check (that is how each case was shown to fail on the script before its fix).
Exit 0 pass, 1 fail.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message)
    return condition


def gwsim(*args, expect=0):
    env = dict(os.environ)
    env.pop("GWSIM_REPORT_DIR", None)
    if os.environ.get("GWSIM_REPORT_DIR_UNDER_TEST"):
        env["GWSIM_REPORT_DIR"] = os.environ["GWSIM_REPORT_DIR_UNDER_TEST"]
    try:
        p = subprocess.run([GWSIM] + list(args), capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    except subprocess.TimeoutExpired:
        check(False, f"gwsim {' '.join(args)}: still running after 60 s (blocked on its input?)")
        return subprocess.CompletedProcess(args, -1, "", "")
    check(expect is None or p.returncode == expect,
          f"gwsim {' '.join(args)}: exit {p.returncode}, expected {expect}\nstderr:\n{p.stderr}")
    check("Traceback" not in p.stderr, f"gwsim {' '.join(args)}: a Python traceback:\n{p.stderr}")
    return p


def w(*parts):
    return os.path.join(WORK, *parts)


def copy_run(tmp, name):
    dst = os.path.join(tmp, name)
    shutil.copytree(w("ft"), dst, ignore=shutil.ignore_patterns("report", "diff", "rerun"))
    return dst


def edit_summary(run, change):
    path = os.path.join(run, "summary.json")
    summary = json.load(open(path))
    change(summary)
    with open(path, "w") as f:
        json.dump(summary, f)


def rewrite_lines(path, change):
    lines = open(path, encoding="utf-8").read().splitlines(keepends=True)
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(change(lines))


def store_copy(tmp, sql):
    dst = os.path.join(tmp, "broken.sqlite")
    shutil.copy(w("tiny.sqlite"), dst)
    db = sqlite3.connect(dst)
    db.execute(sql)
    db.commit()
    db.close()
    return dst


# ---------------------------------------------------------------------------------------------------------------


def case_inputs():
    """Non-regular inputs, malformed summaries and store rows, and dates out of order are refused with a located
    message and exit 2, never a traceback, a hang or a wrong report."""
    tmp = tempfile.mkdtemp(prefix="gwsim-report-inputs-")
    try:
        out = os.path.join(tmp, "out")
        # A FIFO where a file is read: refused, not waited on.
        run = copy_run(tmp, "fifo")
        os.remove(os.path.join(run, "summary.json"))
        os.mkfifo(os.path.join(run, "summary.json"))
        p = gwsim("report", run, "-o", out, expect=2)
        check("FIFO (named pipe), not a regular file" in p.stderr, f"a FIFO summary.json: {p.stderr!r}")
        # A summary whose figures are not of their kinds.
        run = copy_run(tmp, "bad-summary")
        edit_summary(run, lambda s: s["final"].update(racks="many"))
        p = gwsim("report", run, "-o", out, expect=2)
        check("summary.json: /final/racks: expected a count (an integer), found many" in p.stderr,
              f"a located figure error: {p.stderr!r}")
        edit_summary(run, lambda s: s.update(final=5))
        p = gwsim("report", run, "-o", out, expect=2)
        check("summary.json" in p.stderr and "/final" in p.stderr, f"final not an object: {p.stderr!r}")
        edit_summary(run, lambda s: (s.update(final={}), s.update(gw_live_dates=["2027-03-01", "2026-01-01"])))
        p = gwsim("report", run, "-o", out, expect=2)
        check("/gw_live_dates/1: date 2026-01-01 is before the previous row's 2027-03-01" in p.stderr,
              f"GW dates out of order: {p.stderr!r}")
        # Store rows: a summary that is not JSON, one that is JSON but not a summary.
        for sql, expected in (("UPDATE replications SET summary_json = '{' WHERE point = 0 AND replication = 0",
                               "point 0 replication 0: summary_json: not JSON"),
                              ("UPDATE replications SET summary_json = '{\"manifest\": 5}' WHERE point = 0 AND "
                               "replication = 1", "point 0 replication 1: summary_json: /manifest: expected an "
                                                  "object")):
            store = store_copy(tmp, sql)
            p = gwsim("report", store, "-o", out, expect=2)
            check(expected in p.stderr, f"{expected}: {p.stderr!r}")
            os.remove(store)
        # Dates out of order: a repeated timeline row, a reversed one, a site's dates going back.
        run = copy_run(tmp, "dates")
        timeline = os.path.join(run, "timeline.csv")
        original = open(timeline, encoding="utf-8").read()
        rewrite_lines(timeline, lambda lines: lines[:6] + [lines[5]] + lines[6:])
        p = gwsim("report", run, "-o", out, expect=2)
        check("timeline.csv:7: date" in p.stderr and "is the same as the previous row's" in p.stderr,
              f"a repeated date: {p.stderr!r}")
        open(timeline, "w", encoding="utf-8").write(original)
        rewrite_lines(timeline, lambda lines: lines[:5] + [lines[6], lines[5]] + lines[7:])
        p = gwsim("report", run, "-o", out, expect=2)
        check("timeline.csv:7: date" in p.stderr and "is before the previous row's" in p.stderr,
              f"a reversed date: {p.stderr!r}")
        open(timeline, "w", encoding="utf-8").write(original)
        sites = os.path.join(run, "sites.csv")
        rewrite_lines(sites, lambda lines: [lines[0]] + lines[3:] + lines[1:3])
        p = gwsim("report", run, "-o", out, expect=2)
        check("sites.csv:" in p.stderr and "is before its previous row's" in p.stderr, f"sites going back: {p.stderr!r}")
        check(not os.path.exists(out), "nothing written for any of them")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def case_outputs():
    """A non-empty output folder needs --force; with it the report's files are replaced as a set, the folder's
    other files kept; a killed report's staging folder is recovered by the next one."""
    tmp = tempfile.mkdtemp(prefix="gwsim-report-outputs-")
    try:
        run = copy_run(tmp, "run")
        out = os.path.join(tmp, "out")
        os.makedirs(out)
        open(os.path.join(out, "mine.txt"), "w").write("my notes\n")
        open(os.path.join(out, "report.html"), "w").write("an earlier report\n")
        p = gwsim("report", run, "-o", out, expect=2)
        check("is not empty; add --force" in p.stderr, f"refused without --force: {p.stderr!r}")
        check(open(os.path.join(out, "report.html")).read() == "an earlier report\n", "nothing replaced")
        gwsim("report", run, "-o", out, "--force")
        check(open(os.path.join(out, "mine.txt")).read() == "my notes\n", "other files are left alone")
        check("<html" in open(os.path.join(out, "report.html")).read(), "the report replaced")
        check(not [n for n in os.listdir(tmp) if ".gwsim-" in n], f"no staging left: {os.listdir(tmp)}")
        # The default DIR/report too: a second report needs --force.
        gwsim("report", run)
        gwsim("report", run, expect=2)
        # A stale staging folder (a report killed while it switched): entries moved over go back, the rest goes.
        staging = os.path.join(tmp, ".out.gwsim-dir-AAAAAAAAAAAA")
        os.makedirs(staging)
        open(os.path.join(staging, "chart-gw-live.png"), "w").write("half a chart")
        os.rename(os.path.join(out, "mine.txt"), os.path.join(staging, "mine.txt"))
        gwsim("report", run, "-o", out, "--force")
        check(not os.path.exists(staging), "the stale staging folder is gone")
        check(open(os.path.join(out, "mine.txt")).read() == "my notes\n", "its carried-over entry is back")
        # gwsim diff follows the same rule.
        d = os.path.join(tmp, "diff")
        gwsim("diff", run, run, "-o", d)
        p = gwsim("diff", run, run, "-o", d, expect=2)
        check("is not empty; add --force" in p.stderr, f"diff refused without --force: {p.stderr!r}")
        gwsim("diff", run, run, "-o", d, "--force")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in CASES:
        sys.exit(f"usage: hardening_test.py {{{'|'.join(CASES)}}} GWSIM REPO WORK")
    _, case, GWSIM, REPO, WORK = sys.argv
    GWSIM, REPO, WORK = os.path.abspath(GWSIM), os.path.abspath(REPO), os.path.abspath(WORK)
    CASES[case]()
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed in {case}")
        sys.exit(1)
    print(f"{case}: ok")
