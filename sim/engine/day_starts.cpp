#include "sim/engine/day_starts.hpp"

#include <exception>

#include "sim/engine/logging.hpp"

namespace gwsim::engine {

DayStarts::DayStarts(const Scenario& scenario, RolloutState& state, std::vector<std::string>& failures)
    : s_(scenario),
      state_(state),
      failures_(failures),
      tranche_alive_(scenario.tranches.size(), true),
      supplier_alive_(scenario.supply.size(), true),
      site_alive_(scenario.sites.size(), true),
      order_day_(scenario.tranches.size()),
      supply_day_(scenario.supply.size()),
      site_day_(scenario.sites.size(), scenario.start) {}

template <typename Name, typename Body>
bool DayStarts::act(std::vector<bool>& alive, std::size_t i, Name name, Body body) {
  if (!alive[i]) return false;
  try {
    body();
    return true;
  } catch (const std::exception& e) {
    alive[i] = false;
    report_failure(failures_, name(), e);
    return false;
  }
}

std::optional<models::Date> DayStarts::compute_next_day() const {
  std::optional<models::Date> next;
  const auto consider = [&](models::Date day) {
    if (day <= s_.end && (!next || day < *next)) next = day;
  };
  for (std::size_t i = 0; i < order_day_.size(); ++i) {
    if (tranche_alive_[i] && order_day_[i]) consider(*order_day_[i]);
  }
  for (std::size_t j = 0; j < supply_day_.size(); ++j) {
    if (supplier_alive_[j] && supply_day_[j]) consider(*supply_day_[j]);
  }
  for (std::size_t i = 0; i < site_day_.size(); ++i) {
    if (site_alive_[i]) consider(site_day_[i]);
  }
  return next;
}

void DayStarts::compute_order_day(std::size_t i) {
  act(tranche_alive_, i, [&] { return "tranche " + s_.tranches[i].name; },
      [&] { order_day_[i] = state_.order_day(i); });
}

void DayStarts::compute_first_supply_day(std::size_t j) {
  act(supplier_alive_, j, [&] { return "supplier " + s_.supply[j].platform; }, [&] {
    const std::optional<models::Date> next = state_.next_supply_day(j, models::Date{s_.start.days - 1});
    if (next && *next <= s_.end) supply_day_[j] = next;
  });
}

void DayStarts::tranche_turn(std::size_t i, models::Date day) {
  if (order_day_[i] != day) return;
  order_day_[i].reset();
  act(tranche_alive_, i, [&] { return "tranche " + s_.tranches[i].name; }, [&] { state_.place_order(i, day); });
}

void DayStarts::supplier_turn(std::size_t j, models::Date day) {
  if (supply_day_[j] != day) return;
  act(supplier_alive_, j, [&] { return "supplier " + s_.supply[j].platform; }, [&] {
    supply_day_[j].reset();
    state_.produce(j, day);
    const std::optional<models::Date> next = state_.next_supply_day(j, day);
    if (next && *next <= s_.end) supply_day_[j] = next;
  });
}

bool DayStarts::site_turn(std::size_t i, models::Date day, std::vector<std::size_t>& went,
                          std::vector<std::size_t>& retired) {
  return act(site_alive_, i, [&] { return "site " + s_.sites[i].name; }, [&] {
    went = state_.site_day(i, day, state_.time_of(day));
    retired = state_.just_retired;
    site_day_[i] = state_.next_site_day(i, day);
  });
}

void DayStarts::finish(double end_s) {
  for (std::size_t i = 0; i < site_alive_.size(); ++i) {
    act(site_alive_, i, [&] { return "site " + s_.sites[i].name; }, [&] { state_.sites[i].advance(end_s); });
  }
}

}  // namespace gwsim::engine
