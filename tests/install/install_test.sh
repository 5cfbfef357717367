#!/usr/bin/env bash
# gwsim installed into a temporary prefix and run from outside the source tree.
#   install_test.sh setup  BUILD WORK   cmake --install BUILD --prefix WORK/prefix; checks the installed files
#   install_test.sh run    BUILD WORK   init, validate and run a scenario with the installed binary, in WORK/use
#   install_test.sh report BUILD WORK   gwsim report on that run (77: skipped without Debian's python3-matplotlib)
#   install_test.sh python BUILD WORK   import gwsim from the prefix, from /, and run a scenario into DataFrames
#                                       (77: skipped where the package was not built or pandas is absent)
set -euo pipefail
step=$1 build=$2 work=$3
prefix=$work/prefix
gwsim=$prefix/bin/gwsim
unset GWSIM_REPORT_DIR
fail() { echo "FAIL: $*" >&2; exit 1; }

case $step in
  setup)
    rm -rf "$work"
    mkdir -p "$work"
    cmake --install "$build" --prefix "$prefix" > "$work/install.log"
    for f in bin/gwsim share/gwsim/report/gwsim_report.py share/gwsim/gwsim-scenario.schema.json \
             share/gwsim/gwsim-sweep.schema.json share/gwsim/gwsim-optimize.schema.json share/gwsim/scenarios/rollout-10gw.yaml share/man/man1/gwsim.1 \
             share/man/man1/gwsim-run.1 share/bash-completion/completions/gwsim share/doc/gwsim/README.md \
             share/doc/gwsim/scenario-reference.md; do
      [ -f "$prefix/$f" ] || fail "cmake --install did not install $f"
    done
    grep -q '^\.TH GWSIM-RUN 1' "$prefix/share/man/man1/gwsim-run.1" || fail "gwsim-run.1 has no .TH line"
    grep -q 'complete .*-F _gwsim gwsim' "$prefix/share/bash-completion/completions/gwsim" ||
      fail "the completion script does not register _gwsim"
    ;;
  run)
    use=$work/use
    rm -rf "$use" && mkdir -p "$use" && cd "$use"
    "$gwsim" --version | grep -q '^gwsim ' || fail "gwsim --version"
    "$gwsim" init --template minimal scenario.yaml 2> init.err
    # The new file names the installed schema for editors.
    grep -q "^# yaml-language-server: \$schema=$prefix/share/gwsim/gwsim-scenario.schema.json\$" scenario.yaml ||
      fail "gwsim init did not name the installed schema"
    "$gwsim" validate scenario.yaml > validate.out || fail "gwsim validate: $(cat validate.out)"
    "$gwsim" run scenario.yaml -o out --quiet || fail "gwsim run"
    for f in timeline.csv sites.csv events.csv summary.json; do [ -s "out/$f" ] || fail "gwsim run wrote no $f"; done
    "$gwsim" run "$prefix/share/gwsim/scenarios/first-tranche-2026.yaml" -o first --quiet --step 1w ||
      fail "gwsim run of the installed first-tranche-2026.yaml"
    ;;
  report)
    /usr/bin/python3 -c 'import matplotlib' 2> /dev/null || { echo "skipped: python3-matplotlib is not installed"; exit 77; }
    cd "$work/use"
    "$gwsim" report out --force > report.out 2>&1 || fail "gwsim report: $(cat report.out)"
    [ -s out/report/report.html ] || fail "gwsim report wrote no report.html"
    ;;
  python)
    init=$(find "$prefix" -path '*/gwsim/__init__.py' | head -n 1)
    [ -n "$init" ] || { echo "skipped: the Python package was not built (no pybind11)"; exit 77; }
    /usr/bin/python3 -c 'import pandas' 2> /dev/null || { echo "skipped: python3-pandas is not installed"; exit 77; }
    site=$(dirname "$(dirname "$init")")
    cd /
    # The first tranche: 500 MW of IT power at each of two sites, 85% of it GPU racks (a 15% non-GPU IT share) at
    # 227 kW a Vera Rubin rack: ceil(1,872.2) = 1,873 racks a site, 3,746 in all.
    PYTHONPATH=$site /usr/bin/python3 - "$prefix" "$work/python-run" > "$work/python.out" 2>&1 <<'PY' || fail "import gwsim: $(cat "$work/python.out")"
import sys
import gwsim
prefix = sys.argv[1]
assert gwsim.__file__.startswith(prefix), gwsim.__file__
assert gwsim.binary().startswith(prefix), gwsim.binary()
r = gwsim.run(prefix + "/share/gwsim/scenarios/first-tranche-2026.yaml", out=sys.argv[2], set={"output_step": "1mo"})
assert int(r.timeline["racks"].iloc[-1]) == 3746, r.timeline["racks"].iloc[-1]
print("ok", r.outdir)
PY
    ;;
  *) fail "unknown step $step" ;;
esac
