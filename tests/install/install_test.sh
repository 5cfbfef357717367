#!/usr/bin/env bash
# gwsim installed into a temporary prefix and run from outside the source tree.
#   install_test.sh setup  BUILD WORK   cmake --install BUILD --prefix WORK/prefix; checks the installed files
#   install_test.sh run    BUILD WORK   init, validate and run a scenario with the installed binary, in WORK/use
#   install_test.sh report BUILD WORK   gwsim report on that run (77: skipped without Debian's python3-matplotlib)
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
             share/gwsim/gwsim-sweep.schema.json share/gwsim/scenarios/rollout-10gw.yaml share/man/man1/gwsim.1 \
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
  *) fail "unknown step $step" ;;
esac
