"""Tests of the gwsim Python package (docs/python.md). Values are checked by hand from the scenario and the catalog,
or against the CSV files read by the csv module (an independent route), never copied from the package's output.

Run from ctest (label python), or: PYTHONPATH=build/release/python GWSIM_SOURCE_DIR=. python3 -m unittest -v
python/tests/test_gwsim.py
"""
import csv
import math
import os
import sqlite3
import tempfile
import unittest

import pandas as pd

import gwsim

SOURCE = os.environ.get("GWSIM_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
FIRST_TRANCHE = os.path.join(SOURCE, "scenarios", "first-tranche-2026.yaml")
INVALID = os.path.join(SOURCE, "tests", "data", "invalid")
# Weekly output is enough for these checks and keeps each run short.
WEEKLY = {"output_step": "1w"}


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def listing(folder):
    return sorted(os.listdir(folder))


class Workspace(unittest.TestCase):
    """Each test in its own temporary folder, also the package's default output location (TMPDIR)."""

    def setUp(self):
        self._dir = tempfile.TemporaryDirectory(prefix="gwsim-python-test-")
        self.work = self._dir.name
        self._tempdir = tempfile.tempdir
        tempfile.tempdir = os.path.join(self.work, "tmp")
        os.mkdir(tempfile.tempdir)

    def tearDown(self):
        tempfile.tempdir = self._tempdir
        self._dir.cleanup()


class RunTest(Workspace):
    """A run into DataFrames: the first gigawatt's racks, hand-computed, and the frames against the CSV files."""

    @classmethod
    def setUpClass(cls):
        cls._out = tempfile.TemporaryDirectory(prefix="gwsim-python-run-")
        cls.result = gwsim.run(FIRST_TRANCHE, set=WEEKLY, out=os.path.join(cls._out.name, "run"))

    @classmethod
    def tearDownClass(cls):
        cls._out.cleanup()

    def test_final_racks_by_hand(self):
        # Two sites of 500 MW IT each (the 1 GW tranche split equally); a Vera Rubin NVL72 rack peaks at 227 kW
        # (configs/platforms.yaml) and the scenario adds a 15% non-GPU IT share: a rack counts 227 / 0.85 kW of IT
        # power, so each site orders ceil(500e6 x 0.85 / 227e3) = ceil(1872.25) = 1873 racks, 3746 in all, each of
        # 72 GPU packages.
        per_site = math.ceil(500e6 * 0.85 / 227e3)
        self.assertEqual(per_site, 1873)
        last = self.result.timeline.iloc[-1]
        self.assertEqual(last["racks"], 2 * per_site)
        self.assertEqual(last["gpu_packages"], 2 * per_site * 72)
        last_day = self.result.sites[self.result.sites["date"] == self.result.sites["date"].max()]
        self.assertEqual(sorted(last_day["site"]), ["site-a", "site-b"])
        self.assertEqual(list(last_day["racks"]), [per_site, per_site])

    def test_dates_parsed_and_weekly(self):
        dates = self.result.timeline["date"]
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(dates))
        self.assertEqual(dates.iloc[0], pd.Timestamp("2026-01-01"))  # the scenario's start
        self.assertTrue((dates.diff().dropna() == pd.Timedelta(days=7)).all())
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(self.result.events["date"]))

    def test_frames_equal_the_csv_files(self):
        # The csv module's reading of each file, cell by cell, against the frame.
        for name, frame in [("timeline.csv", self.result.timeline), ("sites.csv", self.result.sites),
                            ("events.csv", self.result.events), ("finance.csv", self.result.finance)]:
            rows = csv_rows(os.path.join(self.result.outdir, name))
            self.assertEqual(len(rows), len(frame), name)
            self.assertEqual(list(rows[0].keys()), list(frame.columns), name)
            for i in (0, len(rows) // 2, len(rows) - 1):
                for column, text in rows[i].items():
                    value = frame.iloc[i][column]
                    if text == "":
                        self.assertTrue(pd.isna(value), f"{name} row {i} {column}")
                    elif isinstance(value, pd.Timestamp):
                        self.assertEqual(value, pd.Timestamp(text), f"{name} row {i} {column}")
                    elif isinstance(value, str):
                        self.assertEqual(value, text, f"{name} row {i} {column}")
                    else:
                        self.assertAlmostEqual(float(value), float(text), places=9, msg=f"{name} row {i} {column}")

    def test_first_tokens_date_matches_the_events(self):
        # summary.json's first-tokens date is the first_tokens event's date, read from events.csv by the csv module.
        events = [r for r in csv_rows(os.path.join(self.result.outdir, "events.csv")) if r["kind"] == "first_tokens"]
        self.assertEqual(self.result.summary["first_tokens_date"], min(r["date"] for r in events))

    def test_summary_and_manifest(self):
        self.assertEqual(self.result.summary["scenario"], "first-tranche-2026")
        self.assertEqual(self.result.manifest["overrides"], ["output_step=1w"])
        self.assertEqual(self.result.manifest["seed"], 1)  # the scenario's seed
        self.assertEqual(self.result.manifest["gwsim_version"], gwsim.__version__)
        self.assertTrue(os.path.isabs(self.result.outdir) or os.path.isdir(self.result.outdir))

    def test_default_output_is_a_new_folder(self):
        r = gwsim.run(FIRST_TRANCHE, set=WEEKLY)
        self.assertEqual(os.path.dirname(r.outdir), tempfile.gettempdir())
        self.assertEqual(listing(r.outdir), sorted(["timeline.csv", "sites.csv", "events.csv", "finance.csv",
                                                    "summary.json"]))
        self.assertEqual(len(r.timeline), len(self.result.timeline))


class ValidateTest(Workspace):
    """validate(): every located diagnostic, as gwsim validate prints them."""

    def test_bad_scenario_raises_with_every_diagnostic(self):
        path = os.path.join(self.work, "bad.yaml")
        with open(FIRST_TRANCHE, encoding="utf-8") as f:
            text = f.read()
        # Two mistakes: a misspelt key on its own line, and a PUE below 1.
        text = text.replace("output_step: 1d", "output_stepp: 1d").replace("    pue: 1.2 ", "    pue: 0.9 ")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        lines = text.splitlines()
        key_line = next(i for i, l in enumerate(lines, 1) if l.startswith("output_stepp:"))
        pue_line = next(i for i, l in enumerate(lines, 1) if l.startswith("    pue: 0.9"))
        with self.assertRaises(gwsim.ScenarioError) as caught:
            gwsim.validate(path)
        found = caught.exception.diagnostics
        self.assertEqual([(d.line, d.column, d.path) for d in found],
                         [(key_line, 1, "output_stepp"), (pue_line, 10, "sites[1].pue")])
        for d in found:
            self.assertEqual((d.file, d.severity), (path, "error"))
            self.assertTrue(d.text.startswith(f"{path}:{d.line}:{d.column}: error: {d.path}: "), d.text)
        self.assertIn("output_step", found[0].message)  # the near match it suggests
        self.assertIsInstance(caught.exception, gwsim.GwsimError)

    def test_set_errors_are_located_in_the_override(self):
        with self.assertRaises(gwsim.ScenarioError) as caught:
            gwsim.validate(FIRST_TRANCHE, set=["sites[1].pue=0.5"])
        [d] = caught.exception.diagnostics
        self.assertEqual((d.file, d.line, d.path, d.source_line), ("--set", 1, "sites[1].pue", "sites[1].pue=0.5"))

    def test_diagnostics_equal_the_expected_files(self):
        # tests/data/invalid/*.expected hold each invalid scenario's diagnostics as the loader formats them,
        # checked by the scenario tests: the diagnostics' texts, joined, are those files.
        checked = 0
        for name in sorted(os.listdir(INVALID)):
            if not name.endswith(".yaml") or not os.path.exists(os.path.join(INVALID, name[:-5] + ".expected")):
                continue
            with open(os.path.join(INVALID, name[:-5] + ".expected"), encoding="utf-8") as f:
                expected = f.read()
            path = os.path.relpath(os.path.join(INVALID, name), SOURCE)
            cwd = os.getcwd()
            os.chdir(SOURCE)
            try:
                with self.assertRaises(gwsim.ScenarioError, msg=name) as caught:
                    gwsim.validate(path)
            finally:
                os.chdir(cwd)
            texts = "".join(d.text for d in caught.exception.diagnostics)
            self.assertEqual(texts, expected, name)
            checked += 1
        self.assertGreater(checked, 5)

    def test_valid_scenario_returns_its_warnings(self):
        self.assertEqual(gwsim.validate(FIRST_TRANCHE), [])
        # A grid of 100 MW at site-b can never carry its 500 MW share: a warning (a plan contradiction), an error
        # with strict=True.
        tight = {"sites[1].grid": "[{from: 2026-09-01, capacity: 100 MW}]"}
        warnings = gwsim.validate(FIRST_TRANCHE, set=tight)
        self.assertTrue(warnings)
        self.assertTrue(all(d.severity == "warning" for d in warnings))
        with self.assertRaises(gwsim.ScenarioError) as caught:
            gwsim.validate(FIRST_TRANCHE, set=tight, strict=True)
        self.assertEqual(len(caught.exception.diagnostics), len(warnings))


class WhatIfTest(Workspace):
    """A what-if loop over site-b's PUE (constant in the scenario): facility power = IT power x PUE there."""

    def test_pue_loop(self):
        rows = []
        for pue in (1.1, 1.2, 1.3, 1.4):
            r = gwsim.run(FIRST_TRANCHE, set={**WEEKLY, "sites[1].pue": pue}, out=os.path.join(self.work, str(pue)))
            b = r.sites[r.sites["site"] == "site-b"].iloc[-1]
            rows.append({"pue": pue, "it_mw": b["it_power_mw"], "facility_mw": b["facility_power_mw"],
                         "it_energy_mwh": b["it_energy_mwh"], "energy_mwh": b["energy_mwh"], "racks": b["racks"]})
        table = pd.DataFrame(rows)
        # PUE does not change the racks (the tranche counts IT power) or the IT power drawn on the last day ...
        self.assertEqual(set(table["racks"]), {1873})
        self.assertEqual(table["it_mw"].nunique(), 1)
        # ... facility power is IT power x PUE (CSV rounding: 3 decimals) ...
        for _, row in table.iterrows():
            self.assertAlmostEqual(row["facility_mw"], row["it_mw"] * row["pue"], delta=2e-3)
        # ... so each 0.1 of PUE adds 0.1 x IT power, and facility energy over the run grows with it.
        steps = table["facility_mw"].diff().dropna()
        for step in steps:
            self.assertAlmostEqual(step, 0.1 * table["it_mw"].iloc[0], delta=4e-3)
        self.assertTrue(table["energy_mwh"].is_monotonic_increasing)
        self.assertAlmostEqual(table["energy_mwh"].iloc[1] / table["it_energy_mwh"].iloc[1], 1.2, places=4)


class DeterminismTest(Workspace):
    def test_same_seed_same_frames(self):
        uncertain = os.path.join(SOURCE, "scenarios", "first-tranche-2026-uncertain.yaml")
        a = gwsim.run(uncertain, set=WEEKLY, seed=7, replication=3)
        b = gwsim.run(uncertain, set=WEEKLY, seed=7, replication=3)
        self.assertNotEqual(a.outdir, b.outdir)
        for name in ("timeline", "sites", "events", "finance"):
            pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name))
        self.assertEqual(a.summary, b.summary)
        self.assertEqual((a.manifest["seed"], a.manifest["replication"]), (7, 3))
        # Another replication of the same seed draws other values: the test would notice a seed being ignored.
        c = gwsim.run(uncertain, set=WEEKLY, seed=7, replication=4)
        self.assertNotEqual(a.manifest["draws"], c.manifest["draws"])


class BadInputTest(Workspace):
    """Bad input through Python behaves as on the command line: an exception, nothing written."""

    def test_invalid_scenario_writes_nothing(self):
        out = os.path.join(self.work, "out")
        with self.assertRaises(gwsim.ScenarioError) as caught:
            gwsim.run(FIRST_TRANCHE, set={"sites[1].pue": 0.5}, out=out)
        self.assertEqual(caught.exception.diagnostics[0].path, "sites[1].pue")
        self.assertFalse(os.path.exists(out))
        self.assertEqual(listing(tempfile.gettempdir()), [])  # no temporary output folder either
        with self.assertRaises(gwsim.ScenarioError):
            gwsim.run(os.path.join(self.work, "missing.yaml"))
        self.assertEqual(listing(tempfile.gettempdir()), [])

    def test_bad_options_write_nothing(self):
        for kwargs in ({"replication": -1}, {"replication": "1"}, {"step": "5h"}, {"seed": "x"}):
            with self.assertRaises(gwsim.GwsimError, msg=str(kwargs)):
                gwsim.run(FIRST_TRANCHE, out=os.path.join(self.work, "out"), **kwargs)
        with self.assertRaises(TypeError):
            gwsim.run(FIRST_TRANCHE, set="sites[1].pue=1.3")
        self.assertEqual(listing(self.work), ["tmp"])
        self.assertEqual(listing(tempfile.gettempdir()), [])

    def test_non_empty_folder_is_refused_as_on_the_command_line(self):
        out = os.path.join(self.work, "out")
        os.mkdir(out)
        with open(os.path.join(out, "notes.txt"), "w") as f:
            f.write("mine\n")
        with self.assertRaises(gwsim.GwsimError) as caught:
            gwsim.run(FIRST_TRANCHE, set=WEEKLY, out=out)
        self.assertNotIsInstance(caught.exception, gwsim.ScenarioError)
        self.assertIn("--force", str(caught.exception))
        self.assertEqual(listing(out), ["notes.txt"])
        r = gwsim.run(FIRST_TRANCHE, set=WEEKLY, out=out, force=True)
        self.assertIn("notes.txt", listing(r.outdir))

    def test_missing_binary_is_an_exception(self):
        saved = os.environ.get("GWSIM_BINARY")
        os.environ["GWSIM_BINARY"] = os.path.join(self.work, "no-such-gwsim")
        try:
            with self.assertRaises(gwsim.GwsimError):
                gwsim.run(FIRST_TRANCHE, set=WEEKLY)
        finally:
            if saved is None:
                del os.environ["GWSIM_BINARY"]
            else:
                os.environ["GWSIM_BINARY"] = saved
        self.assertEqual(listing(tempfile.gettempdir()), [])


class TablesTest(Workspace):
    """The catalog and the registry, against configs/platforms.yaml's figures by hand."""

    def test_catalog(self):
        cat = gwsim.catalog().set_index("id")
        rubin = cat.loc["vera_rubin_nvl72"]
        self.assertEqual((rubin["gpu_packages"], rubin["peak_power_w"]), (72, 227e3))
        # 1 GW of IT power at the default 15% non-GPU share: 1e9 x 0.85 / 227e3 racks.
        self.assertAlmostEqual(rubin["racks_per_gw_it"], 1e9 * 0.85 / 227e3, places=6)
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(cat["available"]))
        self.assertEqual(cat.attrs["gw_basis"], "it")
        # A scenario's catalog takes its power chain: its non_gpu_it_share set to 5% gives 1e9 x 0.95 / 227e3.
        mine = gwsim.catalog(FIRST_TRANCHE, set={"power_chain.non_gpu_it_share": "5%"}).set_index("id")
        self.assertAlmostEqual(mine.loc["vera_rubin_nvl72", "racks_per_gw_it"], 1e9 * 0.95 / 227e3, places=6)
        with self.assertRaises(gwsim.ScenarioError):
            gwsim.catalog(FIRST_TRANCHE, set={"power_chain.non_gpu_it_shares": "5%"})

    def test_schema_names_the_files_columns(self):
        # The registry's timeline columns are exactly the header gwsim writes.
        r = gwsim.run(FIRST_TRANCHE, set={"end": "2026-03-01"})
        names = [c["name"] for c in gwsim.schema()["files"]["timeline.csv"]["columns"]]
        with open(os.path.join(r.outdir, "timeline.csv"), encoding="utf-8") as f:
            self.assertEqual(f.readline().strip().split(","), names)


class SweepTest(Workspace):
    """A small sweep through the package, its store read back, and a bad spec."""

    def test_sweep_and_results(self):
        spec = os.path.join(self.work, "spec.yaml")
        with open(spec, "w", encoding="utf-8") as f:
            f.write(f"name: pue\nscenario: {os.path.abspath(FIRST_TRANCHE)}\nseed: 1\nreplications: 2\n"
                    "set: {output_step: 1mo}\ngrid:\n  sites[1].pue: [1.2, 1.4]\n")
        store = os.path.join(self.work, "results.sqlite")
        res = gwsim.sweep(spec, store, jobs=2)
        self.assertEqual(len(res.replications), 4)  # 2 points x 2 replications
        # The store's own rows, read with sqlite3, against the frame.
        with sqlite3.connect(store) as db:
            stored = db.execute("SELECT COUNT(*) FROM replications WHERE status = 'ok'").fetchone()[0]
        self.assertEqual(stored, (res.replications["status"] == "ok").sum())
        self.assertEqual(sorted(set(res.percentiles["point"])), [0, 1])
        # Without distributions every replication is the scenario: P10 = P90 of racks, 3746 (RunTest's hand value).
        racks = res.percentiles[res.percentiles["figure"] == "racks"]
        self.assertEqual(list(racks["p50"].astype(float)), [3746.0, 3746.0])
        with self.assertRaises(gwsim.GwsimError):
            gwsim.results(os.path.join(self.work, "missing.sqlite"))

    def test_bad_spec_runs_nothing(self):
        spec = os.path.join(self.work, "spec.yaml")
        with open(spec, "w", encoding="utf-8") as f:
            f.write(f"name: bad\nscenario: {os.path.abspath(FIRST_TRANCHE)}\nreplications: 1\n"
                    "grid:\n  sites[1].pue: [1.2, 0.5]\n")
        store = os.path.join(self.work, "results.sqlite")
        with self.assertRaises(gwsim.ScenarioError) as caught:
            gwsim.sweep(spec, store)
        [d] = caught.exception.diagnostics
        self.assertEqual((d.file, d.line), (spec, 5))  # located at the override in the spec
        self.assertFalse(os.path.exists(store))


if __name__ == "__main__":
    unittest.main()
