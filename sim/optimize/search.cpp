#include "sim/optimize/search.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <nlopt.hpp>
#include <stdexcept>

#include "sim/sweep/lhs.hpp"

namespace gwsim::optimize {
namespace {

constexpr double kHuge = 1e6;  // a margin or objective with no finite value

double finite_or(double v, double fallback) { return std::isfinite(v) ? v : fallback; }

// Normalised margin of one constraint: <= 0 when it holds.
double margin(const Constraint& c, const Estimate& e) {
  if (std::isnan(e.value)) return kHuge;
  if (c.probability) return *c.probability - e.value;
  const double scale = c.figure.is_date ? 365.0 : std::max(1.0, std::fabs(c.bound));
  const double m = (c.at_most ? e.value - c.bound : c.bound - e.value) / scale;
  return std::clamp(finite_or(m, m > 0 ? kHuge : -kHuge), -kHuge, kHuge);
}

double level_of(const Variable& v, double u) {
  const double top = static_cast<double>(v.levels() - 1);
  return std::clamp(std::round(u * top), 0.0, top);
}

double unit_of(const Variable& v, double x) {
  if (!v.discrete()) return (x - v.min) / (v.max - v.min);
  const double top = static_cast<double>(v.levels() - 1);
  return top > 0 ? x / top : 0.0;
}

double value_of(const Variable& v, double u) {
  return v.discrete() ? level_of(v, u) : v.min + std::clamp(u, 0.0, 1.0) * (v.max - v.min);
}

class Searcher {
 public:
  Searcher(const OptimizeSpec& spec, const BatchEvaluator& evaluate) : spec_(spec), evaluate_(evaluate) {}

  // Evaluates the plans of xs not seen yet (within the budget); returns each plan's index, or -1 past the budget.
  std::vector<std::ptrdiff_t> evaluate(const std::vector<std::vector<double>>& xs) {
    std::vector<std::ptrdiff_t> out;
    std::vector<Candidate> batch;
    std::vector<std::size_t> pending;  // positions in out waiting for the batch
    std::map<std::string, std::size_t> in_batch;
    for (const auto& x : xs) {
      Candidate c = make_candidate(spec_, x);
      if (const auto it = memo_.find(c.key); it != memo_.end()) {
        out.push_back(static_cast<std::ptrdiff_t>(it->second));
      } else if (const auto jt = in_batch.find(c.key); jt != in_batch.end()) {
        out.push_back(-2 - static_cast<std::ptrdiff_t>(jt->second));
      } else if (remaining() > static_cast<std::int64_t>(batch.size())) {
        in_batch[c.key] = batch.size();
        out.push_back(-2 - static_cast<std::ptrdiff_t>(batch.size()));
        batch.push_back(std::move(c));
      } else {
        out.push_back(-1);
        outcome_.budget_exhausted = true;
      }
    }
    if (!batch.empty()) {
      for (Candidate& c : batch) c.batch = outcome_.batches;
      evaluate_(batch);
      ++outcome_.batches;
      const std::size_t first = outcome_.candidates.size();
      for (Candidate& c : batch) {
        memo_[c.key] = outcome_.candidates.size();
        outcome_.candidates.push_back(std::move(c));
        const std::size_t i = outcome_.candidates.size() - 1;
        if (better(spec_, outcome_.candidates[i].assessment, outcome_.candidates[outcome_.best].assessment) ||
            i == 0) {
          outcome_.best = i;
        }
      }
      for (auto& o : out)
        if (o <= -2) o = static_cast<std::ptrdiff_t>(first) + (-2 - o);
    }
    (void)pending;
    return out;
  }

  std::int64_t remaining() const {
    return spec_.search.max_evaluations - static_cast<std::int64_t>(outcome_.candidates.size());
  }

  // NLopt from x0 (a candidate's x).
  void nlopt_from(const std::vector<double>& x0) {
    const std::size_t d = spec_.variables.size();
    const bool cobyla = spec_.resolved_method() == Search::Method::kCobyla;
    const bool bobyqa_1d = !cobyla && d < 2;  // BOBYQA needs two dimensions or more: COBYLA then
    nlopt::opt opt(cobyla || bobyqa_1d ? nlopt::LN_COBYLA : nlopt::LN_BOBYQA, static_cast<unsigned>(d));
    std::vector<double> lo(d, 0.0), hi(d, 1.0), step(d), xtol(d), u(d);
    for (std::size_t i = 0; i < d; ++i) {
      const Variable& v = spec_.variables[i];
      const double levels = v.discrete() ? static_cast<double>(std::max<std::int64_t>(2, v.levels())) : 0.0;
      step[i] = v.discrete() ? std::max(1.0 / (levels - 1.0), 0.2) : 0.2;
      xtol[i] = v.discrete() ? 0.5 / (levels - 1.0) : 1e-3;
      u[i] = std::clamp(unit_of(v, x0[i]), 0.0, 1.0);
    }
    opt.set_lower_bounds(lo);
    opt.set_upper_bounds(hi);
    opt.set_initial_step(step);
    opt.set_xtol_abs(xtol);
    opt.set_maxeval(static_cast<int>(std::min<std::int64_t>(1'000'000, 20 * spec_.search.max_evaluations + 100)));
    objective_scale_ = 0.0;
    for (const Candidate& c : outcome_.candidates) {
      if (std::isfinite(c.assessment.objective.value) && c.assessment.objective.value != 0.0) {
        objective_scale_ = std::fabs(c.assessment.objective.value);
        break;
      }
    }
    if (objective_scale_ == 0.0) objective_scale_ = 1.0;
    struct Data {
      Searcher* self;
      std::size_t constraint;
      bool penalty;
      nlopt::opt* opt;
    };
    Data objective{this, 0, !cobyla && !bobyqa_1d, &opt};
    opt.set_min_objective(
        [](unsigned n, const double* x, double*, void* data) {
          auto* dd = static_cast<Data*>(data);
          const Assessment* a = dd->self->at(std::vector<double>(x, x + n), *dd->opt);
          if (!a) return kHuge;
          const double sign = dd->self->spec_.objective.maximize ? -1.0 : 1.0;
          double f = finite_or(sign * a->objective.value / dd->self->objective_scale_, kHuge);
          f = std::clamp(f, -kHuge, kHuge);
          if (dd->penalty) f += 1e3 * a->violation;
          if (a->not_ok > 0) f += kHuge;
          return f;
        },
        &objective);
    std::vector<Data> constraints;
    constraints.reserve(spec_.constraints.size());
    if (cobyla || bobyqa_1d) {
      for (std::size_t k = 0; k < spec_.constraints.size(); ++k) {
        constraints.push_back({this, k, false, &opt});
        opt.add_inequality_constraint(
            [](unsigned n, const double* x, double*, void* data) {
              auto* dd = static_cast<Data*>(data);
              const Assessment* a = dd->self->at(std::vector<double>(x, x + n), *dd->opt);
              if (!a) return kHuge;
              return a->margins.empty() ? kHuge : a->margins[dd->constraint];
            },
            &constraints.back(), 1e-9);
      }
    }
    double f = 0.0;
    try {
      opt.optimize(u, f);
    } catch (const nlopt::forced_stop&) {
    } catch (const nlopt::roundoff_limited&) {
    } catch (const std::invalid_argument&) {
    }
  }

  // The assessment of the plan at unit point u, or nullptr (after stopping NLopt) past the budget.
  const Assessment* at(const std::vector<double>& u, nlopt::opt& opt) {
    std::vector<double> x(u.size());
    for (std::size_t i = 0; i < u.size(); ++i) x[i] = value_of(spec_.variables[i], u[i]);
    const auto idx = evaluate({x}).front();
    if (idx < 0) {
      opt.force_stop();
      return nullptr;
    }
    return &outcome_.candidates[static_cast<std::size_t>(idx)].assessment;
  }

  // Grid neighbours of the best plan, repeated while one is better: first one step along each variable; when none
  // of those is better, one step along two variables at once (a constraint boundary across the axes).
  void polish() {
    for (;;) {
      if (remaining() <= 0) return;
      const std::size_t from = outcome_.best;
      const std::vector<double> x = outcome_.candidates[from].x;
      const auto moved = [&](std::size_t i, double s, std::vector<double>& y) {
        const Variable& v = spec_.variables[i];
        const double delta = v.discrete() ? 1.0 : 0.1 * (v.max - v.min);
        const double lo = v.discrete() ? 0.0 : v.min, hi = v.discrete() ? static_cast<double>(v.levels() - 1) : v.max;
        y[i] = std::clamp(x[i] + s * delta, lo, hi);
        return y[i] != x[i];
      };
      std::vector<std::vector<double>> axis, diagonal;
      for (std::size_t i = 0; i < x.size(); ++i) {
        for (double s : {-1.0, 1.0}) {
          std::vector<double> y = x;
          if (moved(i, s, y)) axis.push_back(y);
          for (std::size_t j = i + 1; j < x.size(); ++j) {
            for (double t : {-1.0, 1.0}) {
              std::vector<double> z = y;
              if (y[i] != x[i] && moved(j, t, z)) diagonal.push_back(z);
            }
          }
        }
      }
      evaluate(axis);
      if (outcome_.best != from) continue;
      if (remaining() <= 0) return;
      evaluate(diagonal);
      if (outcome_.best == from) return;
    }
  }

  SearchOutcome& outcome() { return outcome_; }

 private:
  const OptimizeSpec& spec_;
  const BatchEvaluator& evaluate_;
  std::map<std::string, std::size_t> memo_;
  SearchOutcome outcome_;
  double objective_scale_ = 1.0;
};

std::vector<std::vector<double>> grid_points(const OptimizeSpec& spec) {
  std::vector<std::vector<double>> points{{}};
  for (const Variable& v : spec.variables) {
    std::vector<std::vector<double>> next;
    for (const auto& p : points) {
      for (std::int64_t l = 0; l < v.levels(); ++l) {
        next.push_back(p);
        next.back().push_back(static_cast<double>(l));
      }
    }
    points = std::move(next);
  }
  return points;
}

std::int64_t lhs_count(const OptimizeSpec& spec) {
  if (spec.search.lhs_samples > 0) return std::min(spec.search.lhs_samples, spec.search.max_evaluations);
  const auto d = static_cast<std::int64_t>(spec.variables.size());
  return std::max<std::int64_t>(1, std::min(std::max<std::int64_t>(5, 2 * d + 1), spec.search.max_evaluations / 2));
}

std::vector<std::vector<double>> lhs_points(const OptimizeSpec& spec) {
  const std::int64_t n = lhs_count(spec);
  const auto d = static_cast<std::int64_t>(spec.variables.size());
  const sweep::LatinHypercube lhs(n, d, spec.seed);
  std::vector<std::vector<double>> points;
  for (std::int64_t s = 0; s < n; ++s) {
    std::vector<double> x;
    for (std::int64_t i = 0; i < d; ++i) {
      const Variable& v = spec.variables[static_cast<std::size_t>(i)];
      const double u = lhs.value(s, i);
      // A discrete variable's stratum picks a level: level = floor(u L), so each level is equally likely.
      x.push_back(v.discrete() ? std::min(std::floor(u * static_cast<double>(v.levels())),
                                          static_cast<double>(v.levels() - 1))
                               : v.min + u * (v.max - v.min));
    }
    points.push_back(std::move(x));
  }
  return points;
}

}  // namespace

std::vector<FigureRef> assessed_figures(const OptimizeSpec& spec) {
  std::vector<FigureRef> out{spec.objective.figure};
  for (const Constraint& c : spec.constraints) out.push_back(c.figure);
  return out;
}

Assessment assess(const OptimizeSpec& spec, const std::vector<std::vector<double>>& values, std::int64_t not_ok,
                  std::string error) {
  Assessment a;
  a.ok = static_cast<std::int64_t>(values.size());
  a.not_ok = not_ok;
  a.error = std::move(error);
  const auto column = [&](std::size_t f) {
    std::vector<double> v;
    for (const auto& row : values) v.push_back(row.at(f));
    return v;
  };
  a.objective = statistic_estimate(column(0), spec.objective.statistic);
  for (std::size_t k = 0; k < spec.constraints.size(); ++k) {
    const Constraint& c = spec.constraints[k];
    const std::vector<double> v = column(k + 1);
    Estimate e;
    if (c.probability) {
      std::int64_t hits = 0;
      for (double x : v) hits += !std::isnan(x) && (c.at_most ? x <= c.bound : x >= c.bound);
      // A replication that did not end ok does not meet the constraint.
      e = probability_estimate(hits, a.ok + a.not_ok);
    } else {
      e = statistic_estimate(v, c.statistic);
    }
    a.constraints.push_back(e);
    a.margins.push_back(margin(c, e));
    a.violation += std::max(0.0, a.margins.back());
  }
  a.feasible = a.ok > 0 && a.not_ok == 0 && a.violation == 0.0 && !std::isnan(a.objective.value);
  return a;
}

bool better(const OptimizeSpec& spec, const Assessment& a, const Assessment& b) {
  if (a.feasible != b.feasible) return a.feasible;
  const auto objective_less = [&](const Assessment& x, const Assessment& y) {
    const double vx = x.objective.value, vy = y.objective.value;
    if (std::isnan(vx) || std::isnan(vy)) return !std::isnan(vx) && std::isnan(vy);
    return spec.objective.maximize ? vx > vy : vx < vy;
  };
  if (!a.feasible) {
    const bool a_runs = a.ok > 0, b_runs = b.ok > 0;
    if (a_runs != b_runs) return a_runs;
    if (a.violation != b.violation) return a.violation < b.violation;
  }
  return objective_less(a, b);
}

Candidate make_candidate(const OptimizeSpec& spec, const std::vector<double>& x) {
  Candidate c;
  for (std::size_t i = 0; i < spec.variables.size(); ++i) {
    const Variable& v = spec.variables[i];
    double xi = x.at(i);
    if (v.discrete()) xi = std::clamp(std::round(xi), 0.0, static_cast<double>(v.levels() - 1));
    c.x.push_back(xi);
    c.overrides.push_back(v.override_text(xi));
    c.key += (i ? "\n" : "") + c.overrides.back();
  }
  // The continuous values as the scenario reads them (the text's precision): a plan is its text.
  return c;
}

std::vector<Candidate> first_batch(const OptimizeSpec& spec) {
  std::vector<Candidate> out;
  std::map<std::string, bool> seen;
  const auto points = spec.resolved_method() == Search::Method::kExhaustive ? grid_points(spec) : lhs_points(spec);
  for (const auto& x : points) {
    Candidate c = make_candidate(spec, x);
    if (seen.emplace(c.key, true).second) out.push_back(std::move(c));
  }
  return out;
}

SearchOutcome run_search(const OptimizeSpec& spec, const BatchEvaluator& evaluate) {
  nlopt::srand(spec.seed);
  Searcher s(spec, evaluate);
  std::vector<std::vector<double>> first;
  for (const Candidate& c : first_batch(spec)) first.push_back(c.x);
  s.evaluate(first);
  if (spec.resolved_method() == Search::Method::kExhaustive) return std::move(s.outcome());
  // Starts: the first batch's plans, best first.
  std::vector<std::size_t> starts(s.outcome().candidates.size());
  for (std::size_t i = 0; i < starts.size(); ++i) starts[i] = i;
  std::stable_sort(starts.begin(), starts.end(), [&](std::size_t a, std::size_t b) {
    return better(spec, s.outcome().candidates[a].assessment, s.outcome().candidates[b].assessment);
  });
  for (std::size_t start : starts) {
    if (s.remaining() <= 0) break;
    s.nlopt_from(s.outcome().candidates[start].x);
    s.polish();
  }
  if (s.remaining() <= 0) s.outcome().budget_exhausted = true;
  return std::move(s.outcome());
}

}  // namespace gwsim::optimize
