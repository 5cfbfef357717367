// gwsim optimize without simulations: the spec reader and its located errors (exact texts), the estimates and
// their confidence intervals (values computed by hand), the search on a function whose optimum is found by
// enumeration, and the plan written as an extends: overlay.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <limits>
#include <set>
#include <sstream>

#include "models/date.hpp"

#include "sim/optimize/optimize_spec.hpp"
#include "sim/optimize/overlay.hpp"
#include "sim/optimize/search.hpp"
#include "sim/optimize/statistics.hpp"
#include "sim/scenario/loader.hpp"

namespace gwsim::optimize {
namespace {

std::string all(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.format();
  return out;
}

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(OptimizeSpec, ReadsTheSmallGridSpec) {
  const OptimizeSpecResult r = load_optimize_spec("tests/data/optimize/small-grid.yaml");
  ASSERT_TRUE(r.spec) << all(r.errors);
  const OptimizeSpec& s = *r.spec;
  EXPECT_EQ(s.baseline_path, "tests/data/optimize/small.yaml");
  EXPECT_EQ(s.seed, 11u);
  EXPECT_EQ(s.replications, 3);
  ASSERT_EQ(s.variables.size(), 2u);
  EXPECT_EQ(s.variables[0].levels(), 5);  // 8, 10, 12, 14, 16
  EXPECT_EQ(s.variables[1].levels(), 3);  // 10, 15, 20
  EXPECT_EQ(s.variables[0].override_text(2), "supply[0].racks_per_week=12");
  EXPECT_EQ(s.discrete_space(), 15);
  EXPECT_EQ(s.resolved_method(), Search::Method::kExhaustive);  // 15 <= max_evaluations 40
  EXPECT_EQ(s.objective.figure.name, "energy_mwh");
  ASSERT_EQ(s.constraints.size(), 1u);
  EXPECT_EQ(s.constraints[0].describe(), "P(racks >= 170) >= 0.6");
  EXPECT_EQ(*s.constraints[0].probability, 0.6);
}

TEST(OptimizeSpec, VariableValuesAsTheScenarioWritesThem) {
  Variable date;
  date.kind = Variable::Kind::kDate;
  date.path = "tranches[0].order_date";
  date.min = models::parse_iso_date("2027-01-01")->days;
  date.max = models::parse_iso_date("2027-12-31")->days;
  date.step = 7;
  EXPECT_EQ(date.levels(), 53);  // 364 days / 7 + 1
  EXPECT_EQ(date.value_text(2), "2027-01-15");
  Variable share;
  share.kind = Variable::Kind::kContinuous;
  share.quantity = QuantityKind::kFraction;
  EXPECT_EQ(share.value_text(0.125), "0.125000000");
  EXPECT_EQ(share.levels(), 0);
}

TEST(OptimizeSpec, FiguresByTheirResultsNames) {
  ASSERT_TRUE(find_figure("gw_10_live_date"));
  EXPECT_EQ(find_figure("gw_10_live_date")->gw_index, 9u);
  EXPECT_TRUE(find_figure("gw_10_live_date")->is_date);
  EXPECT_EQ(find_figure("binding_share_grid_power")->constraint, "grid_power");
  EXPECT_FALSE(find_figure("gw_0_live_date"));
  EXPECT_FALSE(find_figure("capex"));
  // A summary without the 10th GW: not reached (+infinity); a missing constraint share counts 0.
  const std::string summary =
      R"({"gw_live_dates": ["2027-01-02"], "final": {"capex_usd": 5.0}, "binding_constraints": {"shares": {}}})";
  const auto v = figure_values(summary, {*find_figure("gw_1_live_date"), *find_figure("gw_10_live_date"),
                                         *find_figure("capex_usd"), *find_figure("binding_share_grid_power")});
  EXPECT_EQ(v[0], models::parse_iso_date("2027-01-02")->days);
  EXPECT_TRUE(std::isinf(v[1]));
  EXPECT_EQ(v[2], 5.0);
  EXPECT_EQ(v[3], 0.0);
}

// Each tests/data/optimize/invalid/NAME.yaml gives exactly the messages in NAME.expected.
TEST(OptimizeSpec, InvalidSpecsGiveLocatedErrors) {
  int cases = 0;
  for (const auto& entry : std::filesystem::directory_iterator("tests/data/optimize/invalid")) {
    if (entry.path().extension() != ".yaml") continue;
    ++cases;
    const std::string path = "tests/data/optimize/invalid/" + entry.path().filename().string();
    const OptimizeSpecResult r = load_optimize_spec(path);
    EXPECT_FALSE(r.spec) << path;
    std::filesystem::path expected = entry.path();
    expected.replace_extension(".expected");
    EXPECT_EQ(all(r.errors), slurp(expected)) << path;
  }
  EXPECT_GE(cases, 6);
}

// The shipped specs (scenarios/optimize/*.yaml with a top-level baseline:) load, every variable's bounds applied to
// the baseline included; the other files there are their baselines, which load with no warning but the 10 GW
// rollout's grid waits (as tests/scenario/warning_cases_test.cpp allows for the scenarios it extends).
TEST(OptimizeSpec, ShippedSpecsAndBaselinesLoad) {
  int specs = 0, baselines = 0;
  for (const auto& entry : std::filesystem::directory_iterator("scenarios/optimize")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = "scenarios/optimize/" + entry.path().filename().string();
    const std::string text = slurp(path);
    if (text.starts_with("baseline:") || text.find("\nbaseline:") != std::string::npos) {
      ++specs;
      const OptimizeSpecResult r = load_optimize_spec(path);
      EXPECT_TRUE(r.spec) << path << ": " << all(r.errors);
      continue;
    }
    ++baselines;
    const LoadResult r = load_scenario(path);
    EXPECT_TRUE(r.errors.empty()) << path << ": " << all(r.errors);
    for (const Diagnostic& d : r.warnings) {
      EXPECT_NE(d.format().find("ordered long before the grid can take it"), std::string::npos)
          << path << ": " << d.format();
    }
  }
  EXPECT_GE(specs, 1);
  EXPECT_GE(baselines, 1);
}

// The shipped on-site gas spec: three fleets in blocks of 5 units, from 5 to what each site's last grid step adds
// (1.32 GW, 2.16 GW, 1.32 GW over 30.6 MW a unit): 9 x 14 x 9 = 1,134 plans, more than the 45 evaluations, so NLopt.
TEST(OptimizeSpec, ShippedOnsiteGasSpec) {
  const OptimizeSpecResult r = load_optimize_spec("scenarios/optimize/rollout-10gw-onsite-gas.yaml");
  ASSERT_TRUE(r.spec) << all(r.errors);
  const OptimizeSpec& s = *r.spec;
  EXPECT_EQ(s.baseline_path, "scenarios/optimize/rollout-10gw-uncertain-onsite-gas.yaml");
  ASSERT_EQ(s.variables.size(), 3u);
  EXPECT_EQ(s.variables[0].levels(), 9);   // 5, 10, ..., 45
  EXPECT_EQ(s.variables[1].levels(), 14);  // 5, 10, ..., 70
  EXPECT_EQ(s.variables[2].levels(), 9);
  EXPECT_EQ(s.variables[1].override_text(3), "sites[site-d].generation[gas-d].units=20");
  EXPECT_EQ(s.discrete_space(), 1134);
  EXPECT_EQ(s.resolved_method(), Search::Method::kCobyla);
  ASSERT_EQ(s.constraints.size(), 1u);
  EXPECT_EQ(s.constraints[0].describe(), "P(gw_10_live_date <= 2029-12-31) >= 0.8");
}

TEST(OptimizeStatistics, StudentQuantiles) {
  // Tabulated t(0.975, dof).
  const std::map<std::int64_t, double> table = {{1, 12.7062}, {3, 3.1824}, {4, 2.7764}, {5, 2.5706},
                                                {10, 2.2281}, {30, 2.0423}, {39, 2.0227}};
  for (const auto& [dof, t] : table) EXPECT_NEAR(t_quantile_975(dof), t, 2e-3 * t) << dof;
}

TEST(OptimizeStatistics, MeanPercentileAndProbability) {
  // {1, 2, 3, 4}: mean 2.5, s = sqrt(5/3) = 1.29099, half-width t(3) s / 2 = 2.05426.
  const Estimate m = mean_estimate({1, 2, 3, 4});
  EXPECT_DOUBLE_EQ(m.value, 2.5);
  EXPECT_NEAR(m.low, 0.44574, 1e-4);
  EXPECT_NEAR(m.high, 4.55426, 1e-4);
  // 1..10, P50 = 5.5 (type 7); ranks floor(5 - 1.96 sqrt(2.5)) = 1 and ceil(5 + 3.099) + 1 = 10.
  const Estimate p = percentile_estimate({10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 50);
  EXPECT_DOUBLE_EQ(p.value, 5.5);
  EXPECT_DOUBLE_EQ(p.low, 1);
  EXPECT_DOUBLE_EQ(p.high, 10);
  // 32 of 40: Wilson interval, centre (0.8 + z^2/80) / (1 + z^2/40).
  const Estimate w = probability_estimate(32, 40);
  EXPECT_DOUBLE_EQ(w.value, 0.8);
  EXPECT_NEAR(w.low, 0.652427, 1e-6);
  EXPECT_NEAR(w.high, 0.895000, 1e-6);
  // A date never reached makes the mean "not reached" and the P90 too when it carries weight.
  const double never = std::numeric_limits<double>::infinity();
  EXPECT_TRUE(std::isinf(mean_estimate({1, never}).value));
  EXPECT_TRUE(std::isinf(percentile_estimate({1, 2, never}, 90).value));
  EXPECT_DOUBLE_EQ(percentile_estimate({1, 2, never}, 25).value, 1.5);
}

// A spec on a function: objective (x0 - 7)^2 + (x1 - 3)^2 (as "capex_usd"), subject to x0 + x1 >= 12 (as the mean
// of "racks"), x0 in 0..20, x1 in 0..10.
OptimizeSpec function_spec(Search::Method method, std::int64_t budget) {
  OptimizeSpec s;
  s.name = "function";
  s.seed = 5;
  for (const char* path : {"a", "b"}) {
    Variable v;
    v.path = path;
    v.kind = Variable::Kind::kInteger;
    v.min = 0;
    v.max = std::string(path) == "a" ? 20 : 10;
    s.variables.push_back(v);
  }
  s.objective.figure = *find_figure("capex_usd");
  Constraint c;
  c.figure = *find_figure("racks");
  c.at_most = false;
  c.bound = 12;
  c.bound_text = "12";
  s.constraints.push_back(c);
  s.search.method = method;
  s.search.max_evaluations = budget;
  return s;
}

void evaluate_function(const OptimizeSpec& spec, std::vector<Candidate>& batch) {
  for (Candidate& c : batch) {
    const double a = spec.variables[0].min + c.x[0], b = spec.variables[1].min + c.x[1];
    c.assessment = assess(spec, {{(a - 7) * (a - 7) + (b - 3) * (b - 3), a + b}}, 0, "");
  }
}

TEST(OptimizeSearch, NloptFindsTheEnumeratedOptimum) {
  // Enumeration: the best plan with a + b >= 12 is (8, 4), value 2; (9, 3) and (7, 5) give 4.
  double best = 1e9;
  std::pair<int, int> at;
  for (int a = 0; a <= 20; ++a)
    for (int b = 0; b <= 10; ++b)
      if (a + b >= 12 && (a - 7) * (a - 7) + (b - 3) * (b - 3) < best) {
        best = (a - 7) * (a - 7) + (b - 3) * (b - 3);
        at = {a, b};
      }
  ASSERT_EQ(at, std::make_pair(8, 4));
  for (Search::Method method : {Search::Method::kCobyla, Search::Method::kBobyqa}) {
    const OptimizeSpec spec = function_spec(method, 60);
    ASSERT_EQ(spec.discrete_space(), 231);
    std::int64_t evaluated = 0;
    const SearchOutcome o = run_search(spec, [&](std::vector<Candidate>& batch) {
      evaluated += static_cast<std::int64_t>(batch.size());
      evaluate_function(spec, batch);
    });
    EXPECT_LE(evaluated, 60);
    EXPECT_EQ(static_cast<std::int64_t>(o.candidates.size()), evaluated);
    const Candidate& b = o.candidates[o.best];
    EXPECT_TRUE(b.assessment.feasible);
    EXPECT_EQ(b.overrides, (std::vector<std::string>{"a=8", "b=4"})) << to_string(method);
    // Every plan evaluated once: the memo makes revisits free.
    std::set<std::string> keys;
    for (const Candidate& c : o.candidates) EXPECT_TRUE(keys.insert(c.key).second);
  }
}

TEST(OptimizeSearch, SameSpecSameSteps) {
  const OptimizeSpec spec = function_spec(Search::Method::kCobyla, 40);
  const auto run = [&] {
    std::vector<std::string> keys;
    const SearchOutcome o = run_search(spec, [&](std::vector<Candidate>& batch) { evaluate_function(spec, batch); });
    for (const Candidate& c : o.candidates) keys.push_back(c.key);
    return keys;
  };
  EXPECT_EQ(run(), run());
}

TEST(OptimizeSearch, ExhaustiveEvaluatesTheGridInOneBatch) {
  OptimizeSpec spec = function_spec(Search::Method::kAuto, 231);
  ASSERT_EQ(spec.resolved_method(), Search::Method::kExhaustive);
  int batches = 0;
  const SearchOutcome o = run_search(spec, [&](std::vector<Candidate>& batch) {
    ++batches;
    evaluate_function(spec, batch);
  });
  EXPECT_EQ(batches, 1);
  EXPECT_EQ(o.candidates.size(), 231u);
  EXPECT_EQ(o.candidates[o.best].overrides, (std::vector<std::string>{"a=8", "b=4"}));
  EXPECT_EQ(o.candidates[1].overrides, (std::vector<std::string>{"a=0", "b=1"}));  // the last variable fastest
}

TEST(OptimizeSearch, InfeasibleCandidatesRankByViolation) {
  OptimizeSpec spec = function_spec(Search::Method::kAuto, 231);
  spec.constraints[0].bound = 100;  // a + b >= 100: never
  const SearchOutcome o = run_search(spec, [&](std::vector<Candidate>& batch) { evaluate_function(spec, batch); });
  const Candidate& b = o.candidates[o.best];
  EXPECT_FALSE(b.assessment.feasible);
  // The closest plan: a + b = 30, violation (100 - 30) / 100 = 0.7.
  EXPECT_EQ(b.overrides, (std::vector<std::string>{"a=20", "b=10"}));
  EXPECT_NEAR(b.assessment.violation, 0.7, 1e-12);
}

TEST(OptimizeOverlay, RestatesOnlyWhatChangedByItemKey) {
  const OverlayResult r = plan_overlay("tests/data/optimize/small.yaml",
                                       {"supply[0].racks_per_week=12", "sites[alpha].install_racks_per_week=15",
                                        "sites[0].grid[2026-01-01].capacity=30 MW"});
  ASSERT_TRUE(r.yaml) << all(r.errors);
  EXPECT_EQ(*r.yaml,
            "sites:\n"
            "  - name: alpha\n"
            "    install_racks_per_week: 15\n"
            "    grid:\n"
            "      - from: 2026-01-01\n"
            "        capacity: 30 MW\n"
            "supply:\n"
            "  - platform: gb200_nvl72\n"
            "    racks_per_week: 12\n");
}

}  // namespace
}  // namespace gwsim::optimize
