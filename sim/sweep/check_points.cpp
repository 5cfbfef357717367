// check_points() apart from the runner: it needs only the loader, so code that checks a sweep without running it
// (the Python package) links no engine.
#include <set>
#include <string>
#include <vector>

#include "sim/scenario/loader.hpp"
#include "sim/sweep/runner.hpp"

namespace gwsim::sweep {
namespace {

// A --set diagnostic of a point points back at where the spec wrote that override.
Diagnostic relocate(const Diagnostic& d, const Point& point, const SweepSpec& spec) {
  if (d.file != "--set") return d;
  for (const Override& o : point.overrides) {
    if (o.text != d.source_line) continue;
    Diagnostic out;
    out.severity = d.severity;
    out.file = spec.source_path;
    out.line = o.origin.line;
    out.column = o.origin.column;
    out.path = o.spec_path;
    out.message = (d.path.empty() ? "" : d.path + ": ") + d.message;
    out.source_line = o.origin.source ? o.origin.source->line_text(o.origin.line) : "";
    return out;
  }
  return d;
}

}  // namespace

std::vector<Diagnostic> check_points(const SweepSpec& spec) {
  std::vector<Diagnostic> errors;
  std::set<std::string> seen;
  // A warning (a plan contradiction) usually sits in the scenario, not in the point's override: say which points
  // have it.
  std::vector<Diagnostic> warnings;
  std::vector<std::vector<std::string>> points_of;
  for (const Point& point : spec.points) {
    const TemplateResult t = load_template(spec.scenario_path, LoadOptions{override_texts(point)});
    for (const Diagnostic& d : t.errors) {
      Diagnostic located = relocate(d, point, spec);
      if (seen.insert(located.format()).second) errors.push_back(std::move(located));
    }
    for (const Diagnostic& d : t.warnings) {
      Diagnostic located = relocate(d, point, spec);
      std::size_t k = 0;
      while (k < warnings.size() && warnings[k].format() != located.format()) ++k;
      if (k == warnings.size()) {
        warnings.push_back(std::move(located));
        points_of.emplace_back();
      }
      points_of[k].push_back(point.name);
    }
  }
  for (std::size_t k = 0; k < warnings.size(); ++k) {
    std::string names;
    for (const std::string& n : points_of[k]) names += (names.empty() ? "" : ", ") + n;
    warnings[k].message += (points_of[k].size() == 1 ? " (point " : " (points ") + names + ")";
    errors.push_back(std::move(warnings[k]));
  }
  return errors;
}

}  // namespace gwsim::sweep
