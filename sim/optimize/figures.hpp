// The figures an optimization may aim at or constrain: the sweep figures of the field registry
// (sim/output/fields.hpp, SummaryField::sweep), named as `gwsim results` names them (capex_usd, gw_10_live_date,
// binding_share_grid_power, ...), read from each replication's summary.json. Dates are day numbers (days since
// 1970-01-01); a date the replication never reached is +infinity (later than any date); a number the run has no
// value for (IRR without a sign change) is NaN.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gwsim {
struct SummaryField;
}

namespace gwsim::optimize {

struct FigureRef {
  std::string name;                    // as written: "gw_10_live_date"
  const SummaryField* field = nullptr;  // its registry entry
  std::string pointer;                 // JSON pointer of the value, or of the GW list / constraint object
  std::size_t gw_index = 0;            // per-GW figures: n - 1
  std::string constraint;              // per-constraint figures: the constraint's name
  bool is_date = false;
};

// The sweep figure of that name, or nullopt.
std::optional<FigureRef> find_figure(std::string_view name);
// Every figure name, for suggestions ("gw_{n}_live_date" written with {n}).
std::vector<std::string> figure_names();

// The figures' values in one summary.json text, in the order of `figures`. Throws std::runtime_error when the
// text is not a JSON object.
std::vector<double> figure_values(const std::string& summary_json, const std::vector<FigureRef>& figures);

// A value of the figure as text: a date (ISO, "not reached" for +infinity) or a number with up to 6 significant
// decimals; "n/a" for NaN.
std::string value_text(const FigureRef& figure, double value);

}  // namespace gwsim::optimize
