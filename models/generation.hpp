// On-site generation: fleets of gas turbines or engines at a site, what they add to firm capacity, what they
// produce in a step, and the fuel, cost and CO2 of that output.
//
// A fleet is n units of P_u MW. On a date d it is in one of three modes:
//   off     before in_service, or on/after retirement, or a bridge after its grid step is energized that retires;
//   firm    role firm, or role bridge before bridge_until (the energization of the grid step it bridges): its
//           available power counts in the firm capacity racks are admitted against;
//   backup  role backup, or a bridge after bridge_until that stays as backup: not counted for admission, runs
//           only to cover what the grid (and firm supply) cannot.
// When not off:
//   available_mw  A = min(cap, n * P_u * a)          a = availability, the expected share of nameplate in
//                                                     service (forced and planned outages); (n - 1) / n plans
//                                                     for the largest unit out (N-1)
//   ramp          R = n * a * r_u  MW/min             r_u = one unit's ramp rate from running (spinning) state
//   dispatch      output = clamp(load to cover, 0, A)
// Fuel, cost and CO2 of an output Q MW held for h hours:
//   fuel_mmbtu = Q * h * HR                           HR = heat rate, MMBtu per MWh, on the higher heating value
//                                                     (HHV) basis that EPA's emission factor and Henry Hub prices
//                                                     use; vendors quote LHV: HHV heat rate ~= 1.11 x LHV
//   cost_usd   = fuel_mmbtu * price(d)                price: $ per MMBtu, a schedule (constant or per period)
//   co2_t      = fuel_mmbtu * EF / 1000               EF = kg CO2 per MMBtu (natural gas: 53.06, EPA [O])
// The heat rate is the same at any load (real part-load heat rates are worse), and there is no minimum stable
// load, start time or start fuel. Several fleets at a site are dispatched in the order listed (list the cheapest
// first), firm fleets for the firm output and backup fleets for the backup output (split_output_mw).
// Sources of typical values (no default in configs/ yet): aeroderivative turbines ~34-50 MW per unit, ~39-42%
// LHV efficiency (GE LM2500XPRESS 34 MW at 39.5%, LM6000 41.9% [O]), ~50%/min ramp from spinning (Wartsila,
// comparing with its engines [A]); natural gas 53.06 kg CO2/MMBtu (EPA, 40 CFR 98 Table C-1 [O]); Henry Hub
// spot average 2025 $3.52/MMBtu (EIA [O]).
//
// Worked example (checked by tests/unit/generation_test.cpp): 10 units of 35 MW, availability 0.9, permitted cap
// 300 MW, unit ramp 17.5 MW/min, heat rate 9.5 MMBtu/MWh, $3.52/MMBtu, 53.06 kg/MMBtu:
//   A = min(300, 10 x 35 x 0.9 = 315) = 300 MW; R = 10 x 0.9 x 17.5 = 157.5 MW/min;
//   dispatch(250 MW) = 250 MW; dispatch(400 MW) = 300 MW;
//   240 MW (80% of 300) for 180 days = 4,320 h: 1,036,800 MWh; fuel 9,849,600 MMBtu; cost $34,670,592;
//   CO2 522,619.776 t.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/schedule.hpp"

namespace gwsim::models {

enum class GenerationRole { kBridge, kFirm, kBackup };
enum class AfterBridge { kRetire, kBackup };
enum class GenerationMode { kOff, kFirm, kBackup };

inline constexpr double kKgPerTonne = 1000.0;
inline constexpr double kMinutesPerHour = 60.0;

struct GenerationFleet {
  std::string name;
  double unit_mw = 0.0;
  int unit_count = 0;
  double availability = 1.0;              // expected share of nameplate in service, 0..1
  double unit_ramp_mw_per_min = 0.0;      // one running unit
  double heat_rate_mmbtu_per_mwh = 0.0;   // HHV
  Schedule fuel_cost_usd_per_mmbtu;       // constant: Schedule(price, {})
  double emission_kg_co2_per_mmbtu = 0.0;
  std::optional<double> permitted_cap_mw;  // none: no cap beyond nameplate
  Date in_service;
  std::optional<Date> retirement;          // first day out of service
  GenerationRole role = GenerationRole::kFirm;
  AfterBridge after_bridge = AfterBridge::kRetire;
  // kBridge: energization date of the grid step it bridges (the equipment model's output); none: never energized.
  std::optional<Date> bridge_until;
};

GenerationMode generation_mode(const GenerationFleet& fleet, Date day);
// A when the fleet is not off, else 0.
double available_mw(const GenerationFleet& fleet, Date day);
// A in firm mode, else 0: what the fleet adds to the capacity racks are admitted against.
double firm_capacity_mw(const GenerationFleet& fleet, Date day);
// A in backup mode, else 0.
double backup_capacity_mw(const GenerationFleet& fleet, Date day);
// R when the fleet is not off, else 0.
double ramp_mw_per_min(const GenerationFleet& fleet, Date day);
// Output for a step: the load it must cover, limited to [0, A].
double dispatch_mw(const GenerationFleet& fleet, Date day, double load_to_cover_mw);

double fuel_mmbtu(const GenerationFleet& fleet, double output_mw, double duration_h);
double fuel_cost_usd(const GenerationFleet& fleet, double fuel_mmbtu, Date day);
double co2_tonnes(const GenerationFleet& fleet, double fuel_mmbtu);

// A site's fleets together on a date.
struct SiteGeneration {
  double firm_mw = 0.0;            // sum of firm_capacity_mw
  double backup_mw = 0.0;          // sum of backup_capacity_mw
  double ramp_mw_per_min = 0.0;    // sum of ramp_mw_per_min over fleets not off
};
SiteGeneration site_generation(std::span<const GenerationFleet> fleets, Date day);

// Splits a site's firm and backup output across its fleets, each filled up to its A in listed order; one value per
// fleet, in listed order. Output beyond what the fleets have is not assigned (callers dispatch within SiteGeneration).
std::vector<double> split_output_mw(std::span<const GenerationFleet> fleets, Date day, double firm_output_mw,
                                    double backup_output_mw);

}  // namespace gwsim::models
