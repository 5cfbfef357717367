#!/usr/bin/env python3
"""Tests of `gwsim report` and `gwsim diff` (ctest label `report`), standard library only.

    report_test.py CASE GWSIM_BINARY REPO_ROOT WORK_DIR

`setup` runs the scenarios and sweeps and makes the reports that the other cases check; every other case reads
WORK_DIR. Exit 0 pass, 1 fail, 77 skipped (the browser cases without Chromium).
"""

import csv
import json
import math
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import zlib

SKIP = 77
RUN_CHARTS = ["gw-live", "hardware", "compute", "power-energy", "carbon-water", "fleet-health", "capex-investment",
              "cash-flow",
              "gantt", "constraints"]
# Columns the engine gained with demand; a timeline from before demand has none of them.
DEMAND_ERA_COLUMNS = ["demand_pflops", "served_pflops", "unserved_pflops", "power_capped_pflops", "pue",
                      "grid_energy_mwh", "co2_t", "water_m3"]
# Columns the engine gained with failures (fleet health); a timeline from before them has none.
FLEET_HEALTH_COLUMNS = ["racks_in_repair", "effective_pflops", "training_goodput"]
SWEEP_CHARTS = ["fan-gw-live", "key-dates"]
FAILURES = []


def check(condition, message):
    if not condition:
        FAILURES.append(message)
        print("FAIL: " + message)
    return condition


def gwsim(*args, env=None, expect=0):
    e = dict(os.environ)
    e.pop("GWSIM_REPORT_DIR", None)
    e.update(env or {})
    p = subprocess.run([GWSIM] + list(args), capture_output=True, text=True, env=e, cwd=REPO, timeout=600)
    if expect is not None and p.returncode != expect:
        raise AssertionError(f"gwsim {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def w(*parts):
    return os.path.join(WORK, *parts)


# ---------------------------------------------------------------------------------------------------------------


def case_setup():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    ft = "scenarios/first-tranche-2026.yaml"
    # A slow serving rate (100,000 tokens/s per Vera Rubin rack, all of it realized), so that the first tranche
    # leaves demand unserved at peak hours and the power cap binds: the charts' shortfall paths get exercised.
    slow = ["--set", "serving.tokens_per_s=[{platform: vera_rubin_nvl72, value: 100000}]",
            "--set", "serving.realized_fraction=100%"]
    gwsim("run", ft, "-o", w("ft"), "-q", *slow)
    gwsim("run", ft, "-o", w("ft-weekly"), "-q", "--step", "1w", *slow)
    gwsim("run", ft, "-o", w("ft-125"), "-q", "--set", "supply[0].racks_per_week=125", *slow)
    gwsim("run", ft, "-o", w("ft-60"), "-q", "--set", "supply[0].racks_per_week=60", *slow)
    # A smaller second interconnect at site-a: racks go live in the cool months and the summer PUE then needs more
    # power than the grid gives, so the power cap withholds compute.
    gwsim("run", ft, "-o", w("ft-cap"), "-q", "--set", "sites[0].grid[1].capacity=250MW", *slow)
    gwsim("run", ft, "-o", w("ft-hourly"), "-q", "--step", "1h", "--set", "end=2026-12-31", *slow)
    # Starting after site-a's hall-1 is ready (2026-07-01): that hall_ready event is dated the first day.
    gwsim("run", ft, "-o", w("ft-late"), "-q", "--step", "1mo", "--set", "start=2026-08-01", *slow)
    gwsim("sweep", "tests/data/sweeps/tiny-sweep.yaml", "-o", w("tiny.sqlite"), "-j", "2")
    gwsim("sweep", "tests/report/data/first-tranche-mini-sweep.yaml", "-o", w("mini.sqlite"), "-j", "2")
    gwsim("results", w("tiny.sqlite"), "--csv", w("tiny-results.csv"), "--replications-csv", w("tiny-reps.csv"))
    gwsim("results", w("mini.sqlite"), "--csv", w("mini-results.csv"), "--replications-csv", w("mini-reps.csv"))
    p = gwsim("report", w("ft"))  # default output folder: DIR/report
    check("report.html" in p.stdout, "report prints what it wrote")
    gwsim("report", w("ft-weekly"), "-o", w("ft-weekly-report"))
    gwsim("report", w("ft-cap"))
    gwsim("report", w("ft-hourly"))
    gwsim("report", w("ft-late"))
    # finance.csv with a column a later gwsim may add (insurance_usd) and its columns in another order: the
    # cash-flow chart reads its columns by name.
    shutil.copytree(w("ft"), w("ft-writeoff"), ignore=shutil.ignore_patterns("report"))
    header, rows = read_csv(w("ft", "finance.csv"))
    order = [0] + list(range(len(header) - 1, 0, -1))
    with open(w("ft-writeoff", "finance.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow([header[i] for i in order] + ["insurance_usd"])
        wr.writerows([r[i] for i in order] + [str(k % 7)] for k, r in enumerate(rows))
    gwsim("report", w("ft-writeoff"))
    # Optimizations: the small exhaustive spec (15 plans x 3 replications of a five-month scenario), and the same
    # with a constraint no plan meets.
    gwsim("optimize", "tests/data/optimize/small-grid.yaml", "-o", w("opt"), "-j", "2", "--no-chart")
    spec = open(os.path.join(REPO, "tests/data/optimize/small-grid.yaml")).read()
    spec = spec.replace("baseline: small.yaml", "baseline: " + os.path.join(REPO, "tests/data/optimize/small.yaml"))
    spec = spec.replace("at_least: 170", "at_least: 1000")
    open(w("opt-infeasible.yaml"), "w").write(spec)
    gwsim("optimize", w("opt-infeasible.yaml"), "-o", w("opt-infeasible"), "-j", "2", "--no-chart")
    gwsim("optimize", "tests/report/data/small-dates-optimize.yaml", "-o", w("opt-dates"), "-j", "2", "--no-chart")
    gwsim("report", w("opt"))
    gwsim("report", w("opt-infeasible"), "-q")
    gwsim("report", w("opt-dates"), "-q")
    gwsim("report", w("tiny.sqlite"))  # default: beside the store, <stem>-report
    gwsim("report", w("mini.sqlite"), "-o", w("mini-report"))


def case_run_files():
    for folder in (w("ft", "report"), w("ft-weekly-report")):
        names = ["report.html", "summary.md"] + [f"chart-{c}.{e}" for c in RUN_CHARTS for e in ("png", "svg", "csv")]
        for n in names:
            path = os.path.join(folder, n)
            check(os.path.isfile(path) and os.path.getsize(path) > 0, f"{path} exists and is not empty")
        leftovers = [n for n in os.listdir(folder) if n.startswith(".tmp")]
        check(not leftovers, f"no temporary files left in {folder}: {leftovers}")
    summary = json.load(open(w("ft", "summary.json")))
    name = summary["scenario"]
    sha = summary["manifest"]["scenario_sha256"]
    for c in RUN_CHARTS:
        png = open(w("ft", "report", f"chart-{c}.png"), "rb").read()
        check(png[:8] == b"\x89PNG\r\n\x1a\n", f"chart-{c}.png is a PNG")
        width, height = struct.unpack(">II", png[16:24])
        check(width >= 1200 and height >= 600, f"chart-{c}.png is large enough for a slide ({width}x{height})")
        svg = open(w("ft", "report", f"chart-{c}.svg"), encoding="utf-8").read()
        check(svg.lstrip().startswith("<?xml") and "<svg" in svg, f"chart-{c}.svg is an SVG")
        # matplotlib writes each text as a comment beside its glyph paths: the scenario and hash are on the chart.
        check(f"Scenario {name}" in svg, f"chart-{c}.svg names the scenario")
        check(sha[:12] in svg and sha not in svg, f"chart-{c}.svg carries the scenario's SHA-256, shortened to 12 digits")
        check("http://" not in re.sub(r'xmlns(:\w+)?="[^"]*"|<!DOCTYPE[^>]*>|<metadata>.*?</metadata>', "", svg,
                                      flags=re.S), f"chart-{c}.svg links nothing outside")


def timeline_columns(run_dir):
    theader, trows = read_csv(os.path.join(run_dir, "timeline.csv"))
    return {c: [r[i] for r in trows] for i, c in enumerate(theader)}


def compare_with_timeline(run_dir, report_dir, charts=RUN_CHARTS):
    tcol = timeline_columns(run_dir)
    compared = {}
    for c in charts:
        if c in ("gantt", "cash-flow"):  # not timeline columns: the cash-flow chart is checked against finance.csv
            continue
        header, rows = read_csv(os.path.join(report_dir, f"chart-{c}.csv"))
        check(header[0] == "date", f"chart-{c}.csv starts with date")
        check([r[0] for r in rows] == tcol["date"], f"chart-{c}.csv has the timeline's dates")
        shared = [h for h in header[1:] if h in tcol]
        check(len(shared) >= 2, f"chart-{c}.csv holds timeline columns ({shared})")
        for h in shared:
            i = header.index(h)
            for k, (r, t) in enumerate(zip(rows, tcol[h])):
                if h == "binding_constraint":
                    ok = r[i] == t
                else:
                    a, b = float(r[i]), float(t)
                    ok = math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)
                if not ok:
                    check(False, f"chart-{c}.csv {h} row {k + 2}: {r[i]} != timeline {t}")
                    break
        compared[c] = shared
    return compared


def case_csv_match_timeline():
    compared = compare_with_timeline(w("ft"), w("ft", "report"))
    for must, c in [("live_capacity_mw", "gw-live"), ("grid_capacity_mw", "gw-live"), ("racks", "hardware"),
                    ("gpu_packages", "hardware"), ("gpu_dies", "hardware"), ("pflops_fp8", "compute"),
                    ("demand_pflops", "compute"), ("served_pflops", "compute"), ("unserved_pflops", "compute"),
                    ("power_capped_pflops", "compute"), ("grid_capacity_mw", "power-energy"),
                    ("grid_import_mw", "power-energy"), ("pue", "power-energy"), ("grid_energy_mwh", "power-energy"),
                    ("co2_t", "carbon-water"), ("water_m3", "carbon-water"),
                    ("facility_power_mw", "power-energy"), ("energy_mwh", "power-energy"),
                    ("capex_usd", "capex-investment"), ("investment_usd", "capex-investment"),
                    ("racks_held_grid", "constraints"), ("binding_constraint", "constraints")]:
        check(must in compared.get(c, []), f"chart-{c}.csv holds {must}")
    compare_with_timeline(w("ft-weekly"), w("ft-weekly-report"))
    compare_with_timeline(w("ft-cap"), w("ft-cap", "report"))
    # Milestones in the data: the gw-live CSV marks first tokens and each GW on their dates.
    summary = json.load(open(w("ft", "summary.json")))
    header, rows = read_csv(w("ft", "report", "chart-gw-live.csv"))
    marks = {r[0]: r[header.index("milestone")] for r in rows if r[header.index("milestone")]}
    check("first tokens" in marks.get(summary["first_tokens_date"], ""), "gw-live CSV marks first tokens")
    for k, d in enumerate(summary["gw_live_dates"], start=1):
        check(f"GW {k} live" in marks.get(d, ""), f"gw-live CSV marks GW {k} live on {d}")
    # The compute chart's data are the timeline's own columns: no derived shortfall.
    header, _ = read_csv(w("ft", "report", "chart-compute.csv"))
    check(header == ["date", "pflops_fp8", "pflops_fp4"] + DEMAND_ERA_COLUMNS[:4],
          f"chart-compute.csv columns {header}")
    header, _ = read_csv(w("ft", "report", "chart-carbon-water.csv"))
    check(header == ["date", "co2_t", "water_m3"], f"chart-carbon-water.csv columns {header}")
    header, rows = read_csv(w("ft", "report", "chart-fleet-health.csv"))
    check(header == ["date", "pflops_fp8"] + FLEET_HEALTH_COLUMNS[1:2] + FLEET_HEALTH_COLUMNS[0:1]
          + FLEET_HEALTH_COLUMNS[2:], f"chart-fleet-health.csv columns {header}")
    # Effective compute never exceeds the live compute, and goodput is a fraction.
    for r in rows:
        live, effective, goodput = float(r[1]), float(r[2]), float(r[4])
        if not check(effective <= live + 0.05 and 0 <= goodput <= 1, f"chart-fleet-health.csv row {r}"):
            break


def gantt_shows_site_events(run):
    """Every hall, grid and delivery event of the run is on its Gantt chart, with the event's figures as labels."""
    header, rows = read_csv(w(run, "report", "chart-gantt.csv"))
    check(header == ["lane", "item", "start", "end", "label"], "chart-gantt.csv columns")
    items = [dict(zip(header, r)) for r in rows]
    events = list(csv.DictReader(open(w(run, "events.csv"))))
    for e in events:
        lane = f"{e['site']} · {e['item']}"
        if e["kind"] == "hall_ready":
            label = f"{float(e['value']):,.0f} MW IT"
            check(e["unit"] == "MW", f"{run}: hall_ready in MW ({e})")
            check(any(i["lane"] == lane and i["item"] in ("fit_out", "hall_ready") and (i["end"] or i["start"])
                      == e["date"] and i["label"] == label for i in items),
                  f"{run}: Gantt shows {lane} ready on {e['date']}, labelled {label}")
        if e["kind"] == "phase_done":
            check(any(i["lane"] == lane and i["item"] == "shell_done" and i["start"] == e["date"] for i in items),
                  f"{run}: Gantt shows {lane} shell done on {e['date']}")
        if e["kind"] == "grid_energized":
            check(e["unit"] == "MW" and e["unit2"] == "days", f"{run}: grid_energized in MW and days ({e})")
            ramp = float(e["value2"]) > 0
            label = f"ramp to {float(e['value']):,.0f} MW" if ramp else f"{float(e['value']):,.0f} MW"
            check(any(i["lane"] == f"{e['site']} · grid" and i["start"] == e["date"] and
                      i["item"] == ("grid_ramp" if ramp else "grid_step") and i["label"] == label for i in items),
                  f"{run}: Gantt shows the grid at {e['site']} on {e['date']}, labelled {label}")
        if e["kind"] == "first_delivery":
            check(any(i["lane"] == f"{e['site']} · racks" and i["start"] == e["date"] and
                      i["item"] == "first_delivery" for i in items),
                  f"{run}: Gantt shows the first delivery of {e['item']} at {e['site']} on {e['date']}")
    return items, events


def case_gantt():
    items, events = gantt_shows_site_events("ft")
    summary = json.load(open(w("ft", "summary.json")))
    # A hall ready before the run's start is on the chart with its IT capacity too.
    _, late_events = gantt_shows_site_events("ft-late")
    early = [e for e in late_events if e["kind"] == "hall_ready" and e["date"] == "2026-08-01"]
    check(len(early) == 1 and early[0]["item"] == "hall-1" and "(before the scenario start)" in early[0]["detail"],
          f"ft-late: hall-1 of site-a ready before the start ({early})")
    # Demand: a bar from each demand_exceeds_capacity event to the demand_met event after it.
    exceeds = [e for e in events if e["kind"] == "demand_exceeds_capacity"]
    met = [e for e in events if e["kind"] == "demand_met"]
    bars = [i for i in items if i["lane"] == "Demand"]
    check(len(exceeds) >= 1, "first-tranche-2026 leaves some demand unserved (events.csv)")
    check(len(bars) == len(exceeds), f"Gantt: one Demand bar per demand_exceeds_capacity ({len(bars)})")
    for k, (e, b) in enumerate(zip(exceeds, bars)):
        stop = met[k]["date"] if k < len(met) else summary["final"]["date"]
        check(b["item"] == ("shortfall" if k < len(met) else "shortfall_open") and b["start"] == e["date"] and
              b["end"] == stop, f"Gantt: demand not met {e['date']} to {stop}: {b}")
    for t in summary["tranches"]:
        check(any(i["lane"] == f"Tranche {t['name']}" and i["item"] == "tranche_live" and
                  i["start"] == t["first_live_date"] and i["end"] == t["fully_live_date"] for i in items),
              f"Gantt shows tranche {t['name']} live {t['first_live_date']} to {t['fully_live_date']}")


def case_summary_md():
    md = open(w("ft", "report", "summary.md"), encoding="utf-8").read()
    s = json.load(open(w("ft", "summary.json")))
    check(md.startswith(f"# {s['scenario']}"), "summary.md is titled with the scenario")
    check(s["manifest"]["scenario_sha256"][:12] in md and s["manifest"]["scenario_sha256"] not in md,
          "summary.md carries the scenario's hash, shortened to 12 digits")
    check(f"| first tokens | {s['first_tokens_date']} |" in md, "summary.md: first tokens row")
    for k, d in enumerate(s["gw_live_dates"], start=1):
        check(f"| GW {k} live | {d} |" in md, f"summary.md: GW {k} live row")
    check(f"| Racks live | {s['final']['racks']:,} | racks |" in md, "summary.md: racks total")
    # The headline: each milestone, under its summary.json name, with what gated it (summary.json's milestones), then
    # capex against the deal's investment and the idle capacity from the summary's figures, before the other tables.
    check(md.index("## Headline") < md.index("## Key dates and what gated each") < md.index("## Totals"),
          "summary.md opens with the headline, then the key dates with what gated each")
    check(len(s["milestones"]) >= 3, "the run has milestones")
    for m in s["milestones"]:
        g = m["gated_by"]
        row = next((line for line in md.splitlines() if line.startswith(f"| {m['name']} | {m['date']} |")), "")
        check(g["site"] in row and (g["item"] in row or g["kind"] == "crews") and
              row.endswith(f"| {m['gate_lead_days']} |"),
              f"summary.md: {m['name']} gated by {g}, next constraint {m['gate_lead_days']} days earlier: {row!r}")
    check("Next constraint earlier by (days)" in md and "Slack" not in md, "summary.md: no 'slack' to misread")
    for k, (d, v) in enumerate(zip(s["gw_live_dates"], s["gw_live_eflops_fp8_per_gw"]), start=1):
        row = next((line for line in md.splitlines() if line.startswith(f"| GW {k} live | {d} |")), "")
        check(f"| {v:,.1f} |" in row, f"summary.md: FP8 EFLOP/s per GW on the day {k} GW went live ({v}): {row!r}")
    f = s["final"]
    gap = f["capex_usd"] - f["investment_usd"]
    check(f"Capex not matched by the deal's investment: capex ${f['capex_usd'] / 1e9:,.2f}B against investment "
          f"released ${f['investment_usd'] / 1e9:,.2f}B at {f['date']}: ${gap / 1e9:,.2f}B not matched" in md,
          "summary.md: capex against the investment from summary.json's capex and investment")
    check("a letter of intent, not a contract" in md and "it is not a financing plan" in md
          and "no cash-flow model" not in md and "Funding gap" not in md,
          "summary.md: says what the investment is and what the finance block is")
    check("Finance: NPV incl. terminal value" in md and "training excluded" in md,
          "summary.md: the NPV with its terminal value, and training left out of revenue")
    # The totals carry what the printed summary shows: live facility capacity, IT power, the capex by category
    # (adding up to the capex spent), the racks waiting for power.
    check(md_row(md, "Live facility capacity (at peak, x PUE)") == [f"{f['live_facility_capacity_mw']:,.1f}", "MW"],
          "summary.md: live facility capacity")
    check(md_row(md, "IT power drawn") == [f"{f['it_power_mw']:,.1f}", "MW"], "summary.md: IT power drawn")
    c = s["capex"]
    parts = ["gpu_systems", "networking", "storage", "facility_shell", "electrical", "other"]
    check(abs(sum(c[p + "_usd"] for p in parts) - f["capex_usd"]) <= 6, "the categories add up to the capex spent")
    check(md_row(md, "of which GPU systems") == [f"{c['gpu_systems_usd'] / 1e9:,.2f}", "$B"],
          "summary.md: GPU systems capex")
    check(md_row(md, "of which facility shell") == [f"{c['facility_shell_usd'] / 1e9:,.2f}", "$B"],
          "summary.md: facility shell capex")
    bc = s["binding_constraints"]
    check(md_row(md, "Rack-days waiting for grid power") == [f"{bc['rack_days_held_grid']:,}", "rack-days"],
          "summary.md: rack-days waiting for grid power")
    u = s["utilization"]
    check(f"served {100 * u['average_while_live']:.1f}% of their FP8 compute on average while live "
          f"({100 * u['average']:.1f}% over the whole run" in md, "summary.md: utilization in the headline")
    check(f"{u['idle_pflops_average'] / 1e3:,.1f} EFLOP/s stood idle" in md, "summary.md: idle compute")
    check(f"| Capex spent | {s['final']['capex_usd'] / 1e9:,.2f} | $B |" in md, "summary.md: capex total")
    check("|---" in md, "summary.md has Markdown tables")


def case_axis_ends_after_last_event():
    """The rollout charts stop shortly after the last event (4% of the run, at least 30 days), not years of flat
    lines later; the workload and energy charts keep the whole run; the CSVs keep every row."""
    import datetime
    s = json.load(open(w("ft", "summary.json")))
    header, rows = read_csv(w("ft", "events.csv"))
    last = max(datetime.date.fromisoformat(r[0][:10]) for r in rows)
    start, end = (datetime.date.fromisoformat(s["manifest"][k]) for k in ("start_date", "end_date"))
    view = last + datetime.timedelta(days=max(30.0, 0.04 * (end - start).days))
    check(view < end, f"the first tranche's last event ({last}) is well before its end ({end})")
    note = f"axis ends {view.isoformat()}, after the last event"
    for c in ("gw-live", "hardware", "capex-investment", "constraints", "gantt"):
        svg = open(w("ft", "report", f"chart-{c}.svg"), encoding="utf-8").read()
        check(note in svg, f"chart-{c} stops at {view} and says so")
    for c in ("compute", "power-energy", "carbon-water"):
        svg = open(w("ft", "report", f"chart-{c}.svg"), encoding="utf-8").read()
        check("axis ends" not in svg, f"chart-{c} shows the whole run")
    _, trows = read_csv(w("ft", "timeline.csv"))
    _, crows = read_csv(w("ft", "report", "chart-gw-live.csv"))
    check(len(crows) == len(trows), "chart-gw-live.csv keeps every timeline row")


def case_html_self_contained():
    for folder in (w("ft", "report"), w("tiny-report"), w("mini-report")):
        page = open(os.path.join(folder, "report.html"), encoding="utf-8").read()
        srcs = re.findall(r'\ssrc="([^"]*)"', page)
        charts = RUN_CHARTS if folder == w("ft", "report") else SWEEP_CHARTS
        check(len(srcs) == len(charts), f"{folder}/report.html has one image per chart ({len(srcs)})")
        check(all(s.startswith("data:image/svg+xml;base64,") for s in srcs), "every image is inline (data URI)")
        hrefs = re.findall(r'\shref="([^"]*)"', page)
        check(all(not re.match(r"[a-z]+:", h) for h in hrefs), f"links are local files only: {hrefs[:3]}")
        check("<script" not in page and "@import" not in page and "url(" not in page, "no scripts or remote CSS")


def case_deterministic():
    out = tempfile.mkdtemp(prefix="gwsim-report-again-")
    try:
        gwsim("report", w("ft"), "-o", out)
        for n in sorted(os.listdir(w("ft", "report"))):
            same = open(os.path.join(out, n), "rb").read() == open(w("ft", "report", n), "rb").read()
            check(same, f"{n} is byte-identical when the report is made again")
        out_h = os.path.join(out, "hourly")  # hourly runs draw with path simplification: still the same bytes
        gwsim("report", w("ft-hourly"), "-o", out_h)
        for n in sorted(os.listdir(w("ft-hourly", "report"))):
            same = open(os.path.join(out_h, n), "rb").read() == open(w("ft-hourly", "report", n), "rb").read()
            check(same, f"hourly {n} is byte-identical when the report is made again")
        out2 = os.path.join(out, "sweep")
        gwsim("report", w("mini.sqlite"), "-o", out2)
        for n in sorted(os.listdir(w("mini-report"))):
            same = open(os.path.join(out2, n), "rb").read() == open(w("mini-report", n), "rb").read()
            check(same, f"sweep {n} is byte-identical when made again")
    finally:
        shutil.rmtree(out, ignore_errors=True)


def close(a, b):
    return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)


def same_column(chart_csv, timeline, column):
    """The chart CSV's column equals the timeline's, row for row (and the dates are the timeline's)."""
    header, rows = read_csv(chart_csv)
    if not check(column in header, f"{os.path.basename(chart_csv)} has {column}"):
        return False
    i = header.index(column)
    ok = check([r[0] for r in rows] == timeline["date"], f"{os.path.basename(chart_csv)}: the timeline's dates")
    bad = [(r[0], r[i], t) for r, t in zip(rows, timeline[column]) if not close(r[i], t)]
    return check(ok and not bad, f"{os.path.basename(chart_csv)} {column} equals the timeline's: {bad[:3]}")


def svg_text(path):
    return open(path, encoding="utf-8").read()


def case_compute_unserved():
    """The compute chart shades the timeline's own unserved_pflops (not demand - FP8 live), the power-capped part
    apart when there is one."""
    for run in ("ft", "ft-cap", "ft-hourly"):
        tl = timeline_columns(w(run))
        chart = w(run, "report", "chart-compute.csv")
        for c in ("demand_pflops", "served_pflops", "unserved_pflops", "power_capped_pflops", "pflops_fp8"):
            same_column(chart, tl, c)
        unserved = [float(x) for x in tl["unserved_pflops"]]
        check(any(u > 0 for u in unserved), f"{run}: some demand is not served")
        if run == "ft-cap":  # the power cap makes unserved differ from the old derived max(0, demand - FP8 live)
            derived = [max(0.0, float(d) - float(f)) for d, f in zip(tl["demand_pflops"], tl["pflops_fp8"])]
            check(any(not math.isclose(u, d, abs_tol=1e-6) for u, d in zip(unserved, derived)),
                  f"{run}: unserved differs from max(0, demand - FP8 live) somewhere (the test tells them apart)")
        header, _ = read_csv(chart)
        check("shortfall_pflops" not in header, f"{run}: no derived shortfall column")
        capped = any(float(x) > 0 for x in tl["power_capped_pflops"])
        svg = svg_text(w(run, "report", "chart-compute.svg"))
        check(("withheld by the power cap" in svg) == capped,
              f"{run}: the power-capped part is shaded (and in the legend) exactly when it is non-zero ({capped})")
        check("Unserved" in svg and "Demand" in svg and "Served compute" in svg, f"{run}: compute legend")
    tl = timeline_columns(w("ft-cap"))
    check(any(float(x) > 0 for x in tl["power_capped_pflops"]), "ft-cap: the power cap withholds some compute")


def case_power_pue():
    """Grid draw against grid capacity, and PUE (which varies: site-a has a monthly profile)."""
    for run in ("ft", "ft-hourly"):
        tl = timeline_columns(w(run))
        chart = w(run, "report", "chart-power-energy.csv")
        for c in ("grid_import_mw", "grid_capacity_mw", "pue", "grid_energy_mwh", "facility_power_mw"):
            same_column(chart, tl, c)
        live_pue = {x for x in tl["pue"] if float(x) > 0}
        check(len(live_pue) > 1, f"{run}: PUE varies")
        svg = svg_text(w(run, "report", "chart-power-energy.svg"))
        check("PUE (ratio)" in svg and "Grid capacity energized" in svg, f"{run}: PUE panel and grid capacity drawn")


def case_carbon_water():
    for run in ("ft", "ft-cap", "ft-hourly"):
        tl = timeline_columns(w(run))
        chart = w(run, "report", "chart-carbon-water.csv")
        header, rows = read_csv(chart)
        check(header == ["date", "co2_t", "water_m3"], f"{run}: chart-carbon-water.csv columns {header}")
        same_column(chart, tl, "co2_t")
        same_column(chart, tl, "water_m3")
        s = json.load(open(w(run, "summary.json")))
        check(close(tl["co2_t"][-1], s["totals"]["co2_t"]) and close(tl["water_m3"][-1], s["totals"]["water_m3"]),
              f"{run}: the timeline's last carbon and water equal summary.json's totals")
        svg = svg_text(w(run, "report", "chart-carbon-water.svg"))
        check(re.search(r"CO2 emitted \((M|k|)tCO2, cumulative\)", svg) is not None, f"{run}: CO2 axis label with unit")
        check(re.search(r"Water used \(((million|thousand) )?m3, cumulative\)", svg) is not None,
              f"{run}: water axis label with unit")


def md_row(md, label):
    """The cells after the label in summary.md's table row '| label | ... |', or None."""
    for line in md.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == label:
            return cells[1:]
    return None


def when(text):
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})", text or "")
    return f"{m.group(1)} {m.group(2)} UTC" if m else (text or "none")


def flop(eflop):
    """A total of compute as the reports show it: FLOP (1 EFLOP = 1e18 FLOP) in scientific notation."""
    return f"{eflop * 1e18:.2e}" if eflop else "0"


def case_summary_demand():
    """summary.md's and report.html's Demand section and totals show summary.json's figures."""
    for run in ("ft", "ft-cap", "ft-hourly"):
        s = json.load(open(w(run, "summary.json")))
        d, t = s["demand"], s["totals"]
        md = open(w(run, "report", "summary.md"), encoding="utf-8").read()
        page = open(w(run, "report", "report.html"), encoding="utf-8").read()
        check("## Demand" in md and '<h2 id="demand">Demand</h2>' in page, f"{run}: a Demand section")
        want = {
            "Days with demand not served": [f"{d['shortfall_days']:,}", "days"],
            "Peak unserved compute": [f"{d['peak_unserved_pflops'] / 1e3:,.1f}", "EFLOP/s"],
            "Peak unserved at": [when(d["peak_unserved_at"]), ""],
            "Compute served": [flop(d["served_eflop"]), "FLOP"],
            "Compute not served": [flop(d["unserved_eflop"]), "FLOP"],
            "Not served: withheld by the power cap": [flop(d["power_capped_eflop"]), "FLOP"],
            "Average grid import": [f"{s['average_grid_import_mw']:,.1f}", "MW"],
            "Peak grid import": [f"{s['peak_grid_import_mw']:,.1f}", "MW"],
            "IT energy used": [f"{t['it_energy_mwh'] / 1e3:,.1f}", "GWh"],
            "Facility energy used": [f"{t['facility_energy_mwh'] / 1e3:,.1f}", "GWh"],
            "Grid energy drawn": [f"{t['grid_energy_mwh'] / 1e3:,.1f}", "GWh"],
            "Carbon: grid (Scope 2, location-based)": [f"{round(t['co2_t']):,}", "tCO2"],
            "Water used": [f"{round(t['water_m3']):,}", "m3"],
        }
        for label, cells in want.items():
            got = md_row(md, label)
            check(got == cells, f"{run}: summary.md '{label}' is {cells}, found {got}")
            html_row = f'<td>{label}</td><td class="num">{cells[0]}</td><td>{cells[1]}</td>'
            check(html_row in page, f"{run}: report.html '{label}' row {html_row}")
        share = 100 * d["unserved_eflop"] / (d["served_eflop"] + d["unserved_eflop"])
        check(md_row(md, "Share of demand not served") == [f"{share:.2f}", "%"], f"{run}: unserved share")
        # The periods table: the first demand_exceeds_capacity events, in order.
        events = list(csv.DictReader(open(w(run, "events.csv"))))
        starts = [e for e in events if e["kind"] == "demand_exceeds_capacity"]
        lines = md[md.index("### Periods with demand not served"):md.index("## Binding constraints")]
        rows = [l for l in lines.splitlines() if re.match(r"\| \d{4}-", l)]
        check(len(rows) == min(15, len(starts)), f"{run}: {len(rows)} shortfall periods listed of {len(starts)}")
        for r, e in zip(rows, starts):
            start = e["date"].replace("T", " ") + " UTC" if "T" in e["date"] else e["date"]
            if not check(r.startswith(f"| {start} |"), f"{run}: period row {r!r} starts {start}"):
                break
        if len(starts) > 15:
            check(f"The first 15 of {len(starts)} periods" in md, f"{run}: says how many periods there are")


def make_old_run(dst):
    """The first-tranche run as a gwsim from before demand wrote it: no demand, PUE, grid energy, carbon or water
    columns, no demand events, no demand or totals in summary.json."""
    shutil.rmtree(dst, ignore_errors=True)
    os.makedirs(dst)
    for name in ("timeline.csv", "sites.csv"):
        header, rows = read_csv(w("ft", name))
        keep = [i for i, c in enumerate(header) if c not in DEMAND_ERA_COLUMNS + FLEET_HEALTH_COLUMNS]
        with open(os.path.join(dst, name), "w", newline="") as f:
            wr = csv.writer(f, lineterminator="\n")
            wr.writerow([header[i] for i in keep])
            for r in rows:
                wr.writerow([r[i] for i in keep])
    header, rows = read_csv(w("ft", "events.csv"))
    with open(os.path.join(dst, "events.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header)
        wr.writerows(r for r in rows if not r[1].startswith("demand_"))
    s = json.load(open(w("ft", "summary.json")))
    for k in ("demand", "totals", "average_grid_import_mw"):
        s.pop(k)
    for k in DEMAND_ERA_COLUMNS:
        s["final"].pop(k, None)
    json.dump(s, open(os.path.join(dst, "summary.json"), "w"), indent=2)


def case_old_timeline():
    """A run from before demand still renders: its charts lack the new series, the report its Demand section."""
    dst = w("ft-old")
    make_old_run(dst)
    out = os.path.join(dst, "report")
    gwsim("report", dst, "-o", out)
    old_charts = [c for c in RUN_CHARTS if c not in ("carbon-water", "fleet-health", "cash-flow")]
    for c in old_charts:
        check(os.path.isfile(os.path.join(out, f"chart-{c}.png")), f"old run: chart-{c}.png made")
    check(not os.path.exists(os.path.join(out, "chart-carbon-water.csv")), "old run: no carbon and water chart")
    check(not os.path.exists(os.path.join(out, "chart-fleet-health.csv")), "old run: no fleet health chart")
    check(not os.path.exists(os.path.join(out, "chart-cash-flow.csv")), "old run (no finance.csv): no cash-flow chart")
    compare_with_timeline(dst, out, old_charts)
    header, _ = read_csv(os.path.join(out, "chart-compute.csv"))
    check(header == ["date", "pflops_fp8", "pflops_fp4"], f"old run: compute CSV without demand ({header})")
    header, _ = read_csv(os.path.join(out, "chart-power-energy.csv"))
    check(header == ["date", "grid_capacity_mw", "grid_import_mw", "facility_power_mw", "it_power_mw", "energy_mwh",
                     "it_energy_mwh"], f"old run: power CSV without PUE or grid energy ({header})")
    check(not any(r[0] == "Demand" for r in read_csv(os.path.join(out, "chart-gantt.csv"))[1]),
          "old run: no Demand row in the Gantt chart")
    md = open(os.path.join(out, "summary.md"), encoding="utf-8").read()
    # The totals are the schema's table figures the old summary has: its final state, not the energy totals.
    check("## Demand" not in md and "| Racks live |" in md and "| Facility energy used |" not in md,
          "old run: no Demand section, no energy totals")
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    check(len(re.findall(r'\ssrc="data:image/svg\+xml;base64,', page)) == len(old_charts),
          "old run: report.html has one inline image per chart")


def case_hourly():
    """An hourly run (dates YYYY-MM-DDTHH:00) renders: charts over date and hour, CSVs with the timeline's dates,
    demand periods to the hour."""
    run, out = w("ft-hourly"), w("ft-hourly", "report")
    tl = timeline_columns(run)
    check(len(tl["date"]) == 365 * 24 and tl["date"][1] == "2026-01-01T01:00", "an hourly timeline")
    for c in RUN_CHARTS:
        for e in ("png", "svg", "csv"):
            check(os.path.isfile(os.path.join(out, f"chart-{c}.{e}")), f"hourly: chart-{c}.{e} made")
        png = open(os.path.join(out, f"chart-{c}.png"), "rb").read()
        width, height = struct.unpack(">II", png[16:24])
        check(width >= 1200 and height >= 600, f"hourly: chart-{c}.png {width}x{height}")
    compare_with_timeline(run, out)
    svg = svg_text(os.path.join(out, "chart-compute.svg"))
    check("Date and hour (UTC)" in svg, "hourly: the time axis says date and hour (UTC)")
    # The Gantt's Demand bars start and end on the hours the events give.
    events = list(csv.DictReader(open(os.path.join(run, "events.csv"))))
    hours = []
    for e in events:
        if e["kind"] in ("demand_exceeds_capacity", "demand_met"):
            check(re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:00", e["date"]) is not None,
                  f"hourly: the event gives its hour ({e['date']})")
            hours.append(e["date"])
    bars = [r for r in read_csv(os.path.join(out, "chart-gantt.csv"))[1] if r[0] == "Demand"]
    got = [x for r in bars for x in (r[2], r[3]) if r[1] == "shortfall"] + [r[2] for r in bars if r[1] != "shortfall"]
    check(len(bars) > 10 and got == hours, f"hourly: Demand bars on the events' hours ({len(bars)} bars)")
    s = json.load(open(os.path.join(run, "summary.json")))
    md = open(os.path.join(out, "summary.md"), encoding="utf-8").read()
    check(f"## Totals at {s['final']['date']} {s['final']['hour']:02d}:00 UTC" in md, "hourly: totals at the last hour")
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    check(len(re.findall(r'\ssrc="data:image/svg\+xml;base64,', page)) == len(RUN_CHARTS), "hourly: every chart inline")


def billions(usd):
    """Money as the report writes it ($B for a billion or more)."""
    if abs(usd) >= 1e9:
        return f"${usd / 1e9:,.2f}B"
    if abs(usd) >= 1e6:
        return f"${usd / 1e6:,.1f}M"
    return f"${usd:,.0f}"


def check_cash_flow(run, out, label):
    """chart-cash-flow.csv against finance.csv, read by column name here, and the peak funding need against both the
    summary and the lowest end-of-day cumulative project cash, found here independently."""
    with open(os.path.join(run, "finance.csv"), newline="") as f:
        fin = list(csv.DictReader(f))
    header, rows = read_csv(os.path.join(out, "chart-cash-flow.csv"))
    cols = ["cumulative_project_cash_usd", "cumulative_cash_usd", "equity_in_usd", "debt_drawn_usd"]
    check(header == ["date"] + cols + ["marker"], f"{label}: cash-flow CSV columns ({header})")
    check([r[0] for r in rows] == [r["date"] for r in fin], f"{label}: cash-flow CSV has finance.csv's dates")
    for c in cols:
        i = header.index(c)
        bad = [k for k, (r, f) in enumerate(zip(rows, fin)) if not close(r[i], f[c])]
        check(not bad, f"{label}: cash-flow CSV {c} equals finance.csv's (first difference at row {bad[:1]})")
    # The lowest cumulative project cash at the end of a day (each day's last row), first reached.
    cum = [float(r["cumulative_project_cash_usd"]) for r in fin]
    ends = [k for k in range(len(fin)) if k + 1 == len(fin) or fin[k + 1]["date"][:10] != fin[k]["date"][:10]]
    low = min(ends, key=lambda k: (cum[k], k))
    s = json.load(open(os.path.join(run, "summary.json")))["finance"]
    check(cum[low] < 0 and abs(s["peak_funding_usd"] + cum[low]) <= 1.0,
          f"{label}: summary's peak funding {s['peak_funding_usd']} = -(lowest cumulative cash {cum[low]})")
    check(s["peak_funding_date"] == fin[low]["date"][:10],
          f"{label}: summary's peak funding date {s['peak_funding_date']} is the lowest row's {fin[low]['date']}")
    marks = {k: r[-1] for k, r in enumerate(rows) if r[-1]}
    check(marks.get(low, "").startswith("peak funding need"), f"{label}: the CSV marks the peak on row {low + 2}")
    payback = next((k for k in ends if k > low and cum[k] >= 0), None)
    if payback is not None:
        check(s["payback_date"] == fin[payback]["date"][:10] and "payback" in marks.get(payback, ""),
              f"{label}: payback on {fin[payback]['date']} in the summary and the CSV")
    check(set(marks) <= {low, payback}, f"{label}: only the peak and the payback are marked ({sorted(marks)})")
    svg = svg_text(os.path.join(out, "chart-cash-flow.svg"))
    check("Cumulative cash (USD billions)" in svg and "Investment released (USD billions)" in svg,
          f"{label}: both axes say USD billions")
    need = billions(-cum[low])
    check(f"Peak funding need: {need} on {fin[low]['date'][:10]}" in svg and "agrees" in svg,
          f"{label}: the chart names the peak funding need {need} and that finance.csv agrees")
    invested = sum(float(r["equity_in_usd"]) + float(r["debt_drawn_usd"]) for r in fin)
    if invested > 0:
        check(f"(total {billions(invested)})" in svg, f"{label}: the investment panel gives the total released, "
                                                      f"{billions(invested)}")
    else:
        check("No investment released over the run" in svg, f"{label}: the investment panel says none was released")
    return rows, invested


def case_cash_flow():
    """The cash-flow chart of the daily, weekly and hourly runs against their finance.csv; a finance.csv with its
    columns reordered and a new column gives the same chart data."""
    daily, invested = check_cash_flow(w("ft"), w("ft", "report"), "daily")
    check(invested > 0, "the daily run (through 2027) releases investment")
    check_cash_flow(w("ft-weekly"), w("ft-weekly-report"), "weekly")
    check_cash_flow(w("ft-hourly"), w("ft-hourly", "report"), "hourly")  # through 2026: no investment yet
    again = read_csv(os.path.join(w("ft-writeoff", "report"), "chart-cash-flow.csv"))[1]
    check(again == daily, "finance.csv with columns reordered and insurance_usd added: the same cash-flow data")
    # A summary whose peak funding need finance.csv does not bear out: said on the chart and on stderr, still made.
    odd = w("ft-odd-finance")
    shutil.rmtree(odd, ignore_errors=True)
    shutil.copytree(w("ft"), odd, ignore=shutil.ignore_patterns("report"))
    s = json.load(open(os.path.join(odd, "summary.json")))
    true_need = s["finance"]["peak_funding_usd"]
    s["finance"]["peak_funding_usd"] = true_need + 2e9
    json.dump(s, open(os.path.join(odd, "summary.json"), "w"), indent=2)
    p = gwsim("report", odd, "-q")
    check("differs from finance.csv's lowest cumulative project cash" in p.stderr,
          f"a summary that finance.csv contradicts: a warning on stderr ({p.stderr.strip()[:200]})")
    svg = svg_text(os.path.join(odd, "report", "chart-cash-flow.svg"))
    check(f"finance.csv's lowest cumulative cash differs: {billions(true_need)}" in svg,
          "a summary that finance.csv contradicts: the chart says so, with finance.csv's figure")


def md_tables(md):
    """Every Markdown table's rows (header first), as lists of cells."""
    tables, current = [], None
    for line in md.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if set("".join(cells)) <= set("-: "):
                continue
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    return tables


def ranked_candidates(cands, objective):
    """The optimizer's ranking, recomputed: feasible plans first by the objective (minimized here), then infeasible
    ones by violation, then the objective; ties in evaluation order."""
    def key(r):
        v = float(r[objective]) if r[objective] not in ("n/a", "not reached") else math.inf
        return (0, v, 0) if r["feasible"] == "yes" else (1, float(r["violation"]), v)
    return sorted(cands, key=lambda r: (key(r), int(r["candidate"])))


def case_optimize_report():
    """gwsim report on an optimization folder: the feasible count, the best plan and its estimates with their
    intervals, the ranking and the trade-off chart, against candidates.csv read here."""
    opt, out = w("opt"), w("opt", "report")
    for n in ["report.html", "summary.md", "chart-pareto.png", "chart-pareto.svg", "chart-pareto.csv"]:
        check(os.path.isfile(os.path.join(out, n)), f"optimization report: {n} made")
    cands = list(csv.DictReader(open(os.path.join(opt, "candidates.csv"))))
    objective, constraint = "mean_energy_mwh", "p_racks_ge_170"
    feasible = [r for r in cands if r["feasible"] == "yes"]
    check(len(cands) == 15 and 0 < len(feasible) < 15, f"a grid of 15 plans, some feasible ({len(feasible)})")
    best = ranked_candidates(cands, objective)[0]
    check(min(float(r[objective]) for r in feasible) == float(best[objective]), "the best plan has the least energy")
    md = open(os.path.join(out, "summary.md"), encoding="utf-8").read()
    check(f"{len(feasible)} of 15 candidates feasible, {15 - len(feasible)} infeasible" in md,
          "summary.md gives the feasible and infeasible counts")
    check(f"Candidate {best['candidate']}, written as a scenario in best.yaml" in md, "summary.md names the best plan")
    tables = md_tables(md)
    decisions = next(t for t in tables if t[0] == ["Variable", "Value"])
    check(decisions[1:] == [["supply[0].racks_per_week", best["supply[0].racks_per_week"]],
                            ["sites[alpha].install_racks_per_week", best["sites[alpha].install_racks_per_week"]]],
          f"the best plan's decisions ({decisions[1:]})")
    estimates = next(t for t in tables if t[0][0] == "Figure" and t[0][1] == "Estimate")
    check(estimates[1] == ["minimize mean(energy_mwh)", best[objective],
                           f"{best[objective + '_ci_low']} to {best[objective + '_ci_high']}", ""],
          f"the objective's estimate and 95% CI ({estimates[1]})")
    check(estimates[2] == ["P(racks >= 170) >= 0.6", best[constraint],
                           f"{best[constraint + '_ci_low']} to {best[constraint + '_ci_high']}", "yes"],
          f"the constraint's estimate, CI and that it holds ({estimates[2]})")
    ranking = next(t for t in tables if t[0][:2] == ["Rank", "Candidate"])
    expected = [r["candidate"] for r in ranked_candidates(cands, objective)[:5]]
    check([r[1] for r in ranking[1:]] == expected, f"the ranking's first five ({[r[1] for r in ranking[1:]]})")
    header, rows = read_csv(os.path.join(out, "chart-pareto.csv"))
    check(header == ["constraint", "candidate", "constraint_value", "objective_value", "feasible", "non_dominated",
                     "best"], f"chart-pareto.csv columns ({header})")
    check(len(rows) == len(cands), "chart-pareto.csv: one point per candidate")
    by_id = {r["candidate"]: r for r in cands}
    check(all(r[2] == by_id[r[1]][constraint] and r[3] == by_id[r[1]][objective] and r[4] == by_id[r[1]]["feasible"]
              for r in rows), "chart-pareto.csv points are candidates.csv's estimates")
    check([r[1] for r in rows if r[6] == "yes"] == [best["candidate"]], "chart-pareto.csv stars the best plan")
    # The non-dominated plans, found here: no other plan has less energy and at least the probability, or the same
    # energy and a higher probability.
    pts = [(float(r[objective]), float(r[constraint]), r["candidate"]) for r in cands]
    front = sorted(c for o, p, c in pts if not any((o2 <= o and p2 >= p) and (o2 < o or p2 > p) for o2, p2, _ in pts))
    check(sorted(r[1] for r in rows if r[5] == "yes") == front, f"chart-pareto.csv's front is {front}")
    page = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    check(len(re.findall(r'\ssrc="data:image/svg\+xml;base64,', page)) == 1, "report.html has the chart inline")
    check("Best plan" in page and "No feasible plan" not in page, "report.html has the best plan section")
    again = tempfile.mkdtemp(prefix="gwsim-opt-report-again-")
    try:
        gwsim("report", opt, "-o", again, "-q")
        for n in sorted(os.listdir(out)):
            check(open(os.path.join(again, n), "rb").read() == open(os.path.join(out, n), "rb").read(),
                  f"optimization report: {n} is byte-identical when made again")
    finally:
        shutil.rmtree(again, ignore_errors=True)


def case_optimize_dates():
    """A money objective (shown in $B) and a constraint on a date figure's P50 (dates as dates)."""
    opt, out = w("opt-dates"), w("opt-dates", "report")
    cands = list(csv.DictReader(open(os.path.join(opt, "candidates.csv"))))
    objective, dates = "mean_capex_usd", "p50_first_tokens_date"
    best = ranked_candidates(cands, objective)[0]
    check(best["feasible"] == "yes", "some plan is feasible")
    md = open(os.path.join(out, "summary.md"), encoding="utf-8").read()
    estimates = next(t for t in md_tables(md) if t[0][:2] == ["Figure", "Estimate"])
    check(estimates[1][:3] == ["minimize mean(capex_usd)", billions(float(best[objective])),
                               f"{billions(float(best[objective + '_ci_low']))} to "
                               f"{billions(float(best[objective + '_ci_high']))}"],
          f"the capex estimate and CI in $ ({estimates[1]})")
    check(estimates[3] == ["p50(first_tokens_date) <= 2026-02-15", best[dates],
                           f"{best[dates + '_ci_low']} to {best[dates + '_ci_high']}", "yes"],
          f"the date constraint's P50 and CI as dates ({estimates[3]})")
    rows = [r for r in read_csv(os.path.join(out, "chart-pareto.csv"))[1] if r[0].startswith("p50(")]
    by_id = {r["candidate"]: r for r in cands}
    check(len(rows) == len(cands) and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r[2]) and r[2] == by_id[r[1]][dates]
                                          for r in rows), "the date constraint's panel has each candidate's date")


def case_optimize_infeasible():
    """No plan feasible: no best plan, the closest candidates by violation (recomputed here)."""
    opt, out = w("opt-infeasible"), w("opt-infeasible", "report")
    cands = list(csv.DictReader(open(os.path.join(opt, "candidates.csv"))))
    check(all(r["feasible"] == "no" for r in cands), "no plan is feasible")
    md = open(os.path.join(out, "summary.md"), encoding="utf-8").read()
    check("## No feasible plan" in md and "## Best plan" not in md, "summary.md says no plan is feasible")
    check(f"0 of {len(cands)} candidates feasible, {len(cands)} infeasible" in md, "summary.md gives the counts")
    ranking = next(t for t in md_tables(md) if t[0][:2] == ["Rank", "Candidate"])
    closest = ranked_candidates(cands, "mean_energy_mwh")[:5]
    check([r[1] for r in ranking[1:]] == [r["candidate"] for r in closest],
          f"the five closest candidates by violation ({[r[1] for r in ranking[1:]]})")
    check(all(r[4] == c["violation"] for r, c in zip(ranking[1:], closest)), "with their violations")
    check("P(racks >= 1000) >= 0.6 (holds)" in ranking[0], "the ranking shows the constraint's estimate")
    # An optimization folder without optimization.json (a gwsim from before it) is refused, naming the fix.
    old = w("opt-old")
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(opt, old, ignore=shutil.ignore_patterns("report", "evaluations"))
    os.remove(os.path.join(old, "optimization.json"))
    p = gwsim("report", old, expect=2)
    check("optimization.json" in p.stderr and "--resume" in p.stderr and not os.path.exists(os.path.join(old, "report")),
          f"an optimization folder without optimization.json: exit 2, nothing written ({p.stderr.strip()})")
    # candidates.csv without a column optimization.json names: exit 2, located, nothing written.
    shutil.copy(os.path.join(opt, "optimization.json"), old)
    header, rows = read_csv(os.path.join(opt, "candidates.csv"))
    keep = [i for i, c in enumerate(header) if c != "p_racks_ge_1000_ci_high"]
    with open(os.path.join(old, "candidates.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerows([[r[i] for i in keep] for r in [header] + rows])
    p = gwsim("report", old, expect=2)
    check("candidates.csv: no column p_racks_ge_1000_ci_high" in p.stderr and not os.path.exists(os.path.join(old, "report")),
          f"candidates.csv without a named column: exit 2, nothing written ({p.stderr.strip()})")


# ---- sweeps ---------------------------------------------------------------------------------------------------


def percentile(xs, p):
    xs = sorted(xs)
    h = (len(xs) - 1) * p / 100
    lo, hi = math.floor(h), math.ceil(h)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def case_sweep_report():
    for name, charts in (("tiny-report", SWEEP_CHARTS), ("mini-report", SWEEP_CHARTS)):
        for n in ["report.html", "summary.md", "ranking.csv"] + [f"chart-{c}.{e}" for c in charts
                                                                  for e in ("png", "svg", "csv")]:
            check(os.path.isfile(w(name, n)), f"{name}/{n} exists")
    # The fan chart's data: at each date, P10/P50/P90 of the GW live across replications, from gw_live_dates.
    for store in ("tiny", "mini"):
        _, reps = read_csv(w(f"{store}-reps.csv"))
        by_point = {}
        for r in reps:
            if r[3] == "ok":
                by_point.setdefault(int(r[0]), []).append([d for d in r[6].split(";") if d])
        header, rows = read_csv(w(f"{store}-report", "chart-fan-gw-live.csv"))
        check(header == ["point", "name", "date", "replications", "p10_gw", "p50_gw", "p90_gw"], "fan CSV columns")
        check({int(r[0]) for r in rows} == set(by_point), f"{store}: fan CSV covers every point")
        for r in rows:
            dates = by_point[int(r[0])]
            counts = [sum(1 for d in ds if d <= r[2]) for ds in dates]
            check(int(r[3]) == len(dates), f"{store}: replication count point {r[0]}")
            for col, p in ((4, 10), (5, 50), (6, 90)):
                if not check(math.isclose(float(r[col]), percentile(counts, p), abs_tol=1e-9),
                             f"{store}: fan P{p} at point {r[0]} {r[2]}: {r[col]} vs {percentile(counts, p)}"):
                    return
        for p, ds in by_point.items():  # every change of the step curve is a row
            for d in {d for x in ds for d in x}:
                check(any(int(r[0]) == p and r[2] == d for r in rows), f"{store}: fan CSV has a row on {d}")
    mini_rows = read_csv(w("mini-report", "chart-fan-gw-live.csv"))[1]
    check(any(float(r[5]) >= 1 for r in mini_rows), "mini sweep: the median reaches 1 GW")
    # Key-date histograms' data: one row per ok replication, the same dates as the replications CSV.
    header, rows = read_csv(w("mini-report", "chart-key-dates.csv"))
    _, reps = read_csv(w("mini-reps.csv"))
    check(len(rows) == sum(1 for r in reps if r[3] == "ok"), "key-dates CSV: one row per ok replication")
    want = {(r[0], r[1]): (r[5], r[6].split(";")[0] if r[6] else "") for r in reps}
    for r in rows:
        check(want[(r[0], r[2])] == (r[3], r[4]), f"key-dates CSV row {r[:3]} matches the store")
    # Sweep charts carry the sweep's and the scenario's hashes.
    conn = sqlite3.connect(w("mini.sqlite"))
    spec_sha, spec_name = conn.execute("SELECT spec_sha256, spec_name FROM sweep").fetchone()
    conn.close()
    for c in SWEEP_CHARTS:
        svg = open(w("mini-report", f"chart-{c}.svg"), encoding="utf-8").read()
        check(spec_sha[:12] in svg and spec_sha not in svg and f"Sweep {spec_name}" in svg,
              f"chart-{c}.svg names the sweep and its hash (12 digits)")
        check("first-tranche-2026-uncertain" in svg, f"chart-{c}.svg names the scenario")


def results_percentiles(path):
    _, rows = read_csv(path)
    return {(int(r[0]), r[2]): (r[5], r[6], r[7], r[8]) for r in rows}


def case_sweep_ranking():
    # Default: mini reaches 1 GW (but not 10): ranked by gw_1; tiny reaches no GW: ranked by first_tokens.
    for store, figure, results_figure in (("mini", "gw_1", "gw_1_live_date"), ("tiny", "first_tokens",
                                                                               "first_tokens_date")):
        header, rows = read_csv(w(f"{store}-report", "ranking.csv"))
        check(all(r[header.index("figure")] == figure for r in rows), f"{store}: default rank-by is {figure}")
        ref = results_percentiles(w(f"{store}-results.csv"))
        for r in rows:
            got = (r[header.index("p10")], r[header.index("p50")], r[header.index("p90")])
            want = ref[(int(r[header.index("point")]), results_figure)][:3]
            want = tuple("" if v == "not reached" else v for v in want)
            check(got == want, f"{store}: point {r[1]} percentiles {got} equal gwsim results' {want}")
        p50 = [r[header.index("p50")] for r in rows]
        check(p50 == sorted(p50), f"{store}: ranked earliest first")
        md = open(w(f"{store}-report", "summary.md"), encoding="utf-8").read()
        check("| Rank |" in md, f"{store}: summary.md has the ranking table")
    out = tempfile.mkdtemp(prefix="gwsim-rank-")
    try:
        gwsim("report", w("mini.sqlite"), "-o", out, "--rank-by", "energy_mwh")
        header, rows = read_csv(os.path.join(out, "ranking.csv"))
        vals = [float(r[header.index("p50")]) for r in rows]
        check(vals == sorted(vals, reverse=True), "energy_mwh ranks highest first")
        ref = results_percentiles(w("mini-results.csv"))
        for r in rows:
            want = float(ref[(int(r[1]), "energy_mwh")][1])
            check(math.isclose(float(r[header.index("p50")]), want, rel_tol=1e-9), "energy P50 equals gwsim results'")
        gwsim("report", w("mini.sqlite"), "-o", out, "--rank-by", "gw_1:desc", "--force")
        header, rows = read_csv(os.path.join(out, "ranking.csv"))
        p50 = [r[header.index("p50")] for r in rows]
        check(p50 == sorted(p50, reverse=True), "gw_1:desc ranks latest first")
        gwsim("report", w("mini.sqlite"), "-o", out, "--rank-by", "capex_usd", "--force")
        header, rows = read_csv(os.path.join(out, "ranking.csv"))
        vals = [float(r[header.index("p50")]) for r in rows]
        check(vals == sorted(vals), "capex_usd ranks lowest first")
        p = gwsim("report", w("mini.sqlite"), "-o", os.path.join(out, "bad"), "--rank-by", "bogus", expect=2)
        check("first_tokens" in p.stderr and "gw_N" in p.stderr, "a bad --rank-by lists the choices")
        check(not os.path.exists(os.path.join(out, "bad")), "nothing written for a bad --rank-by")
    finally:
        shutil.rmtree(out, ignore_errors=True)


# ---- diff -----------------------------------------------------------------------------------------------------


def diff_line(stdout, label):
    for line in stdout.splitlines():
        if line.strip().startswith(label + " "):
            return line
    return ""


def case_diff_self():
    out = w("diff-self")
    p = gwsim("diff", w("ft"), w("ft"), "-o", out)
    check("No change" in p.stdout, "diff of a run with itself says No change")
    check("later" not in p.stdout and "earlier" not in p.stdout, "no date moved")
    check("+0.0 points" in p.stdout, "binding shares unchanged")
    for n in ("diff.md", "chart-diff.png", "chart-diff.svg", "chart-diff.csv"):
        check(os.path.isfile(os.path.join(out, n)), f"diff wrote {n}")
    md = open(os.path.join(out, "diff.md"), encoding="utf-8").read()
    check("No change" in md and "| GW 1 live |" in md, "diff.md says No change and lists the dates")
    check("different bases" not in p.stdout and "GW on the IT basis" in p.stdout, "one basis: said, no warning")
    header, rows = read_csv(os.path.join(out, "chart-diff.csv"))
    check(header[:3] == ["date", "a_live_capacity_mw", "b_live_capacity_mw"], "chart-diff.csv columns")
    check(all(r[1] == r[2] and r[3] == r[4] and r[5] == r[6] for r in rows), "both curves equal")


def case_diff_basis():
    """Two runs on different GW bases: the diff says each run's basis and warns that their GW figures differ in kind."""
    base = w("ft-facility")
    gwsim("run", "scenarios/first-tranche-2026.yaml", "-o", base, "-q", "--force", "--set", "gw_basis=facility",
          "--set", "serving.tokens_per_s=[{platform: vera_rubin_nvl72, value: 300000}]")
    p = gwsim("diff", w("ft"), base, "-o", w("diff-basis"))
    lines = p.stdout.splitlines()
    check(lines[0].startswith("A = ") and "GW on the IT basis" in lines[0], f"A's basis: {lines[0]!r}")
    check(lines[1].startswith("B = ") and "GW on the facility basis" in lines[1], f"B's basis: {lines[1]!r}")
    check(any(l.startswith("Warning: the runs count GW on different bases (A: IT, B: facility)") for l in lines),
          "the diff warns that the bases differ")
    md = open(w("diff-basis", "diff.md"), encoding="utf-8").read()
    check("different bases" in md and "GW on the facility basis" in md, "diff.md warns too")
    # Piped into a reader that has gone (`gwsim diff A B | head`): the files are written, the exit is quiet.
    e = dict(os.environ)
    e.pop("GWSIM_REPORT_DIR", None)
    piped = subprocess.Popen([GWSIM, "diff", w("ft"), base, "-o", w("diff-piped")], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=e, cwd=REPO)
    piped.stdout.close()
    err = piped.stderr.read()
    code = piped.wait(timeout=600)
    check(code == 0 and "Errno" not in err and "Broken pipe" not in err, f"a closed pipe: exit {code}, {err!r}")
    check(os.path.isfile(w("diff-piped", "diff.md")), "a closed pipe: diff.md written all the same")


def case_diff_supply():
    a = json.load(open(w("ft", "summary.json")))
    for variant in ("ft-125", "ft-60"):
        b = json.load(open(w(variant, "summary.json")))
        p = gwsim("diff", w("ft"), w(variant))  # default output: RUN_B/diff
        check(os.path.isfile(w(variant, "diff", "diff.md")), f"{variant}: diff.md in RUN_B/diff")
        check("No change" not in p.stdout and "Changed:" in p.stdout, f"{variant}: the diff reports changes")
        line = diff_line(p.stdout, "GW 1 live")
        da, db = a["gw_live_dates"][0], b["gw_live_dates"][0]
        import datetime
        shift = (datetime.date.fromisoformat(db) - datetime.date.fromisoformat(da)).days
        check(da in line and db in line, f"{variant}: GW 1 live line shows both dates: {line!r}")
        if shift:
            check(f"+{shift} days (later)" in line, f"{variant}: GW 1 live moves {shift} days later: {line!r}")
        else:
            check("no change" in line, f"{variant}: GW 1 live unchanged: {line!r}")
        sa = a["binding_constraints"]["shares"]["rack_supply"]
        sb = b["binding_constraints"]["shares"]["rack_supply"]
        rack = diff_line(p.stdout, "Rack supply")
        check(f"{100 * (sb - sa):+.1f} points" in rack, f"{variant}: rack_supply share change shown: {rack!r}")
        check(sb > sa, f"{variant}: fewer racks a week make rack supply bind more often")
        energy = diff_line(p.stdout, "Facility energy used (GWh)")
        ea, eb = a["totals"]["facility_energy_mwh"], b["totals"]["facility_energy_mwh"]
        pct = 100 * (eb - ea) / ea
        check(f"{ea / 1e3:,.1f}" in energy and f"{eb / 1e3:,.1f}" in energy and f"{pct:+.1f}%" in energy,
              f"{variant}: energy in GWh and its change in %: {energy!r}")
        # Demand, carbon and water, from each run's summary.json.
        for label, xa, xb in (("Carbon: grid (Scope 2, location-based) (tCO2)", a["final"]["co2_t"], b["final"]["co2_t"]),
                              ("Water used (m3)", a["final"]["water_m3"], b["final"]["water_m3"]),
                              ("Days with demand not served (days)", a["demand"]["shortfall_days"],
                               b["demand"]["shortfall_days"])):
            row = diff_line(p.stdout, label)
            check(f"{xa:,.0f}" in row and f"{xb:,.0f}" in row, f"{variant}: {label} shows both runs: {row!r}")
    # At 60 racks a week (vs 250) supply cannot keep up: the first gigawatt is later.
    b = json.load(open(w("ft-60", "summary.json")))
    check(b["gw_live_dates"][0] > a["gw_live_dates"][0], "60 racks/week: 1 GW live later")
    p = gwsim("diff", w("ft"), w("ft-60"), "-o", w("diff-60"))
    check("later" in diff_line(p.stdout, "GW 1 live"), "diff reports the 1 GW date moving later")
    md = open(w("diff-60", "diff.md"), encoding="utf-8").read()
    check("(later)" in md and "supply[0].racks_per_week=60" in md, "diff.md shows the shift and B's override")
    # Why: what gated 1 GW in B (and in A when that differs), from both summaries' milestones.
    ga = next(m for m in a["milestones"] if m["name"] == "GW 1 live")["gated_by"]
    gb = next(m for m in b["milestones"] if m["name"] == "GW 1 live")["gated_by"]
    shift = (datetime.date.fromisoformat(b["gw_live_dates"][0]) - datetime.date.fromisoformat(a["gw_live_dates"][0])).days
    why = next((line for line in p.stdout.splitlines() if line.strip().startswith(f"GW 1 live moved +{shift} days: gated by")), "")
    check(why and gb["site"] in why.split("(was")[0] and (gb["item"] in why or gb["kind"] == "crews"),
          f"diff says why 1 GW moved +{shift} days (B gated by {gb}): {why!r}")
    if ga != gb:
        check("(was " in why and ga["site"] in why.split("(was")[1], f"... and what gated it in A ({ga}): {why!r}")
    check("## Why the dates moved" in md and f"moved +{shift} days" in md, "diff.md explains the moves too")


def total_lines(stdout):
    """The totals section of a diff's text: {label: (A, B, change)} from its columns (two or more spaces apart)."""
    rows, inside = {}, False
    for line in stdout.splitlines():
        if line.startswith("Totals at the end"):
            inside = True
            continue
        if inside:
            if not line.strip() or not line.startswith("  "):
                break
            cols = re.split(r"\s{2,}", line.strip())
            if len(cols) == 5:
                rows[cols[0]] = (cols[1], cols[2], cols[3])
    return rows


def case_diff_changed():
    """gwsim diff --changed prints the totals whose values differ, no others, each as the full diff prints it."""
    full = total_lines(gwsim("diff", w("ft"), w("ft-60"), "-o", w("diff-changed-full")).stdout)
    p = gwsim("diff", "--changed", w("ft"), w("ft-60"), "-o", w("diff-changed"))
    changed = total_lines(p.stdout)
    check(len(full) > len(changed) > 0, f"--changed lists fewer totals ({len(changed)}) than the full diff ({len(full)})")
    for label, (x, y, d) in full.items():
        moved = x != y or re.fullmatch(r"[+-]?0(\.0+)?(e[+-]?0+)?", d.replace(",", "")) is None
        if moved:
            check(changed.get(label) == (x, y, d), f"--changed keeps {label!r}: {changed.get(label)} vs {(x, y, d)}")
        else:
            check(label not in changed, f"--changed leaves out {label!r}, the same in both runs ({x})")
    check(f"{len(full) - len(changed)} totals did not change" in p.stdout, "--changed says how many it left out")
    md = open(w("diff-changed", "diff.md"), encoding="utf-8").read()
    check(all(label.split(" (")[0] in md for label in full), "diff.md keeps every total with --changed")


# ---- the schema ----------------------------------------------------------------------------------------------


def script(*args, stdin=None, expect=0):
    """The report script run directly (as gwsim runs it, but with a schema of the test's choosing)."""
    python = "/usr/bin/python3" if os.path.exists("/usr/bin/python3") else sys.executable
    e = dict(os.environ, MPLBACKEND="Agg")
    p = subprocess.run([python, os.path.join(REPO, "tools", "report", "gwsim_report.py")] + list(args), input=stdin,
                       capture_output=True, text=True, env=e, cwd=REPO, timeout=600)
    if expect is not None and p.returncode != expect:
        raise AssertionError(f"gwsim_report.py {' '.join(args)}: exit {p.returncode}, expected {expect}\n"
                             f"stdout:\n{p.stdout}\nstderr:\n{p.stderr}")
    return p


def extended_run(dst, bad_battery=False):
    """The first-tranche run with what a later gwsim might write: a battery column and figure, a text column, and a
    constraint (transformers) holding racks on some days."""
    shutil.rmtree(dst, ignore_errors=True)
    shutil.copytree(w("ft"), dst, ignore=shutil.ignore_patterns("report", "diff"))
    header, rows = read_csv(os.path.join(dst, "timeline.csv"))
    i_binding = header.index("binding_constraint")
    with open(os.path.join(dst, "timeline.csv"), "w", newline="") as f:
        wr = csv.writer(f, lineterminator="\n")
        wr.writerow(header + ["battery_mwh", "weather", "racks_held_transformers"])
        for k, r in enumerate(rows):
            held = 40 if 100 <= k < 150 else 0
            if held:
                r[i_binding] = "transformers"
            battery = "abc" if bad_battery and k == 7 else f"{1.5 * k:.3f}"
            wr.writerow(r + [battery, "rain, heavy" if k % 2 else "sunny", held])
    summary = json.load(open(os.path.join(dst, "summary.json")))
    summary["final"]["battery_mwh"] = 12400.0
    summary["binding_constraints"]["days"]["transformers"] = 50
    summary["binding_constraints"]["shares"]["transformers"] = 0.25
    json.dump(summary, open(os.path.join(dst, "summary.json"), "w"), indent=2)


def extended_schema():
    """gwsim's schema with the battery column and figure, the text column and the transformers constraint."""
    schema = json.loads(gwsim("schema", "outputs").stdout)
    columns = schema["files"]["timeline.csv"]["columns"]
    columns.append({"name": "battery_mwh", "kind": "number", "unit": "MWh", "decimals": 3, "label": "Battery energy",
                    "description": "energy stored in batteries"})
    columns.append({"name": "weather", "kind": "name", "unit": "name", "decimals": 0, "label": "Weather",
                    "description": "the day's weather"})
    columns.append({"name": "racks_held_transformers", "kind": "count", "unit": "racks", "decimals": 0,
                    "label": "Racks held by transformers", "description": "racks waiting for a transformer",
                    "constraint": "transformers"})
    schema["constraints"].append({"name": "transformers", "held_column": "racks_held_transformers"})
    schema["files"]["summary.json"]["figures"].append(
        {"pointer": "/final/battery_mwh", "name": "battery_mwh", "kind": "number", "unit": "MWh", "decimals": 3,
         "label": "Battery energy", "description": "energy stored in batteries at the end", "per": None,
         "when_absent": "never", "better": "higher",
         "display": {"label": "Battery energy stored", "unit": "GWh", "per_unit": 1000.0, "decimals": 1,
                     "order": 135},
         "sweep": None})
    return schema


def case_schema_driven():
    """The script knows columns, figures and constraints from the schema alone: given a schema with a battery
    column and figure, a text column and a constraint it has no code for, and a run folder that has them, it
    reports them without any change to the script."""
    run, out = w("ft-extended"), w("ft-extended", "report")
    extended_run(run)
    schema_file = w("extended-schema.json")
    json.dump(extended_schema(), open(schema_file, "w"))
    script("--schema", schema_file, "run", run, out)
    md = open(os.path.join(out, "summary.md"), encoding="utf-8").read()
    check(md_row(md, "Battery energy stored") == ["12.4", "GWh"], "the schema's new figure is in the totals, in GWh")
    rows = [l for l in md.splitlines() if l.startswith("| ")]
    labels = [l.split("|")[1].strip() for l in rows]
    check(labels.index("IT energy used") < labels.index("Battery energy stored") < labels.index("Facility energy used"),
          "the new figure sits at its display order (between IT and facility energy)")
    check(md_row(md, "Transformers") == ["25.0%", "50"], "the schema's new constraint has its binding share and days")
    header, crows = read_csv(os.path.join(out, "chart-constraints.csv"))
    check("racks_held_transformers" in header, f"the constraints chart holds the new constraint's racks: {header}")
    held = [int(r[header.index("racks_held_transformers")]) for r in crows]
    check(held.count(40) == 50, "the new constraint's column as the timeline gives it")
    check(any(r[header.index("binding_constraint")] == "transformers" for r in crows), "the band names it")
    svg = svg_text(os.path.join(out, "chart-constraints.svg"))
    check("Transformers (binding 25% of pending days)" in svg, "the chart's legend names the new constraint")
    # The script parses what the schema says is a number as a number: a bad value there is a located error...
    extended_run(run, bad_battery=True)
    p = script("--schema", schema_file, "run", run, os.path.join(run, "bad"), expect=2)
    check("timeline.csv:9: battery_mwh" in p.stderr and "abc" in p.stderr, f"a located error: {p.stderr!r}")
    check(not os.path.exists(os.path.join(run, "bad")), "nothing written")
    # ... while gwsim's own schema, which has no battery column, takes the same folder (its columns as text).
    gwsim("report", run, "-o", os.path.join(run, "plain"))
    md = open(os.path.join(run, "plain", "summary.md"), encoding="utf-8").read()
    check("Battery energy stored" not in md, "gwsim's own schema knows no battery_mwh figure")


def case_schema_errors():
    """The script needs the schema; a file that is not one is invalid input."""
    p = script("run", w("ft"), w("no-schema"), expect=2)
    check("--schema" in p.stderr, f"without a schema: the usage: {p.stderr!r}")
    p = script("--schema", "-", "run", w("ft"), w("no-schema"), stdin="{\"files\": {}}", expect=2)
    check("gwsim schema outputs" in p.stderr, f"a JSON that is not the schema: {p.stderr!r}")
    p = script("--schema", w("missing-schema.json"), "run", w("ft"), w("no-schema"), expect=2)
    check("missing-schema.json" in p.stderr, f"a missing schema file: {p.stderr!r}")
    check(not os.path.exists(w("no-schema")), "nothing written")
    # gwsim schema outputs piped by hand gives the same report as gwsim report.
    out = w("piped-report")
    script("--schema", "-", "run", w("ft"), out, stdin=gwsim("schema", "outputs").stdout)
    for n in ("summary.md", "chart-constraints.csv"):
        check(open(os.path.join(out, n), "rb").read() == open(w("ft", "report", n), "rb").read(),
              f"{n}: the same as gwsim report's")


# ---- errors ---------------------------------------------------------------------------------------------------


def case_errors():
    tmp = tempfile.mkdtemp(prefix="gwsim-report-errors-")
    try:
        out = os.path.join(tmp, "out")
        p = gwsim("report", os.path.join(tmp, "missing"), "-o", out, expect=2)
        check("does not exist" in p.stderr, "missing input: says so")
        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        p = gwsim("report", empty, "-o", out, expect=2)
        check("summary.json" in p.stderr, "folder without outputs: names the missing file")
        text = os.path.join(tmp, "notes.txt")
        open(text, "w").write("hello\n")
        gwsim("report", text, "-o", out, expect=2)
        fake = os.path.join(tmp, "fake.sqlite")
        open(fake, "w").write("not a database\n")
        p = gwsim("report", fake, "-o", out, expect=2)
        check("not an SQLite file" in p.stderr, "a .sqlite file that is not SQLite")
        other = os.path.join(tmp, "other.db")
        conn = sqlite3.connect(other)
        conn.execute("CREATE TABLE t (x)")
        conn.commit()
        conn.close()
        p = gwsim("report", other, "-o", out, expect=2)
        check("not a gwsim results store" in p.stderr, "an SQLite file of something else")
        p = gwsim("report", w("ft"), "-o", out, "--rank-by", "gw_1", expect=2)
        check("--rank-by" in p.stderr, "--rank-by on a run folder is refused")
        p = gwsim("diff", w("ft"), os.path.join(tmp, "missing"), "-o", out, expect=2)
        check("does not exist" in p.stderr, "diff with a missing folder")
        p = gwsim("diff", w("ft"), empty, "-o", out, expect=2)
        check("summary.json" in p.stderr, "diff with a folder that is not a run")
        check(not os.path.exists(out), "nothing written on invalid input")
        # A broken timeline: located error, exit 2.
        broken = os.path.join(tmp, "broken")
        shutil.copytree(w("ft"), broken, ignore=shutil.ignore_patterns("report", "diff"))
        with open(os.path.join(broken, "timeline.csv"), "a") as f:
            f.write("2028-01-01,abc\n")
        p = gwsim("report", broken, "-o", out, expect=2)
        check("timeline.csv:" in p.stderr, f"broken timeline: located error ({p.stderr.strip()})")
        check(not os.path.exists(out), "nothing written for a broken timeline")
        # events.csv from before typed events (date,kind,site,detail): said so, exit 2.
        old_events = os.path.join(tmp, "old-events")
        shutil.copytree(w("ft"), old_events, ignore=shutil.ignore_patterns("report", "diff"))
        header, rows = read_csv(os.path.join(old_events, "events.csv"))
        with open(os.path.join(old_events, "events.csv"), "w", newline="") as f:
            wr = csv.writer(f, lineterminator="\n")
            wr.writerow(["date", "kind", "site", "detail"])
            wr.writerows([r[0], r[1], r[2], r[-1]] for r in rows)
        p = gwsim("report", old_events, "-o", out, expect=2)
        check("before typed events" in p.stderr, f"old events.csv: says so ({p.stderr.strip()})")
        # A figure that is not a number: located error.
        with open(os.path.join(broken, "timeline.csv"), "w") as f:
            f.write(open(w("ft", "timeline.csv")).read())
        rows[0][4] = "many"
        with open(os.path.join(broken, "events.csv"), "w", newline="") as f:
            wr = csv.writer(f, lineterminator="\n")
            wr.writerow(header)
            wr.writerows(rows)
        p = gwsim("report", broken, "-o", out, expect=2)
        check("events.csv:2: value" in p.stderr, f"events.csv with a bad value: located error ({p.stderr.strip()})")
        check(not os.path.exists(out), "nothing written for a broken events.csv")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def case_no_matplotlib():
    """Without matplotlib: exit 1 and the apt-get command; bad input is still exit 2."""
    fake = os.path.join(REPO, "tests", "report", "data", "no-matplotlib")
    env = {"PYTHONPATH": fake}
    tmp = tempfile.mkdtemp(prefix="gwsim-report-nompl-")
    try:
        p = gwsim("report", w("ft"), "-o", os.path.join(tmp, "out"), env=env, expect=1)
        check("apt-get install -y python3-matplotlib" in p.stderr, f"names the package to install: {p.stderr!r}")
        check(not os.path.exists(os.path.join(tmp, "out", "report.html")), "no report without matplotlib")
        gwsim("report", os.path.join(tmp, "missing"), env=env, expect=2)
        p = gwsim("diff", w("ft"), w("ft"), "-o", os.path.join(tmp, "d"), env=env, expect=1)
        check("python3-matplotlib" in p.stderr, "diff too")
        # The script itself can be moved: GWSIM_REPORT_DIR names its folder.
        p = gwsim("report", w("ft"), "-o", os.path.join(tmp, "o2"), env={"GWSIM_REPORT_DIR": tmp}, expect=1)
        check("GWSIM_REPORT_DIR" in p.stderr, f"a missing script says how to point at it: {p.stderr!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ---- the browser ----------------------------------------------------------------------------------------------


def png_pixels(path):
    """Decodes an 8-bit, non-interlaced RGB or RGBA PNG: (width, height, rows of bytes, bytes per pixel)."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, ihdr = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = ihdr
    if depth != 8 or colour not in (2, 6) or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, rows, bpp


def find_chromium():
    for name in ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def browser_check(report_dir, n_images):
    chromium = find_chromium()
    url = "file://" + os.path.abspath(os.path.join(report_dir, "report.html"))
    tmp = tempfile.mkdtemp(prefix="gwsim-chromium-")
    try:
        shot = os.path.join(tmp, "shot.png")
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-extensions", "--enable-logging=stderr", "--v=0"]
        # No network: a fresh network namespace (root, util-linux unshare) when it can be had.
        prefix = []
        if shutil.which("unshare") and subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0:
            prefix = ["unshare", "-n"]
        for mode in ("dom", "shot"):
            profile = os.path.join(tmp, f"profile-{mode}")
            extra = ["--dump-dom"] if mode == "dom" else [f"--screenshot={shot}", "--window-size=1400,3000"]
            p = subprocess.run(prefix + [chromium] + flags + [f"--user-data-dir={profile}"] + extra + [url],
                               capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL)
            check(p.returncode == 0, f"chromium {mode} exit {p.returncode}: {p.stderr[-2000:]}")
            # The page's console (errors, failed loads) appears as CONSOLE lines whose source is the page; Chromium's
            # own pages (chrome://...) log there too and are not the report's.
            bad = [l for l in p.stderr.splitlines()
                   if re.search(r"CONSOLE|Uncaught|Failed to load|Not allowed to load", l) and "chrome://" not in l]
            check(not bad, f"no console errors or failed loads ({mode}): {bad[:5]}")
            if mode == "dom":
                dom = p.stdout
                imgs = re.findall(r"<img [^>]*src=\"([^\"]{0,40})", dom)
                check(len(imgs) == n_images, f"the rendered page has {n_images} images ({len(imgs)})")
                check(all(s.startswith("data:image/svg+xml;base64,") for s in imgs), "images are inline")
                check("<table>" in dom, "the page has its tables")
        check(os.path.isfile(shot), "chromium wrote a screenshot")
        width, height, rows, bpp = png_pixels(shot)
        check(width >= 1000 and height >= 1000, f"screenshot size {width}x{height}")
        colours, non_white, total = set(), 0, 0
        for y in range(0, height, 3):
            row = rows[y]
            for x in range(0, width * bpp, 3 * bpp):
                px = row[x:x + 3]
                colours.add(px)
                total += 1
                if px != b"\xff\xff\xff":
                    non_white += 1
        check(len(colours) > 50, f"the screenshot has many colours ({len(colours)}), not a blank page")
        check(non_white / total > 0.03, f"the screenshot is not all white ({100 * non_white / total:.1f}% ink)")
        keep = os.path.join(WORK, f"screenshot-{os.path.basename(os.path.normpath(report_dir))}.png")
        shutil.copy(shot, keep)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def case_browser_run():
    if not find_chromium():
        print("SKIP: Chromium is not installed (apt-get install chromium)")
        return SKIP
    browser_check(w("ft", "report"), len(RUN_CHARTS))


def case_browser_sweep():
    if not find_chromium():
        print("SKIP: Chromium is not installed (apt-get install chromium)")
        return SKIP
    browser_check(w("mini-report"), len(SWEEP_CHARTS))


def case_browser_optimize():
    if not find_chromium():
        print("SKIP: Chromium is not installed (apt-get install chromium)")
        return SKIP
    browser_check(w("opt", "report"), 1)


CASES = {name[5:]: fn for name, fn in globals().items() if name.startswith("case_")}

if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in CASES:
        sys.exit(f"usage: report_test.py {{{'|'.join(CASES)}}} GWSIM REPO WORK")
    _, case, GWSIM, REPO, WORK = sys.argv
    GWSIM, REPO, WORK = os.path.abspath(GWSIM), os.path.abspath(REPO), os.path.abspath(WORK)
    try:
        result = CASES[case]()
    except AssertionError as e:
        print(f"FAIL: {e}")
        sys.exit(1)
    if result == SKIP:
        sys.exit(SKIP)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed in {case}")
        sys.exit(1)
    print(f"{case}: ok")
