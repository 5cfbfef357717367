"""gwsim optimize through the binary, on tests/data/optimize/small.yaml (five months, one site): the best plan equals
the one found by brute force (every plan and replication run with `gwsim run --set`), on the exhaustive path and on
the NLopt path; a plan evaluated by both has the same estimates (common random numbers); best.yaml reruns a
replication as stored; a run killed with SIGKILL and resumed ends as an uninterrupted one; two shards and a
resume give the unsharded results; bad specs exit 2 and write nothing; an infeasible spec says so.

Usage: optimize_run_test.py CASE GWSIM SOURCE_DIR WORK_DIR
"""
import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time

CASE, GWSIM, SRC, WORK = sys.argv[1:5]
DATA = os.path.join(SRC, "tests", "data", "optimize")
SUPPLY = [8, 10, 12, 14, 16]
CREWS = [10, 15, 20]
SEED, REPLICATIONS = 11, 3


def fresh(name):
    path = os.path.join(WORK, CASE, name)
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    return path


def spec_with(name, search, extra_constraint=None):
    """small-grid.yaml with another search (and constraint): written beside the scenario it names."""
    text = open(os.path.join(DATA, "small-grid.yaml")).read()
    text = text.replace("search: {method: auto, max_evaluations: 40}", "search: " + search)
    if extra_constraint:
        text = text.replace("  - {figure: racks, at_least: 170, probability: 0.6}", extra_constraint)
    path = os.path.join(WORK, CASE, name + ".yaml")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    open(path, "w").write(text.replace("baseline: small.yaml", "baseline: " + os.path.join(DATA, "small.yaml")))
    return path


def optimize(spec, out, *args, check=True):
    r = subprocess.run([GWSIM, "optimize", spec, "-o", out, "-j", "2", "--no-chart", *args], capture_output=True,
                       text=True)
    if check and r.returncode != 0:
        sys.exit(f"gwsim optimize {spec} failed ({r.returncode}):\n{r.stdout}\n{r.stderr}")
    return r


def read_csv(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def best_plan(out):
    """The decisions best.yaml names (its '#   path=value' lines)."""
    lines = open(os.path.join(out, "best.yaml")).read().splitlines()
    start = lines.index("# Decisions:") + 1
    plan = {}
    for line in lines[start:]:
        if not line.startswith("#   "):
            break
        path, value = line[4:].split("=", 1)
        plan[path] = value
    return plan


def brute_force():
    """Every plan, every replication, by gwsim run: mean energy and P(racks >= 170) per plan."""
    # Cached for the other cases of this build, keyed by the binary: a rebuilt gwsim recomputes it.
    cache = os.path.join(WORK, "brute-force.json")
    st = os.stat(GWSIM)
    binary = f"{st.st_size}-{st.st_mtime_ns}"
    if os.path.exists(cache):
        stored = json.load(open(cache))
        if stored.get("binary") == binary:
            return stored["table"]
    table = {}
    run_dir = fresh("brute-run")
    for s in SUPPLY:
        for c in CREWS:
            energy, racks = [], []
            for k in range(REPLICATIONS):
                subprocess.run([GWSIM, "run", os.path.join(DATA, "small.yaml"), "--set", f"supply[0].racks_per_week={s}",
                                "--set", f"sites[alpha].install_racks_per_week={c}", "--seed", str(SEED),
                                "--replication", str(k), "-o", run_dir, "--force"], check=True, capture_output=True)
                summary = json.load(open(os.path.join(run_dir, "summary.json")))
                energy.append(summary["final"]["energy_mwh"])
                racks.append(summary["final"]["racks"])
            table[f"{s},{c}"] = {"energy": sum(energy) / len(energy),
                                 "p": sum(1 for r in racks if r >= 170) / len(racks)}
    json.dump({"binary": binary, "table": table}, open(cache + ".tmp", "w"))
    os.replace(cache + ".tmp", cache)
    return table


def optimum(table):
    feasible = {k: v for k, v in table.items() if v["p"] >= 0.6}
    best = min(v["energy"] for v in feasible.values())
    return best, {k for k, v in feasible.items() if abs(v["energy"] - best) <= 1e-6 * best}


def check_best(out, table):
    best, argmin = optimum(table)
    plan = best_plan(out)
    key = f"{plan['supply[0].racks_per_week']},{plan['sites[alpha].install_racks_per_week']}"
    assert key in argmin, f"best plan {key}, brute force {sorted(argmin)} (mean energy {best})"
    rows = read_csv(os.path.join(out, "candidates.csv"))
    row = [r for r in rows if f"{r['supply[0].racks_per_week']},{r['sites[alpha].install_racks_per_week']}" == key][0]
    assert abs(float(row["mean_energy_mwh"]) - best) <= 1e-3, (row["mean_energy_mwh"], best)
    # Every row's estimates against the brute force.
    for r in rows:
        k = f"{r['supply[0].racks_per_week']},{r['sites[alpha].install_racks_per_week']}"
        assert abs(float(r["mean_energy_mwh"]) - table[k]["energy"]) <= 1e-3, (k, r["mean_energy_mwh"], table[k])
        assert abs(float(r["p_racks_ge_170"]) - table[k]["p"]) <= 1e-6, (k, r["p_racks_ge_170"], table[k])
    return key


def case_exhaustive():
    table = brute_force()
    out = fresh("out")
    optimize(os.path.join(DATA, "small-grid.yaml"), out)
    check_best(out, table)
    assert len(read_csv(os.path.join(out, "candidates.csv"))) == 15


def case_nlopt():
    table = brute_force()
    out = fresh("out")
    r = optimize(spec_with("nlopt", "{method: cobyla, max_evaluations: 12, lhs_samples: 4}"), out)
    assert "cobyla" in r.stdout, r.stdout
    check_best(out, table)
    assert len(read_csv(os.path.join(out, "candidates.csv"))) <= 12


def case_crn():
    """The same plan, evaluated by two searches (in other batches, beside other plans), has the same estimates."""
    a, b = fresh("a"), fresh("b")
    optimize(os.path.join(DATA, "small-grid.yaml"), a)
    optimize(spec_with("nlopt", "{method: bobyqa, max_evaluations: 8, lhs_samples: 3}"), b)
    rows_a = {(r["supply[0].racks_per_week"], r["sites[alpha].install_racks_per_week"]): r
              for r in read_csv(os.path.join(a, "candidates.csv"))}
    common = 0
    for r in read_csv(os.path.join(b, "candidates.csv")):
        other = rows_a[(r["supply[0].racks_per_week"], r["sites[alpha].install_racks_per_week"])]
        for column in ("mean_energy_mwh", "p_racks_ge_170", "p_racks_ge_170_ci_low", "p_racks_ge_170_ci_high"):
            assert r[column] == other[column], (column, r, other)
        common += 1
    assert common >= 3, common


def case_best_yaml():
    """gwsim run best.yaml --seed S --replication K gives the figures the store holds for that plan."""
    out = fresh("out")
    optimize(os.path.join(DATA, "small-grid.yaml"), out)
    plan = best_plan(out)
    name = f"supply[0].racks_per_week={plan['supply[0].racks_per_week']}/" \
           f"sites[alpha].install_racks_per_week={plan['sites[alpha].install_racks_per_week']}"
    db = sqlite3.connect(os.path.join(out, "evaluations", "batch-0000.sqlite"))
    point = db.execute("SELECT point FROM points WHERE name = ?", (name,)).fetchone()[0]
    run_dir = fresh("rerun")
    for k in range(REPLICATIONS):
        subprocess.run([GWSIM, "run", os.path.join(out, "best.yaml"), "--seed", str(SEED), "--replication", str(k),
                        "-o", run_dir, "--force"], check=True, capture_output=True)
        rerun = json.load(open(os.path.join(run_dir, "summary.json")))
        stored = json.loads(db.execute("SELECT summary_json FROM replications WHERE point = ? AND replication = ?",
                                       (point, k)).fetchone()[0])
        for figure in ("racks", "energy_mwh", "capex_usd"):
            assert rerun["final"][figure] == stored["final"][figure], (k, figure, rerun["final"], stored["final"])
        assert rerun["gw_live_dates"] == stored["gw_live_dates"]
        assert rerun["first_tokens_date"] == stored["first_tokens_date"]


def case_resume():
    """SIGKILL while the NLopt steps run, then --resume: the candidates and best plan of an uninterrupted run."""
    spec = spec_with("resume", "{method: cobyla, max_evaluations: 12, lhs_samples: 4}")
    whole = fresh("whole")
    optimize(spec, whole)
    killed = fresh("killed")
    for attempt, wait_for in enumerate(["batch-0000.sqlite", "batch-0002.sqlite"]):
        p = subprocess.Popen([GWSIM, "optimize", spec, "-o", killed, "-j", "2", "--no-chart"]
                             + (["--resume"] if attempt else []),
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 120
        while not os.path.exists(os.path.join(killed, "evaluations", wait_for)) and time.time() < deadline:
            time.sleep(0.05)
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        p.wait()
    r = optimize(spec, killed, "--resume")
    assert "reused" in r.stdout
    assert open(os.path.join(killed, "candidates.csv")).read() == open(os.path.join(whole, "candidates.csv")).read()
    assert best_plan(killed) == best_plan(whole)
    assert optimize(spec, killed, check=False).returncode == 2  # without --resume: refused


def case_shards():
    """--shard 0/2 and 1/2 run the first batch's halves; a resume merges them and finishes as one run would."""
    spec = os.path.join(DATA, "small-grid.yaml")
    whole, sharded = fresh("whole"), fresh("sharded")
    optimize(spec, whole)
    for i in range(2):
        r = optimize(spec, sharded, "--shard", f"{i}/2")
        assert "shard" in r.stdout and not os.path.exists(os.path.join(sharded, "candidates.csv"))
    db = sqlite3.connect(os.path.join(sharded, "evaluations", "batch-0000.shard-0-of-2.sqlite"))
    assert db.execute("SELECT COUNT(*) FROM replications").fetchone()[0] == 23  # 45 replications: t mod 2 == 0
    r = optimize(spec, sharded, "--resume")
    assert "0 replications run, 45 reused" in r.stdout, r.stdout
    assert open(os.path.join(sharded, "candidates.csv")).read() == open(os.path.join(whole, "candidates.csv")).read()


def case_bad_specs():
    invalid = os.path.join(DATA, "invalid")
    for name in sorted(os.listdir(invalid)):
        if not name.endswith(".yaml"):
            continue
        out = fresh("never")
        r = optimize(os.path.relpath(os.path.join(invalid, name), SRC), out, check=False)
        assert r.returncode == 2, (name, r.returncode, r.stderr)
        expected = open(os.path.join(invalid, name[:-5] + ".expected")).read()
        assert r.stderr.startswith(expected), (name, r.stderr)
        assert "nothing was run or written" in r.stderr
        assert not os.path.exists(out), name


def case_infeasible():
    out = fresh("out")
    spec = spec_with("infeasible", "{method: auto, max_evaluations: 40}",
                     "  - {figure: racks, at_least: 1000, probability: 0.6}")
    r = optimize(spec, out)
    assert "no feasible plan" in r.stdout, r.stdout
    assert "the closest" in r.stdout
    assert not os.path.exists(os.path.join(out, "best.yaml"))
    assert all(row["feasible"] == "no" for row in read_csv(os.path.join(out, "candidates.csv")))


if __name__ == "__main__":
    os.chdir(SRC)
    globals()["case_" + CASE]()
