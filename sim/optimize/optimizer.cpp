#include "sim/optimize/optimizer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "sim/io/atomic_output.hpp"
#include "sim/output/csv.hpp"
#include "sim/optimize/overlay.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/sweep/results_store.hpp"

namespace gwsim::optimize {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::string number_text(double v) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

// An estimate of a constraint (a probability, or the figure's statistic) as text.
std::string constraint_value(const Constraint& c, double v) {
  return c.probability ? number_text(v) : value_text(c.figure, v);
}

std::string duration_text(double seconds) {
  const auto s = static_cast<long long>(std::llround(std::max(0.0, seconds)));
  char buf[64];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, (s / 60) % 60);
  else if (s >= 60) std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%llds", s);
  return buf;
}

std::string objective_name(const OptimizeSpec& spec) {
  return spec.objective.statistic.text + "_" + spec.objective.figure.name;
}

std::string objective_describe(const OptimizeSpec& spec) {
  return std::string(spec.objective.maximize ? "maximize " : "minimize ") + spec.objective.statistic.text + "(" +
         spec.objective.figure.name + ")";
}

std::string one_line(std::string text) {
  const auto nl = text.find('\n');
  return nl == std::string::npos ? text : text.substr(0, nl);
}

std::string join_errors(const std::vector<Diagnostic>& errors) {
  return errors.empty() ? std::string() : one_line(errors.front().format());
}

// A batch of candidates as a sweep: one point per (valid) candidate, named by its overrides.
sweep::SweepSpec batch_sweep(const OptimizeSpec& spec, std::int64_t batch, const std::vector<const Candidate*>& cs) {
  sweep::SweepSpec ss;
  ss.name = spec.name + "-batch-" + std::to_string(batch);
  ss.description = spec.description;
  ss.source_path = spec.source_path;
  ss.text = spec.text;
  ss.scenario_path = spec.baseline_path;
  ss.scenario_origin = spec.baseline_origin;
  ss.seed = spec.seed;
  ss.replications = spec.replications;
  ss.timeout_s = spec.timeout_s;
  for (const Candidate* c : cs) {
    sweep::Point p;
    p.index = static_cast<std::int64_t>(ss.points.size());
    for (std::size_t i = 0; i < c->overrides.size(); ++i) {
      p.overrides.push_back({c->overrides[i], spec.variables[i].origin, spec.variables[i].spec_path});
      p.name += (i ? "/" : "") + c->overrides[i];
    }
    ss.points.push_back(std::move(p));
  }
  return ss;
}

std::vector<fs::path> shard_stores(const std::string& out_dir, std::int64_t batch) {
  std::vector<fs::path> out;
  const fs::path dir = fs::path(out_dir) / "evaluations";
  char prefix[64];
  std::snprintf(prefix, sizeof prefix, "batch-%04lld.shard-", static_cast<long long>(batch));
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name.size() > 7 && name.substr(name.size() - 7) == ".sqlite") out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Evaluates batches as sweeps into their stores and reads the figures back.
class SweepEvaluator {
 public:
  SweepEvaluator(const OptimizeSpec& spec, const OptimizeOptions& options, std::ostream& progress, bool terminal,
                 OptimizeRun& run)
      : spec_(spec), options_(options), progress_(progress), terminal_(terminal), run_(run),
        figures_(assessed_figures(spec)) {}

  void operator()(std::vector<Candidate>& batch) {
    const std::int64_t b = batch.front().batch;
    std::vector<const Candidate*> valid;
    std::vector<Candidate*> valid_mut;
    for (Candidate& c : batch) {
      const TemplateResult t = load_template(spec_.baseline_path, LoadOptions{c.overrides});
      if (!t.errors.empty()) {
        c.assessment = assess(spec_, {}, spec_.replications, "the plan is invalid: " + join_errors(t.errors));
        continue;
      }
      valid.push_back(&c);
      valid_mut.push_back(&c);
    }
    evaluated_ += static_cast<std::int64_t>(batch.size());
    if (!valid.empty()) run_batch(b, valid, valid_mut, sweep::Shard{});
    report(batch);
  }

  // Runs (or completes) the batch's sweep and sets each candidate's assessment from its store.
  void run_batch(std::int64_t b, const std::vector<const Candidate*>& cs, const std::vector<Candidate*>& out,
                 const sweep::Shard& shard) {
    const sweep::SweepSpec ss = batch_sweep(spec_, b, cs);
    const std::string store = batch_store_path(options_.out_dir, b, shard);
    std::error_code ec;
    if (shard.count == 1 && !fs::exists(store, ec)) {
      const std::vector<fs::path> shards = shard_stores(options_.out_dir, b);
      if (!shards.empty()) {
        std::vector<std::string> inputs;
        for (const fs::path& p : shards) inputs.push_back(p.string());
        sweep::merge_stores(store, inputs);
        progress_ << "optimize: merged " << shards.size() << " shard store(s) of batch " << b << " into " << store
                  << "\n";
      }
    }
    std::ostringstream quiet;
    sweep::SweepOptions so;
    so.out_path = store;
    so.jobs = options_.jobs;
    so.resume = true;  // a store of this batch left by an earlier run is completed, not refused
    so.shard = shard;
    const auto started = Clock::now();
    const sweep::SweepTotals totals = sweep::run_sweep(ss, so, cs.size() > 1 ? progress_ : quiet, terminal_);
    const std::int64_t ran = totals.planned - totals.skipped;
    run_.simulations_run += ran;
    run_.simulations_reused += totals.skipped;
    if (ran > 0) {
      run_seconds_ += std::chrono::duration<double>(Clock::now() - started).count();
      ran_candidates_ += static_cast<double>(ran) / static_cast<double>(spec_.replications);
    }
    if (shard.count > 1) return;
    std::vector<std::vector<std::vector<double>>> values(cs.size());
    std::vector<std::int64_t> not_ok(cs.size(), 0);
    std::vector<std::string> errors(cs.size());
    const sweep::ResultsStore read = sweep::ResultsStore::open_read_only(store);
    read.for_each_replication(
        [&](const sweep::ReplicationRow& row) {
          const auto p = static_cast<std::size_t>(row.point);
          if (row.status == sweep::ReplicationStatus::kOk) {
            values[p].push_back(figure_values(row.summary_json, figures_));
          } else {
            ++not_ok[p];
            if (errors[p].empty()) {
              errors[p] = "replication " + std::to_string(row.replication) + " " + sweep::to_string(row.status) +
                          ": " + one_line(row.error);
            }
          }
        },
        false);
    for (std::size_t i = 0; i < cs.size(); ++i) out[i]->assessment = assess(spec_, values[i], not_ok[i], errors[i]);
  }

  void report(const std::vector<Candidate>& batch) {
    for (const Candidate& c : batch)
      if (!best_ || better(spec_, c.assessment, best_->assessment)) best_ = c;
    const double elapsed = std::chrono::duration<double>(Clock::now() - start_).count();
    const std::int64_t budget = spec_.resolved_method() == Search::Method::kExhaustive ? evaluated_
                                                                                         : spec_.search.max_evaluations;
    const double per_candidate = ran_candidates_ > 0 ? run_seconds_ / ran_candidates_ : 0.0;
    const double eta = per_candidate * static_cast<double>(std::max<std::int64_t>(0, budget - evaluated_));
    progress_ << "optimize: " << evaluated_ << "/" << budget << " candidates, batch " << batch.front().batch
              << ", best so far " << (best_->assessment.feasible ? "feasible " : "infeasible ")
              << spec_.objective.statistic.text << "(" << spec_.objective.figure.name
              << ") = " << value_text(spec_.objective.figure, best_->assessment.objective.value) << ", "
              << duration_text(elapsed) << " elapsed, ETA " << duration_text(eta)
              << (budget > evaluated_ ? " at most (the full budget)" : "") << "\n"
              << std::flush;
  }

 private:
  const OptimizeSpec& spec_;
  const OptimizeOptions& options_;
  std::ostream& progress_;
  bool terminal_;
  OptimizeRun& run_;
  std::vector<FigureRef> figures_;
  std::int64_t evaluated_ = 0;
  double run_seconds_ = 0.0, ran_candidates_ = 0.0;
  std::optional<Candidate> best_;
  Clock::time_point start_ = Clock::now();
};

bool has_entries(const fs::path& dir) {
  std::error_code ec;
  return fs::is_directory(dir, ec) && fs::directory_iterator(dir, ec) != fs::directory_iterator();
}

// Is `a` no worse than `b` on both axes, and better on one? Objective by the spec's direction; the constraint's
// estimate: higher is better for a probability or an at_least bound, lower for an at_most bound.
bool dominates(const OptimizeSpec& spec, const Constraint& c, std::size_t k, const Assessment& a, const Assessment& b) {
  const double oa = a.objective.value, ob = b.objective.value;
  const double ca = a.constraints[k].value, cb = b.constraints[k].value;
  const bool o_ge = spec.objective.maximize ? oa >= ob : oa <= ob;
  const bool o_gt = spec.objective.maximize ? oa > ob : oa < ob;
  const bool higher = c.probability || !c.at_most;
  const bool c_ge = higher ? ca >= cb : ca <= cb;
  const bool c_gt = higher ? ca > cb : ca < cb;
  return o_ge && c_ge && (o_gt || c_gt);
}

bool plotted(const Assessment& a, std::size_t k) {
  return a.ok > 0 && std::isfinite(a.objective.value) && std::isfinite(a.constraints[k].value);
}

std::vector<std::size_t> ranked(const OptimizeSpec& spec, const SearchOutcome& o) {
  std::vector<std::size_t> order(o.candidates.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return better(spec, o.candidates[a].assessment, o.candidates[b].assessment);
  });
  return order;
}

}  // namespace

std::string batch_store_path(const std::string& out_dir, std::int64_t batch, const sweep::Shard& shard) {
  char name[96];
  if (shard.count > 1) {
    std::snprintf(name, sizeof name, "batch-%04lld.shard-%lld-of-%lld.sqlite", static_cast<long long>(batch),
                  static_cast<long long>(shard.index), static_cast<long long>(shard.count));
  } else {
    std::snprintf(name, sizeof name, "batch-%04lld.sqlite", static_cast<long long>(batch));
  }
  return (fs::path(out_dir) / "evaluations" / name).string();
}

std::string candidates_csv(const OptimizeSpec& spec, const SearchOutcome& o) {
  std::vector<std::string> header = {"candidate", "batch"};
  for (const Variable& v : spec.variables) header.push_back(v.path);
  const std::string obj = objective_name(spec);
  for (const std::string& s : {obj, obj + "_ci_low", obj + "_ci_high"}) header.push_back(s);
  for (const Constraint& c : spec.constraints) {
    for (const std::string& s : {c.column(), c.column() + "_ci_low", c.column() + "_ci_high", c.column() + "_holds"})
      header.push_back(s);
  }
  for (const char* s : {"violation", "ok_replications", "not_ok_replications", "feasible", "error"}) header.emplace_back(s);
  std::string out;
  const auto row = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\n";
  };
  row(header);
  for (std::size_t i = 0; i < o.candidates.size(); ++i) {
    const Candidate& c = o.candidates[i];
    const Assessment& a = c.assessment;
    std::vector<std::string> cells = {std::to_string(i), std::to_string(c.batch)};
    for (std::size_t v = 0; v < spec.variables.size(); ++v) cells.push_back(spec.variables[v].value_text(c.x[v]));
    for (double v : {a.objective.value, a.objective.low, a.objective.high}) cells.push_back(value_text(spec.objective.figure, v));
    for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
      const Constraint& con = spec.constraints[k];
      const Estimate e = k < a.constraints.size() ? a.constraints[k] : Estimate{std::nan(""), std::nan(""), std::nan("")};
      for (double v : {e.value, e.low, e.high}) cells.push_back(constraint_value(con, v));
      cells.push_back(k < a.margins.size() && a.margins[k] <= 0.0 ? "yes" : "no");
    }
    cells.push_back(number_text(a.violation));
    cells.push_back(std::to_string(a.ok));
    cells.push_back(std::to_string(a.not_ok));
    cells.push_back(a.feasible ? "yes" : "no");
    cells.push_back(a.error);
    row(cells);
  }
  return out;
}

std::string pareto_csv(const OptimizeSpec& spec, const SearchOutcome& o) {
  std::vector<std::string> header = {"constraint", "candidate"};
  for (const Variable& v : spec.variables) header.push_back(v.path);
  for (const char* s : {"objective", "objective_value", "constraint_value", "bound", "feasible"}) header.emplace_back(s);
  std::string out;
  const auto row = [&](const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\n";
  };
  row(header);
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const Constraint& con = spec.constraints[k];
    std::vector<std::size_t> front;
    for (std::size_t i = 0; i < o.candidates.size(); ++i) {
      const Assessment& a = o.candidates[i].assessment;
      if (!plotted(a, k)) continue;
      bool dominated = false;
      for (std::size_t j = 0; j < o.candidates.size() && !dominated; ++j) {
        dominated = j != i && plotted(o.candidates[j].assessment, k) &&
                    dominates(spec, con, k, o.candidates[j].assessment, a);
      }
      if (!dominated) front.push_back(i);
    }
    std::stable_sort(front.begin(), front.end(), [&](std::size_t a, std::size_t b) {
      return o.candidates[a].assessment.objective.value < o.candidates[b].assessment.objective.value;
    });
    for (std::size_t i : front) {
      const Candidate& c = o.candidates[i];
      std::vector<std::string> cells = {con.describe(), std::to_string(i)};
      for (std::size_t v = 0; v < spec.variables.size(); ++v) cells.push_back(spec.variables[v].value_text(c.x[v]));
      cells.push_back(objective_describe(spec));
      cells.push_back(value_text(spec.objective.figure, c.assessment.objective.value));
      cells.push_back(constraint_value(con, c.assessment.constraints[k].value));
      cells.push_back(con.probability ? number_text(*con.probability) : value_text(con.figure, con.bound));
      cells.push_back(c.assessment.feasible ? "yes" : "no");
      row(cells);
    }
  }
  return out;
}

namespace {

std::string estimate_line(const std::string& label, const std::string& value, const std::string& low,
                          const std::string& high) {
  return label + " = " + value + " (95% CI " + low + " to " + high + ")";
}

std::string plan_lines(const OptimizeSpec& spec, const Candidate& c, const std::string& prefix) {
  std::string out;
  const Assessment& a = c.assessment;
  out += prefix + estimate_line(objective_describe(spec), value_text(spec.objective.figure, a.objective.value),
                                value_text(spec.objective.figure, a.objective.low),
                                value_text(spec.objective.figure, a.objective.high)) + "\n";
  for (std::size_t k = 0; k < spec.constraints.size() && k < a.constraints.size(); ++k) {
    const Constraint& con = spec.constraints[k];
    const Estimate& e = a.constraints[k];
    out += prefix +
           estimate_line(con.describe() + ": estimate", constraint_value(con, e.value), constraint_value(con, e.low),
                         constraint_value(con, e.high)) +
           (a.margins[k] <= 0.0 ? ", holds" : ", does not hold") + "\n";
  }
  out += prefix + std::to_string(a.ok) + " of " + std::to_string(a.ok + a.not_ok) + " replications ok" +
         (a.error.empty() ? "" : " (" + a.error + ")") + "\n";
  return out;
}

}  // namespace

std::string best_yaml(const OptimizeSpec& spec, const SearchOutcome& o, const std::string& out_dir) {
  const Candidate& c = o.candidates.at(o.best);
  const OverlayResult overlay = plan_overlay(spec.baseline_path, c.overrides);
  if (!overlay.yaml) throw std::runtime_error("the best plan cannot be written as a scenario: " + join_errors(overlay.errors));
  std::error_code ec;
  const fs::path base = fs::weakly_canonical(fs::absolute(spec.baseline_path), ec);
  const fs::path dir = fs::weakly_canonical(fs::absolute(out_dir), ec);
  const std::string extends = base.lexically_relative(dir).string();
  std::string out = "# The best plan gwsim optimize found for " + spec.name + " (" + spec.source_path + "), candidate " +
                    std::to_string(o.best) + " of " + std::to_string(o.candidates.size()) + " evaluated.\n";
  out += "# Estimates over " + std::to_string(spec.replications) + " replications of seed " +
         std::to_string(spec.seed) + " (replication k draws with (seed, k), for every plan):\n";
  out += plan_lines(spec, c, "#   ");
  out += "# Decisions:\n";
  for (const std::string& s : c.overrides) out += "#   " + s + "\n";
  out += "# Rerun replication K as the optimization ran it: gwsim run best.yaml --seed " + std::to_string(spec.seed) +
         " --replication K\n";
  out += "extends: " + extends + "\n";
  out += *overlay.yaml;
  return out;
}

// optimization.json: what the search was and what it found, for gwsim report (tools/report/gwsim_report.py) and
// scripts; the estimates themselves are candidates.csv's, under the column names given here. No clock time: the
// same spec gives the same bytes, resumed or not.
std::string optimization_json(const OptimizeSpec& spec, const SearchOutcome& o) {
  using Json = nlohmann::ordered_json;
  const char* const kinds[] = {"integer", "date", "continuous", "choice"};
  Json variables = Json::array();
  for (const Variable& v : spec.variables) {
    variables.push_back(Json{{"path", v.path}, {"kind", kinds[static_cast<int>(v.kind)]}});
  }
  Json constraints = Json::array();
  for (const Constraint& c : spec.constraints) {
    constraints.push_back(Json{{"description", c.describe()},
                               {"column", c.column()},
                               {"figure", c.figure.name},
                               {"is_date", c.figure.is_date},
                               {"bound", c.at_most ? "at_most" : "at_least"},
                               {"bound_value", c.bound_text},
                               {"probability", c.probability ? Json(*c.probability) : Json(nullptr)},
                               {"statistic", c.probability ? Json(nullptr) : Json(c.statistic.text)}});
  }
  std::int64_t feasible = 0;
  for (const Candidate& c : o.candidates) feasible += c.assessment.feasible ? 1 : 0;
  const bool has_best = !o.candidates.empty() && o.candidates[o.best].assessment.feasible;
  Json ranking = Json::array();
  const std::vector<std::size_t> order = ranked(spec, o);
  for (std::size_t r = 0; r < order.size() && r < 10; ++r) ranking.push_back(order[r]);
  const Json doc{{"name", spec.name},
                 {"description", spec.description},
                 {"spec", spec.source_path},
                 {"baseline", spec.baseline_path},
                 {"seed", spec.seed},
                 {"replications", spec.replications},
                 {"method", to_string(spec.resolved_method())},
                 {"max_evaluations", spec.search.max_evaluations},
                 {"batches", o.batches},
                 {"budget_exhausted", o.budget_exhausted},
                 {"variables", variables},
                 {"objective", Json{{"description", objective_describe(spec)},
                                    {"column", objective_name(spec)},
                                    {"figure", spec.objective.figure.name},
                                    {"is_date", spec.objective.figure.is_date},
                                    {"direction", spec.objective.maximize ? "maximize" : "minimize"},
                                    {"statistic", spec.objective.statistic.text}}},
                 {"constraints", constraints},
                 {"candidates", o.candidates.size()},
                 {"feasible", feasible},
                 {"infeasible", static_cast<std::int64_t>(o.candidates.size()) - feasible},
                 {"best", has_best ? Json(o.best) : Json(nullptr)},
                 {"ranking", ranking}};
  return doc.dump(2) + "\n";
}

std::string summary_text(const OptimizeSpec& spec, const SearchOutcome& o) {
  std::string out = "optimize " + spec.name + ": " + to_string(spec.resolved_method()) + ", " +
                    std::to_string(o.candidates.size()) + " candidates in " + std::to_string(o.batches) +
                    " batches, " + std::to_string(spec.replications) + " replications each" +
                    (o.budget_exhausted ? " (budget of " + std::to_string(spec.search.max_evaluations) + " used)" : "") +
                    "\n";
  if (o.candidates.empty()) return out;
  const Candidate& best = o.candidates[o.best];
  if (best.assessment.feasible) {
    out += "best plan (candidate " + std::to_string(o.best) + "):\n";
    for (const std::string& s : best.overrides) out += "  " + s + "\n";
    out += plan_lines(spec, best, "  ");
    return out;
  }
  out += "no feasible plan: none of the " + std::to_string(o.candidates.size()) +
         " candidates meets every constraint; the closest (smallest constraint violation):\n";
  const std::vector<std::size_t> order = ranked(spec, o);
  for (std::size_t r = 0; r < order.size() && r < 5; ++r) {
    const Candidate& c = o.candidates[order[r]];
    std::string plan;
    for (const std::string& s : c.overrides) plan += (plan.empty() ? "" : ", ") + s;
    out += "  candidate " + std::to_string(order[r]) + " (violation " + number_text(c.assessment.violation) + "): " +
           plan + "\n";
    out += plan_lines(spec, c, "    ");
  }
  return out;
}

OptimizeRun run_optimize(const OptimizeSpec& spec, const OptimizeOptions& options, std::ostream& out,
                         std::ostream& progress, bool terminal) {
  OptimizeRun run;
  const fs::path dir(options.out_dir);
  std::error_code ec;
  if (options.shard.count > 1) {
    const std::string store = batch_store_path(options.out_dir, 0, options.shard);
    if (!options.resume && fs::exists(store, ec)) {
      throw sweep::StoreError(store + " exists: add --resume to complete this shard, or use another folder");
    }
  } else if (!options.resume && has_entries(dir)) {
    throw sweep::StoreError("the folder " + options.out_dir +
                            " is not empty: add --resume to continue its optimization, or use another folder");
  }
  fs::create_directories(dir / "evaluations", ec);
  if (ec) throw std::runtime_error("cannot make the folder " + (dir / "evaluations").string() + ": " + ec.message());
  SweepEvaluator evaluator(spec, options, progress, terminal, run);
  if (options.shard.count > 1) {
    std::vector<Candidate> batch = first_batch(spec);
    std::vector<const Candidate*> valid;
    std::vector<Candidate*> valid_mut;
    for (Candidate& c : batch) {
      if (!load_template(spec.baseline_path, LoadOptions{c.overrides}).errors.empty()) continue;
      valid.push_back(&c);
      valid_mut.push_back(&c);
    }
    if (!valid.empty()) evaluator.run_batch(0, valid, valid_mut, options.shard);
    run.shard_only = true;
    out << "optimize " << spec.name << ": shard " << options.shard.index << "/" << options.shard.count
        << " of the first batch (" << batch.size() << " candidates x " << spec.replications
        << " replications): " << run.simulations_run << " replications run, " << run.simulations_reused
        << " already stored, in " << batch_store_path(options.out_dir, 0, options.shard)
        << "\nwhen every shard is done: gwsim optimize " << spec.source_path << " -o " << options.out_dir
        << " --resume\n";
    return run;
  }
  run.outcome = run_search(spec, [&](std::vector<Candidate>& batch) { evaluator(batch); });
  const SearchOutcome& o = run.outcome;
  const auto write = [&](const std::string& name, const std::string& text) {
    io::write_file_atomically((dir / name).string(), text, io::IfExists::kReplace);
    run.written.push_back((dir / name).string());
  };
  write("candidates.csv", candidates_csv(spec, o));
  write("pareto.csv", pareto_csv(spec, o));
  write("optimization.json", optimization_json(spec, o));
  if (!o.candidates.empty() && o.candidates[o.best].assessment.feasible) {
    write("best.yaml", best_yaml(spec, o, options.out_dir));
  } else if (fs::exists(dir / "best.yaml", ec)) {
    fs::remove(dir / "best.yaml", ec);
  }
  out << summary_text(spec, o);
  out << run.simulations_run << " replications run, " << run.simulations_reused << " reused from "
      << (dir / "evaluations").string() << "\n";
  for (const std::string& w : run.written) out << "wrote " << w << "\n";
  return run;
}

}  // namespace gwsim::optimize
