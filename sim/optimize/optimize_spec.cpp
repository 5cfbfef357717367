#include "sim/optimize/optimize_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <set>

#include "models/date.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/file_io.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim::optimize {

namespace spec_keys {
const schema::KeyList kSpecKeys = {"name",      "description", "baseline",    "seed",   "replications",
                                   "timeout_seconds", "variables", "objective", "constraints", "search"};
const schema::KeyList kVariableKeys = {"path", "integer", "date", "continuous", "choice"};
const schema::KeyList kObjectiveKeys = {"minimize", "maximize", "statistic"};
const schema::KeyList kConstraintKeys = {"figure", "at_most", "at_least", "probability", "statistic"};
const schema::KeyList kSearchKeys = {"method", "max_evaluations", "lhs_samples"};
const schema::KeyList kRangeKeys = {"min", "max"};
const schema::KeyList kGridKeys = {"min", "max", "step"};
const schema::KeyList kKinds = {"integer", "date", "continuous", "choice"};
const schema::KeyList kMethods = {"auto", "exhaustive", "cobyla", "bobyqa"};
}  // namespace spec_keys

namespace {

using namespace spec_keys;

// Planned simulations (max_evaluations x replications) are capped like a sweep's planned replications.
constexpr std::int64_t kMaxPlanned = 10'000'000;

std::string fixed(double value, int decimals) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

std::string yaml_scalar(const ConfigNode& node) {
  if (!node.quoted) return node.text;
  std::string out = "\"";
  for (char c : node.text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

struct Quantity {
  double value = 0.0;
  QuantityKind kind = QuantityKind::kNumber;
};

std::optional<Quantity> parse_quantity(std::string_view text) {
  using K = QuantityKind;
  const std::pair<K, units::Parsed (*)(std::string_view)> parsers[] = {{K::kPower, units::parse_power_w},
                                                                        {K::kDuration, units::parse_duration_days},
                                                                        {K::kMoney, units::parse_money_usd},
                                                                        {K::kNumber, units::parse_number},
                                                                        {K::kFraction, units::parse_fraction}};
  for (const auto& [kind, parse] : parsers) {
    const units::Parsed p = parse(text);
    if (p.value) return Quantity{*p.value, kind};
  }
  return std::nullopt;
}

// "mean" or "pNN" (NN from 0 to 100).
std::optional<Statistic> read_statistic(Reader& r, const ConfigNode& node, const std::string& path) {
  const char* what = "a statistic: mean, or pNN with NN from 0 to 100 (p10, p50, p90)";
  if (!node.is_scalar()) {
    r.expected(node, path, what);
    return std::nullopt;
  }
  Statistic s;
  s.text = node.text;
  if (node.text == "mean") return s;
  if (node.text.size() >= 2 && node.text[0] == 'p') {
    const units::Parsed p = units::parse_number(std::string_view(node.text).substr(1));
    if (p.value && *p.value >= 0.0 && *p.value <= 100.0) {
      s.mean = false;
      s.percentile = *p.value;
      return s;
    }
  }
  r.expected(node, path, what);
  return std::nullopt;
}

std::optional<FigureRef> read_figure(Reader& r, const ConfigNode& node, const std::string& path) {
  if (!node.is_scalar() || node.text.empty()) {
    r.expected(node, path, "a sweep figure (capex_usd, gw_10_live_date, shortfall_days, ...)");
    return std::nullopt;
  }
  if (auto f = find_figure(node.text)) return f;
  const std::vector<std::string> names = figure_names();
  std::vector<std::string_view> views(names.begin(), names.end());
  r.error(node.origin, path,
          "expected a sweep figure (docs/results.md; gw_N_live_date for the N-th GW), found '" + node.text + "'" +
              suggestion_suffix(node.text, views));
  return std::nullopt;
}

// A constraint's bound: a date for a date figure, else a number, an amount of money or a fraction.
std::optional<double> read_bound(Reader& r, const ConfigNode& node, const std::string& path, const FigureRef& f) {
  if (f.is_date) {
    if (auto d = r.date(node, path)) return static_cast<double>(d->days);
    return std::nullopt;
  }
  if (node.is_scalar()) {
    for (auto parse : {units::parse_number, units::parse_money_usd, units::parse_fraction}) {
      if (const units::Parsed p = parse(node.text); p.value) return *p.value;
    }
  }
  r.expected(node, path, "a number, an amount of money or a fraction, in the figure's unit");
  return std::nullopt;
}

void read_range(Reader& r, const ConfigNode& range, const std::string& path, Variable& v) {
  using K = Variable::Kind;
  const bool has_step = v.kind == K::kInteger || v.kind == K::kDate;
  if (!r.expect_map(range, path, has_step ? "a range {min, max, step}" : "a range {min, max}")) return;
  r.check_keys(range, path, has_step ? kGridKeys : kRangeKeys);
  const ConfigNode* lo = r.required(range, path, "min");
  const ConfigNode* hi = r.required(range, path, "max");
  if (!lo || !hi) return;
  const std::string lo_path = child_path(path, "min"), hi_path = child_path(path, "max");
  std::optional<double> min, max;
  switch (v.kind) {
    case K::kInteger: {
      const char* what = "an integer from -1000000000 to 1000000000";
      if (auto x = r.integer(*lo, lo_path, -1'000'000'000, 1'000'000'000, what)) min = static_cast<double>(*x);
      if (auto x = r.integer(*hi, hi_path, -1'000'000'000, 1'000'000'000, what)) max = static_cast<double>(*x);
      if (const ConfigNode* s = range.find("step")) {
        if (auto x = r.integer(*s, child_path(path, "step"), 1, 1'000'000'000, "an integer from 1 to 1000000000")) {
          v.step = static_cast<double>(*x);
        }
      }
      break;
    }
    case K::kDate: {
      if (auto d = r.date(*lo, lo_path)) min = d->days;
      if (auto d = r.date(*hi, hi_path)) max = d->days;
      if (const ConfigNode* s = range.find("step")) {
        if (auto x = r.duration(*s, child_path(path, "step"), Range::at_least(1.0, "1 day"))) {
          v.step = std::round(*x);
        }
      }
      break;
    }
    default: {
      std::optional<Quantity> qlo, qhi;
      for (auto [node, q, p] : {std::tuple{lo, &qlo, &lo_path}, std::tuple{hi, &qhi, &hi_path}}) {
        if (node->is_scalar()) *q = parse_quantity(node->text);
        if (!*q) r.expected(*node, *p, "a number, a fraction, or a power, duration or amount of money with its unit");
      }
      if (!qlo || !qhi) return;
      if (qlo->kind != qhi->kind) {
        r.error(hi->origin, hi_path, "expected the same kind of quantity as min, found '" + hi->text + "'");
        return;
      }
      v.quantity = qlo->kind;
      min = qlo->value;
      max = qhi->value;
    }
  }
  if (!min || !max) return;
  if (!(*min < *max)) {
    r.error(hi->origin, hi_path, "expected a value above min (" + lo->text + "): the range is empty, found '" +
                                     hi->text + "'");
    return;
  }
  v.min = *min;
  v.max = *max;
}

std::optional<Variable> read_variable(Reader& r, const ConfigNode& item, const std::string& path) {
  if (!r.expect_map(item, path, "a variable ({path, integer | date | continuous | choice})")) return std::nullopt;
  r.check_keys(item, path, kVariableKeys);
  Variable v;
  v.spec_path = path;
  const ConfigNode* p = r.required(item, path, "path");
  if (p) {
    if (auto text = r.string(*p, child_path(path, "path"), true)) {
      v.path = *text;
      v.origin = p->origin;
    }
  }
  const ConfigNode* kind_node = nullptr;
  for (std::size_t i = 0; i < item.keys.size(); ++i) {
    const auto k = std::find(kKinds.begin(), kKinds.end(), std::string_view(item.keys[i]));
    if (k == kKinds.end()) continue;
    if (kind_node) {
      r.error(item.key_origins[i], child_path(path, item.keys[i]),
              "a variable has one kind (integer, date, continuous or choice); found a second");
      return std::nullopt;
    }
    kind_node = &item.children[i];
    v.kind = static_cast<Variable::Kind>(k - kKinds.begin());
  }
  if (!kind_node) {
    r.error(item.origin, path, "missing the variable's kind: one of integer, date, continuous or choice");
    return std::nullopt;
  }
  const std::string kind_path = child_path(path, kKinds[static_cast<std::size_t>(v.kind)]);
  const std::size_t errors_before = r.diagnostics().size();
  if (v.kind == Variable::Kind::kChoice) {
    if (!r.expect_sequence(*kind_node, kind_path, "a list of at least two values")) return std::nullopt;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < kind_node->children.size(); ++i) {
      const ConfigNode& c = kind_node->children[i];
      if (!c.is_scalar() || c.text.empty()) {
        r.expected(c, item_path(kind_path, i), "a value");
        continue;
      }
      if (!seen.insert(c.text).second) {
        r.error(c.origin, item_path(kind_path, i), "'" + c.text + "' is listed twice");
        continue;
      }
      v.choices.push_back(yaml_scalar(c));
    }
    if (kind_node->children.size() < 2) {
      r.error(kind_node->origin, kind_path, "expected at least two values to choose from, found " +
                                                std::to_string(kind_node->children.size()));
    }
  } else {
    read_range(r, *kind_node, kind_path, v);
  }
  if (r.diagnostics().size() != errors_before || v.path.empty()) return std::nullopt;
  return v;
}

void read_objective(Reader& r, const ConfigNode& n, OptimizeSpec& spec) {
  if (!r.expect_map(n, "objective", "a map {minimize | maximize: FIGURE, statistic}")) return;
  r.check_keys(n, "objective", kObjectiveKeys);
  const ConfigNode* min = n.find("minimize");
  const ConfigNode* max = n.find("maximize");
  if (min && max) {
    r.error(n.key_origins[*n.index_of("maximize")], "objective.maximize",
            "an objective either minimizes or maximizes, not both");
    return;
  }
  if (!min && !max) {
    r.error(n.origin, "objective", "missing required key 'minimize' or 'maximize'");
    return;
  }
  spec.objective.maximize = max != nullptr;
  if (auto f = read_figure(r, max ? *max : *min, max ? "objective.maximize" : "objective.minimize")) {
    spec.objective.figure = *f;
  }
  if (const ConfigNode* s = n.find("statistic")) {
    if (auto st = read_statistic(r, *s, "objective.statistic")) spec.objective.statistic = *st;
  }
}

std::optional<Constraint> read_constraint(Reader& r, const ConfigNode& item, const std::string& path) {
  if (!r.expect_map(item, path, "a constraint ({figure, at_most | at_least, probability | statistic})")) {
    return std::nullopt;
  }
  r.check_keys(item, path, kConstraintKeys);
  Constraint c;
  c.spec_path = path;
  const std::size_t errors_before = r.diagnostics().size();
  const ConfigNode* f = r.required(item, path, "figure");
  std::optional<FigureRef> figure;
  if (f) figure = read_figure(r, *f, child_path(path, "figure"));
  const ConfigNode* most = item.find("at_most");
  const ConfigNode* least = item.find("at_least");
  if (most && least) {
    r.error(item.key_origins[*item.index_of("at_least")], child_path(path, "at_least"),
            "a constraint has one bound: at_most or at_least, not both");
  } else if (!most && !least) {
    r.error(item.origin, path, "missing required key 'at_most' or 'at_least'");
  } else if (figure) {
    c.figure = *figure;
    c.at_most = most != nullptr;
    const ConfigNode& b = most ? *most : *least;
    c.bound_text = b.is_scalar() ? b.text : "";
    if (auto v = read_bound(r, b, child_path(path, most ? "at_most" : "at_least"), *figure)) c.bound = *v;
  }
  const ConfigNode* prob = item.find("probability");
  const ConfigNode* stat = item.find("statistic");
  if (prob && stat) {
    r.error(item.key_origins[*item.index_of(prob < stat ? "statistic" : "statistic")], child_path(path, "statistic"),
            "a chance constraint (probability) takes no statistic");
  }
  if (prob) {
    c.probability = r.fraction(*prob, child_path(path, "probability"), Range::above_up_to(0.0, "0", 1.0, "1"));
  }
  if (stat && !prob) {
    if (auto s = read_statistic(r, *stat, child_path(path, "statistic"))) c.statistic = *s;
  }
  if (r.diagnostics().size() != errors_before) return std::nullopt;
  return c;
}

void read_search(Reader& r, const ConfigNode& n, OptimizeSpec& spec) {
  if (!r.expect_map(n, "search", "a map {method, max_evaluations, lhs_samples}")) return;
  r.check_keys(n, "search", kSearchKeys);
  if (const ConfigNode* m = n.find("method")) {
    if (auto v = r.choice(*m, "search.method", kMethods)) {
      spec.search.method = static_cast<Search::Method>(std::find(kMethods.begin(), kMethods.end(), std::string_view(*v)) - kMethods.begin());
    }
  }
  if (const ConfigNode* m = n.find("max_evaluations")) {
    spec.search.max_evaluations =
        r.integer(*m, "search.max_evaluations", 1, 100'000, "an integer from 1 to 100000").value_or(200);
  }
  if (const ConfigNode* m = n.find("lhs_samples")) {
    spec.search.lhs_samples = r.integer(*m, "search.lhs_samples", 1, 10'000, "an integer from 1 to 10000").value_or(0);
  }
}

// A --set diagnostic of a variable's value points back at the variable's path in the spec.
Diagnostic relocate(const Diagnostic& d, const Variable& v, const std::string& spec_file) {
  if (d.file != "--set") return d;
  Diagnostic out;
  out.severity = d.severity;
  out.file = spec_file;
  out.line = v.origin.line;
  out.column = v.origin.column;
  out.path = child_path(v.spec_path, "path");
  out.message = (d.path.empty() ? "" : d.path + ": ") + d.message + " (with " + d.source_line + ")";
  out.source_line = v.origin.source ? v.origin.source->line_text(v.origin.line) : "";
  return out;
}

// The baseline alone, then each variable at its bounds (each choice) applied to it.
std::vector<Diagnostic> check_against_baseline(const OptimizeSpec& spec) {
  const TemplateResult base = load_template(spec.baseline_path);
  if (!base.errors.empty()) return base.errors;
  std::vector<Diagnostic> errors;
  std::set<std::string> seen;
  for (const Variable& v : spec.variables) {
    std::vector<double> probes;
    if (v.discrete()) {
      for (std::int64_t l = 0; l < v.levels(); ++l) {
        if (v.kind == Variable::Kind::kChoice || l == 0 || l + 1 == v.levels()) probes.push_back(static_cast<double>(l));
      }
    } else {
      probes = {v.min, v.max};
    }
    for (double x : probes) {
      const TemplateResult t = load_template(spec.baseline_path, LoadOptions{{v.override_text(x)}});
      for (const Diagnostic& d : t.errors) {
        Diagnostic located = relocate(d, v, spec.source_path);
        if (seen.insert(located.format()).second) errors.push_back(std::move(located));
      }
      if (!t.errors.empty()) break;  // one value is enough to show a bad path
    }
  }
  return errors;
}

}  // namespace

std::int64_t Variable::levels() const {
  switch (kind) {
    case Kind::kInteger:
    case Kind::kDate: return static_cast<std::int64_t>(std::floor((max - min) / step + 1e-9)) + 1;
    case Kind::kChoice: return static_cast<std::int64_t>(choices.size());
    case Kind::kContinuous: return 0;
  }
  return 0;
}

std::string Variable::value_text(double x) const {
  switch (kind) {
    case Kind::kInteger: return std::to_string(static_cast<std::int64_t>(std::llround(min + x * step)));
    case Kind::kDate: return models::to_iso(models::Date{static_cast<std::int32_t>(std::llround(min + x * step))});
    case Kind::kChoice: return choices.at(static_cast<std::size_t>(x));
    case Kind::kContinuous:
      switch (quantity) {
        case QuantityKind::kPower: return fixed(x, 3) + " W";
        case QuantityKind::kDuration: return fixed(x, 6) + " days";
        case QuantityKind::kMoney: return "$" + fixed(x, 2);
        default: return fixed(x, 9);
      }
  }
  return "";
}

std::string Constraint::describe() const {
  const std::string op = at_most ? " <= " : " >= ";
  if (probability) {
    char p[32];
    std::snprintf(p, sizeof p, "%g", *probability);
    return "P(" + figure.name + op + bound_text + ") >= " + p;
  }
  return statistic.text + "(" + figure.name + ")" + op + bound_text;
}

std::string Constraint::column() const {
  if (probability) return "p_" + figure.name + (at_most ? "_le_" : "_ge_") + bound_text;
  return statistic.text + "_" + figure.name;
}

const char* to_string(Search::Method method) {
  return kMethods[static_cast<std::size_t>(method)].data();
}

std::int64_t OptimizeSpec::discrete_space() const {
  std::int64_t n = 1;
  for (const Variable& v : variables) {
    if (!v.discrete()) continue;
    if (n > std::numeric_limits<std::int64_t>::max() / std::max<std::int64_t>(1, v.levels())) {
      return std::numeric_limits<std::int64_t>::max();
    }
    n *= std::max<std::int64_t>(1, v.levels());
  }
  return n;
}

bool OptimizeSpec::has_continuous() const {
  for (const Variable& v : variables)
    if (!v.discrete()) return true;
  return false;
}

Search::Method OptimizeSpec::resolved_method() const {
  if (search.method != Search::Method::kAuto) return search.method;
  return !has_continuous() && discrete_space() <= search.max_evaluations ? Search::Method::kExhaustive
                                                                          : Search::Method::kCobyla;
}

OptimizeSpecResult load_optimize_spec(const std::string& path) {
  Diagnostics diagnostics;
  OptimizeSpecResult result;
  std::optional<SpecRoot> read =
      read_spec_root(path, "an optimization spec (a map with name, baseline, variables, ...)", diagnostics);
  if (!read) {
    result.errors = diagnostics.sorted();
    return result;
  }
  const ConfigNode* root = &read->root;
  Reader r(diagnostics);
  r.check_keys(*root, "", kSpecKeys);
  OptimizeSpec spec;
  spec.source_path = path;
  spec.text = read->text;
  if (const ConfigNode* n = r.required(*root, "", "name")) spec.name = r.name(*n, "name").value_or("");
  if (const ConfigNode* n = root->find("description")) spec.description = r.string(*n, "description").value_or("");
  if (const ConfigNode* n = r.required(*root, "", "baseline")) {
    if (auto text = r.string(*n, "baseline", true)) {
      spec.baseline_path = resolve_relative(n->origin, *text);
      spec.baseline_origin = n->origin;
    }
  }
  if (const ConfigNode* n = root->find("seed")) spec.seed = r.unsigned_integer(*n, "seed").value_or(1);
  if (const ConfigNode* n = root->find("replications")) {
    spec.replications = r.integer(*n, "replications", 1, 100'000, "an integer from 1 to 100000").value_or(1);
  }
  if (const ConfigNode* n = root->find("timeout_seconds")) {
    spec.timeout_s = r.number(*n, "timeout_seconds", Range::between(0.1, "0.1", 86400.0, "86400")).value_or(600.0);
  }
  if (const ConfigNode* n = r.required(*root, "", "variables")) {
    if (r.expect_sequence(*n, "variables", "a non-empty list of variables")) {
      std::set<std::string> paths;
      for (std::size_t i = 0; i < n->children.size(); ++i) {
        auto v = read_variable(r, n->children[i], item_path("variables", i));
        if (!v) continue;
        if (!paths.insert(v->path).second) {
          r.error(v->origin, child_path(v->spec_path, "path"), "the path '" + v->path + "' is a variable twice");
          continue;
        }
        spec.variables.push_back(std::move(*v));
      }
    }
  }
  if (const ConfigNode* n = r.required(*root, "", "objective")) read_objective(r, *n, spec);
  if (const ConfigNode* n = root->find("constraints")) {
    if (r.expect_sequence(*n, "constraints", "a list of constraints", false)) {
      for (std::size_t i = 0; i < n->children.size(); ++i) {
        if (auto c = read_constraint(r, n->children[i], item_path("constraints", i))) {
          spec.constraints.push_back(std::move(*c));
        }
      }
    }
  }
  if (const ConfigNode* n = root->find("search")) read_search(r, *n, spec);
  if (diagnostics.empty()) {
    const auto at = [&](const char* key) {
      const ConfigNode* s = root->find("search");
      if (s && s->index_of(key)) return std::pair{s->key_origins[*s->index_of(key)], std::string("search.") + key};
      return std::pair{s ? s->origin : root->origin, std::string(s ? "search" : "")};
    };
    if (spec.search.method == Search::Method::kExhaustive && spec.has_continuous()) {
      const auto [o, p] = at("method");
      r.error(o, p, "an exhaustive search needs every variable discrete (integer, date or choice); use auto, cobyla "
                    "or bobyqa with a continuous variable");
    } else if (spec.search.method == Search::Method::kExhaustive &&
               spec.discrete_space() > spec.search.max_evaluations) {
      const auto [o, p] = at("method");
      r.error(o, p, "an exhaustive search evaluates every plan: the variables make " +
                        (spec.discrete_space() == std::numeric_limits<std::int64_t>::max()
                             ? std::string("more than 9e18")
                             : std::to_string(spec.discrete_space())) +
                        ", more than search.max_evaluations (" + std::to_string(spec.search.max_evaluations) + ")");
    }
    if (spec.search.max_evaluations * spec.replications > kMaxPlanned) {
      const auto [o, p] = at("max_evaluations");
      r.error(o, p, "the search may run " + std::to_string(spec.search.max_evaluations) + " candidates x " +
                        std::to_string(spec.replications) + " replications, more than " +
                        std::to_string(kMaxPlanned) + " simulations");
    }
  }
  if (!diagnostics.empty()) {
    result.errors = diagnostics.sorted();
    return result;
  }
  result.errors = check_against_baseline(spec);
  if (result.errors.empty()) result.spec = std::move(spec);
  return result;
}

}  // namespace gwsim::optimize
