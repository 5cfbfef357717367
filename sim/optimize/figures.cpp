#include "sim/optimize/figures.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "models/date.hpp"
#include "sim/output/fields.hpp"
#include "sim/output/records.hpp"

namespace gwsim::optimize {
namespace {

using Json = nlohmann::json;
constexpr double kNotReached = std::numeric_limits<double>::infinity();
constexpr double kAbsent = std::numeric_limits<double>::quiet_NaN();

// "gw_{n}_live_date" matched against "gw_10_live_date": n = 10.
std::optional<std::size_t> match_n(const std::string& pattern, std::string_view name) {
  const auto at = pattern.find("{n}");
  if (at == std::string::npos) return std::nullopt;
  const std::string head = pattern.substr(0, at), tail = pattern.substr(at + 3);
  if (name.size() <= head.size() + tail.size() || name.substr(0, head.size()) != head ||
      name.substr(name.size() - tail.size()) != tail)
    return std::nullopt;
  const std::string_view digits = name.substr(head.size(), name.size() - head.size() - tail.size());
  if (digits.empty() || digits.size() > 4 || digits[0] == '0') return std::nullopt;
  std::size_t n = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<std::size_t>(c - '0');
  }
  return n;
}

double date_value(const Json& v) {
  if (v.is_null()) return kNotReached;
  if (!v.is_string()) return kAbsent;
  const auto d = models::parse_iso_date(v.get<std::string>());
  return d ? static_cast<double>(d->days) : kAbsent;
}

}  // namespace

std::optional<FigureRef> find_figure(std::string_view name) {
  for (const SummaryField& f : summary_fields()) {
    if (!f.sweep) continue;
    const std::string& pattern = f.sweep->figure;
    FigureRef ref;
    ref.name = std::string(name);
    ref.field = &f;
    ref.is_date = f.info.kind == FieldKind::kDate;
    switch (f.repeat) {
      case Repeat::kOnce:
        if (pattern != name) continue;
        ref.pointer = f.group + "/" + f.info.name;
        return ref;
      case Repeat::kPerGw: {
        const auto n = match_n(pattern, name);
        if (!n) continue;
        ref.pointer = f.group + "/" + f.info.name;
        ref.gw_index = *n - 1;
        return ref;
      }
      case Repeat::kPerConstraint:
        for (Constraint c : kAllConstraints) {
          if (with_constraint(pattern, to_string(c)) != name) continue;
          ref.pointer = f.group;
          ref.constraint = to_string(c);
          return ref;
        }
        continue;
      default:
        continue;
    }
  }
  return std::nullopt;
}

std::vector<std::string> figure_names() {
  std::vector<std::string> out;
  for (const SummaryField& f : summary_fields()) {
    if (!f.sweep) continue;
    if (f.repeat == Repeat::kPerConstraint) {
      for (Constraint c : kAllConstraints) out.push_back(with_constraint(f.sweep->figure, to_string(c)));
    } else if (f.repeat == Repeat::kOnce || f.repeat == Repeat::kPerGw) {
      out.push_back(f.sweep->figure);
    }
  }
  return out;
}

std::vector<double> figure_values(const std::string& summary_json, const std::vector<FigureRef>& figures) {
  const Json j = Json::parse(summary_json, nullptr, false);
  if (!j.is_object()) throw std::runtime_error("a stored summary.json is not a JSON object");
  std::vector<double> out;
  for (const FigureRef& f : figures) {
    const Json::json_pointer at(f.pointer);
    if (!j.contains(at)) {
      out.push_back(f.field->repeat == Repeat::kPerGw ? kNotReached
                    : f.field->repeat == Repeat::kPerConstraint ? 0.0
                                                                : kAbsent);
      continue;
    }
    const Json& v = j.at(at);
    switch (f.field->repeat) {
      case Repeat::kPerGw:
        out.push_back(v.is_array() && f.gw_index < v.size() ? date_value(v[f.gw_index]) : kNotReached);
        break;
      case Repeat::kPerConstraint:
        out.push_back(v.is_object() && v.contains(f.constraint) && v[f.constraint].is_number()
                          ? v[f.constraint].get<double>()
                          : 0.0);
        break;
      default:
        if (f.is_date) out.push_back(date_value(v));
        else out.push_back(v.is_number() ? v.get<double>() : kAbsent);
    }
  }
  return out;
}

std::string value_text(const FigureRef& figure, double value) {
  if (std::isnan(value)) return "n/a";
  if (figure.is_date) {
    if (std::isinf(value)) return value > 0 ? "not reached" : "n/a";
    return models::to_iso(models::Date{static_cast<std::int32_t>(std::lround(value))});
  }
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10g", value);
  return buf;
}

}  // namespace gwsim::optimize
