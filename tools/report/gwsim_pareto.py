"""The chart of `gwsim optimize`: pareto.png and pareto.svg in OUT, from OUT/candidates.csv and OUT/pareto.csv.

One panel per constraint: every candidate evaluated (grey; feasible ones outlined), the non-dominated ones of
pareto.csv joined by a line, the constraint's bound dashed, the best feasible plan starred. Dates are drawn as dates;
a value "not reached" or "n/a" is left out. Run by gwsim optimize as the report script is run (docs/optimize.md);
standalone: python3 gwsim_pareto.py OUT. Exit codes as gwsim's: 0 written, 2 bad input, 1 matplotlib missing.
"""
import csv
import datetime as dt
import os
import sys


def value(text):
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def main(argv):
    if len(argv) != 1:
        sys.stderr.write("usage: gwsim_pareto.py OUT\n")
        return 2
    out = argv[0]
    try:
        with open(os.path.join(out, "candidates.csv"), newline="") as f:
            candidates = list(csv.DictReader(f))
        with open(os.path.join(out, "pareto.csv"), newline="") as f:
            front = list(csv.DictReader(f))
    except OSError as e:
        sys.stderr.write(f"gwsim optimize: chart: {e}\n")
        return 2
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        sys.stderr.write("gwsim optimize: chart: matplotlib is missing (sudo apt-get install -y python3-matplotlib)\n")
        return 1
    if not candidates:
        return 2
    header = list(candidates[0].keys())
    objective = header[header.index("batch") + 1:]
    objective_column = next(c for c in objective if c.endswith("_ci_low"))[: -len("_ci_low")]
    constraints = []
    for c in header:
        if c.endswith("_holds"):
            constraints.append(c[: -len("_holds")])
    panels = max(1, len(constraints))
    fig, axes = plt.subplots(1, panels, figsize=(6.4 * panels, 4.8), squeeze=False)
    descriptions = []
    for row in front:
        if row["constraint"] not in descriptions:
            descriptions.append(row["constraint"])
    best = None  # the plan best.yaml holds (its header names the candidate); none when no plan is feasible
    try:
        import re
        with open(os.path.join(out, "best.yaml")) as f:
            m = re.search(r"candidate (\d+) of", f.readline())
        if m:
            best = next((r for r in candidates if r["candidate"] == m.group(1)), None)
    except OSError:
        pass
    for k, column in enumerate(constraints):
        ax = axes[0][k]
        pts = [(value(r[column]), value(r[objective_column]), r["feasible"] == "yes") for r in candidates]
        pts = [p for p in pts if p[0] is not None and p[1] is not None]
        ax.scatter([p[0] for p in pts if not p[2]], [p[1] for p in pts if not p[2]], c="0.75", s=18,
                   label="candidate (infeasible)")
        ax.scatter([p[0] for p in pts if p[2]], [p[1] for p in pts if p[2]], facecolors="none", edgecolors="C0",
                   s=28, label="candidate (feasible)")
        description = descriptions[k] if k < len(descriptions) else column
        mine = [r for r in front if r["constraint"] == description]
        line = sorted(((value(r["constraint_value"]), value(r["objective_value"])) for r in mine),
                      key=lambda p: (p[0], p[1]))
        line = [p for p in line if p[0] is not None and p[1] is not None]
        if line:
            ax.plot([p[0] for p in line], [p[1] for p in line], "-o", color="C1", ms=4, label="non-dominated")
        if mine and value(mine[0]["bound"]) is not None:
            ax.axvline(value(mine[0]["bound"]), ls="--", color="C3", lw=1, label="bound")
        if best is not None and value(best[column]) is not None:
            ax.scatter([value(best[column])], [value(best[objective_column])], marker="*", s=160, color="C2",
                       zorder=5, label="best plan")
        ax.set_xlabel(description)
        ax.set_ylabel(objective_column)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    matplotlib.rcParams["svg.hashsalt"] = "gwsim"
    fig.savefig(os.path.join(out, "pareto.png"), dpi=110, metadata={"Software": None})
    fig.savefig(os.path.join(out, "pareto.svg"), metadata={"Date": None, "Creator": None})
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
