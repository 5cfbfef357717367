// _gwsim: the C++ side of the Python package. Everything here runs in the Python process and none of it touches
// SimGrid (whose clock cannot be reset within a process): scenario and sweep-spec checks with their located
// diagnostics, the field registry (as `gwsim schema outputs`), the catalog, and a results store's tables.
// Simulations run in a child gwsim process (gwsim/_process.py, docs/python.md). The GIL is released while C++
// works; failures come back as gwsim.GwsimError, never as a crash of the interpreter.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <exception>
#include <string>
#include <utility>
#include <vector>

#include "catalog_table.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/sweep/outputs_schema.hpp"
#include "sim/sweep/results_report.hpp"
#include "sim/sweep/results_store.hpp"
#include "sim/sweep/runner.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace py = pybind11;

namespace {

struct GwsimErrorTag {};

PyObject* gwsim_error_type = nullptr;

[[noreturn]] void raise_gwsim_error(const std::string& message) {
  PyErr_SetString(gwsim_error_type, message.c_str());
  throw py::error_already_set();
}

py::dict to_python(const gwsim::Diagnostic& d) {
  py::dict out;
  out["severity"] = d.severity == gwsim::Severity::kError ? "error" : "warning";
  out["file"] = d.file;
  out["line"] = d.line;
  out["column"] = d.column;
  out["path"] = d.path;
  out["message"] = d.message;
  out["source_line"] = d.source_line;
  out["text"] = d.format();
  return out;
}

py::list to_python(const std::vector<gwsim::Diagnostic>& diagnostics) {
  py::list out;
  for (const gwsim::Diagnostic& d : diagnostics) out.append(to_python(d));
  return out;
}

struct Checked {
  std::vector<gwsim::Diagnostic> errors;
  std::vector<gwsim::Diagnostic> warnings;
  std::string name;
};

// What `gwsim run` and `gwsim validate` check before simulating: the scenario with its overrides, and the
// replication's draws (load_or_report in tools/gwsim/main.cpp).
Checked check_scenario_cpp(const std::string& path, const std::vector<std::string>& overrides,
                           std::uint64_t replication) {
  Checked out;
  gwsim::TemplateResult loaded = gwsim::load_template(path, gwsim::LoadOptions{overrides});
  if (!loaded.scenario_template) {
    out.errors = std::move(loaded.errors);
    return out;
  }
  out.warnings = std::move(loaded.warnings);
  const gwsim::ScenarioTemplate& t = *loaded.scenario_template;
  gwsim::LoadResult sampled = gwsim::sample_scenario(t, gwsim::template_seed(t), replication);
  out.errors = std::move(sampled.errors);
  if (sampled.scenario) out.name = sampled.scenario->name;
  return out;
}

// What `gwsim sweep` checks before running: the spec, then every point's scenario (warnings apart).
Checked check_sweep_cpp(const std::string& path) {
  Checked out;
  gwsim::sweep::SpecResult loaded = gwsim::sweep::load_sweep_spec(path);
  if (!loaded.spec) {
    out.errors = std::move(loaded.errors);
    return out;
  }
  out.name = loaded.spec->name;
  for (gwsim::Diagnostic& d : gwsim::sweep::check_points(*loaded.spec)) {
    (d.severity == gwsim::Severity::kWarning ? out.warnings : out.errors).push_back(std::move(d));
  }
  return out;
}

py::dict to_python(const Checked& checked) {
  py::dict out;
  out["errors"] = to_python(checked.errors);
  out["warnings"] = to_python(checked.warnings);
  out["name"] = checked.name;
  return out;
}

// Runs f without the GIL; any C++ exception becomes gwsim.GwsimError with its message.
template <typename F>
auto without_gil(const char* what, F&& f) {
  std::string failure;
  {
    py::gil_scoped_release release;
    try {
      return f();
    } catch (const gwsim::sweep::StoreError& e) {
      failure = e.what();
    } catch (const std::exception& e) {
      failure = std::string(what) + ": internal error: " + e.what();
    }
  }
  raise_gwsim_error(failure);
}

py::dict catalog_to_python(const gwsim::python::CatalogTable& table) {
  py::dict out;
  out["errors"] = to_python(table.errors);
  out["source"] = table.source;
  out["gw_basis"] = table.gw_basis;
  py::dict columns;  // in order (Python dicts keep insertion order)
  py::list date_columns;
  for (const gwsim::python::CatalogColumn& c : table.columns) {
    py::list cells;
    for (const gwsim::python::Cell& cell : c.cells) {
      std::visit([&cells](const auto& v) { cells.append(v); }, cell);
    }
    columns[py::str(c.name)] = cells;
    if (c.is_date) date_columns.append(c.name);
  }
  out["columns"] = columns;
  out["date_columns"] = date_columns;
  return out;
}

}  // namespace

PYBIND11_MODULE(_gwsim, m) {
  m.doc() = "gwsim's C++ side: checks, the field registry, the catalog and results stores (no simulation here)";
  static py::exception<GwsimErrorTag> gwsim_error(m, "GwsimError");
  gwsim_error_type = gwsim_error.ptr();
  gwsim_error.doc() = "A gwsim failure other than invalid scenario input (see ScenarioError).";
  m.attr("__version__") = GWSIM_VERSION;

  m.def("check_scenario",
        [](const std::string& path, const std::vector<std::string>& overrides, std::uint64_t replication) {
          const Checked checked =
              without_gil("check_scenario", [&] { return check_scenario_cpp(path, overrides, replication); });
          return to_python(checked);
        },
        py::arg("path"), py::arg("overrides"), py::arg("replication") = 0,
        "Every error and warning of a scenario with its overrides and the replication's draws, as dicts.");
  m.def("check_sweep",
        [](const std::string& path) {
          const Checked checked = without_gil("check_sweep", [&] { return check_sweep_cpp(path); });
          return to_python(checked);
        },
        py::arg("path"), "Every error and warning of a sweep spec and of its points' scenarios, as dicts.");
  m.def("outputs_schema",
        [] { return without_gil("outputs_schema", [] { return gwsim::sweep::outputs_schema_json(GWSIM_VERSION); }); },
        "The JSON document `gwsim schema outputs` prints: every output file, column and figure.");
  m.def("results_tables",
        [](const std::string& store) {
          return without_gil("results", [&] {
            const gwsim::sweep::ResultsStore s = gwsim::sweep::ResultsStore::open_read_only(store);
            return std::make_pair(gwsim::sweep::results_csv(s), gwsim::sweep::replications_csv(s));
          });
        },
        py::arg("store"), "The CSVs of `gwsim results --csv` and `--replications-csv` for a results store.");
  m.def("catalog_table",
        [](const std::string& file, const std::vector<std::string>& overrides) {
          const gwsim::python::CatalogTable table =
              without_gil("catalog", [&] { return gwsim::python::catalog_table(file, overrides); });
          return catalog_to_python(table);
        },
        py::arg("file") = "", py::arg("overrides") = std::vector<std::string>{},
        "The catalog as columns: the built-in one (file empty), a catalog file, or a scenario's.");
}
