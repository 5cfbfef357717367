// Critical path of a pod: which constraint gated the day it went live, and by how much (its slack).
//
// A pod goes live when its last rack has passed every stage; racks move through each stage in order, so the pod's
// dates are those of its last rack:
//   ordered O (the tranche's order date) -> production opens Q = max(O + 1, S) (S: the supply line's first day of
//   production, not before the platform ships or the run starts) -> produced P >= Q -> arrived A = P + lead time
//   -> installable max(A, R) (R: the day the hall it went into was ready) -> installed N >= max(A, R) (the crews'
//   daily quota) -> commissioned C = N + commissioning -> live L >= C (the grid admits it).
// Lead time and commissioning are fixed lags: they are on every path and wait on nothing, so they never gate.
// Walking back from L, the gate is the last stage that made the racks wait:
//   grid        L > C                      the grid admitted the pod only on L            slack = L - C
//   crews       N > max(A, R)              ready racks waited for the crews' quota       slack = N - max(A, R)
//   hall        R >= A                     the racks waited for their hall to be ready   slack = R - A
//   supply_line P > Q, or Q = S > O + 1    the line's rate (queue) or its start date     slack = P - Q, or S - (O + 1)
//   order_date  otherwise                  production began the day after the order      slack = O + 1 - S
// Slack is how many days the gating item would have to move earlier before another dated constraint gates the same
// racks: the next one back along the path (above), and for every gate but the grid also the grid, which carried the
// pod continuously from G (<= L): slack <= L - G; for the supply and the order also the hall: slack <= A - R.
// It counts dates, not a re-simulation: the crews' quota and other pods' claims on the same line, halls and grid
// can make the true slack smaller. A tie (slack 0) goes to the later stage (the hall before the supply line), and to
// the order date when the order and the line's start open production on the same day.
// Worked example (dates as day numbers): O = 0, S = 1, Q = 1, P = 4, A = 7, R = -30, N = 7, C = 9, L = 9, G = 0:
//   L = C, N = max(A, R) = 7, R < A, P > Q: gated by the supply line, slack = min(P - Q, A - R, L - G)
//   = min(3, 37, 9) = 3 days. The same pod with R = 12 (its hall ready on day 12), N = 12, C = L = 14: gated by the
//   hall, slack = min(R - A, L - G) = min(5, 14) = 5 days.
#pragma once

#include <cstdint>
#include <string_view>

#include "models/date.hpp"

namespace gwsim::models {

// kGridEquipment is never returned by gate_of: the engine names a grid gate so when the grid step in force waited
// for its long-lead equipment (models/equipment.hpp) past its own date.
enum class Gate { kOrderDate, kSupplyLine, kHall, kCrews, kGrid, kGridEquipment };

// "order_date", "supply_line", "hall", "crews", "grid_step", "grid_equipment": names where data leaves the
// program.
std::string_view to_string(Gate gate);

// The dates the pod's last rack passed each stage (the header's letters).
struct PodStages {
  Date ordered;       // O
  Date supply_opens;  // S
  Date produced;      // P
  Date arrived;       // A
  Date hall_ready;    // R
  Date installed;     // N
  Date commissioned;  // C
  Date live;          // L
  Date grid_from;     // G: first day of the run since which the grid could carry the pod without a break, up to L
};

struct GateAndSlack {
  Gate gate = Gate::kOrderDate;
  std::int32_t slack_days = 0;
};

GateAndSlack gate_of(const PodStages& pod);

}  // namespace gwsim::models
