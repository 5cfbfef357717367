// Unit tests for models/equipment: shared supply lines of long-lead equipment, allocation across sites' orders,
// installed dates and grid-step energization. Every expected date is counted by hand in the comments.
#include "models/equipment.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace gwsim::models {
namespace {

Date d(int y, int m, int day) { return date_from_civil(y, m, day); }

std::vector<EquipmentDelivery> units_on(std::initializer_list<Date> dates) {
  std::vector<EquipmentDelivery> out;
  for (const Date date : dates) out.push_back(EquipmentDelivery{date, 1});
  return out;
}

// The header's line: 1 unit/week from 2026-01-01, lead time 28 days. cumulative(n) = floor(n / 7), so day index i
// yields a unit when i + 1 is a multiple of 7: i = 6, 13, 20, ... = 01-07, 01-14, 01-21, 01-28, 02-04, 02-11, ...
SupplyLine weekly_transformers() {
  SupplyLine line;
  line.name = "power_transformers";
  line.units_per_week = 1.0;
  line.production_start = d(2026, 1, 1);
  line.lead_time_days = 28.0;
  return line;
}

// Listed first: site A, 3 units on 2026-01-01 (earliest 01-01 + 28 = 01-29), priority 1.
// Listed second: site B, 2 units on 2025-12-25 (earliest 12-25 + 7 = 01-01, + 21 = 01-22), priority 2.
std::vector<EquipmentOrder> two_sites() {
  return {EquipmentOrder{"A", 3, d(2026, 1, 1), 1, std::nullopt},
          EquipmentOrder{"B", 2, d(2025, 12, 25), 2, std::nullopt}};
}

TEST(Equipment, WorkedExampleFirstComeFirstServed) {
  const std::vector<EquipmentOrder> orders = two_sites();
  const std::vector<OrderSchedule> s = allocate_supply(weekly_transformers(), orders,
                                                       AllocationRule::kFirstComeFirstServed);
  ASSERT_EQ(s.size(), 2u);
  // B ordered first: the first units on or after 01-22 are 01-28 and 02-04.
  EXPECT_EQ(s[1].deliveries, units_on({d(2026, 1, 28), d(2026, 2, 4)}));
  EXPECT_EQ(s[1].last_delivery, d(2026, 2, 4));
  // A: on or after 01-29, 02-04 is B's, so 02-11, 02-18, 02-25.
  EXPECT_EQ(s[0].deliveries, units_on({d(2026, 2, 11), d(2026, 2, 18), d(2026, 2, 25)}));
  EXPECT_EQ(s[0].last_delivery, d(2026, 2, 25));
  EXPECT_EQ(s[0].units_delivered, 3);
  EXPECT_EQ(s[0].units_short, 0);
  // Installed 30 days after 02-25: 02-25 + 3 = 02-28, + 27 = 03-27.
  const std::optional<Date> installed = installed_date(s[0], 30.0);
  EXPECT_EQ(installed, d(2026, 3, 27));
  // Approval 03-01 is earlier than the installation: energized 03-27. Approval 04-15 is later: 04-15.
  const std::vector<std::optional<Date>> equipment{installed};
  EXPECT_EQ(energization_date(d(2026, 3, 1), equipment), d(2026, 3, 27));
  EXPECT_EQ(energization_date(d(2026, 4, 15), equipment), d(2026, 4, 15));
}

TEST(Equipment, WorkedExamplePriority) {
  const std::vector<EquipmentOrder> orders = two_sites();
  const std::vector<OrderSchedule> s = allocate_supply(weekly_transformers(), orders,
                                                       AllocationRule::kPriorityThenDate);
  // A (priority 1) first: on or after 01-29: 02-04, 02-11, 02-18.
  EXPECT_EQ(s[0].deliveries, units_on({d(2026, 2, 4), d(2026, 2, 11), d(2026, 2, 18)}));
  EXPECT_EQ(s[0].last_delivery, d(2026, 2, 18));
  // B: on or after 01-22: 01-28 is free; 02-04..02-18 are A's; next free is 02-25.
  EXPECT_EQ(s[1].deliveries, units_on({d(2026, 1, 28), d(2026, 2, 25)}));
  EXPECT_EQ(s[1].last_delivery, d(2026, 2, 25));
}

TEST(Equipment, ListOfDeliveriesSortedMergedAndShort) {
  SupplyLine line;
  line.lead_time_days = 60.0;
  // Listed out of date order, with two entries on 03-01 that add up to 2 units.
  line.deliveries = {EquipmentDelivery{d(2026, 6, 1), 3}, EquipmentDelivery{d(2026, 3, 1), 1},
                     EquipmentDelivery{d(2026, 3, 1), 1}};
  // A: 4 units on 2026-01-15, earliest 01-15 + 16 = 01-31, + 28 = 02-28, + 16 = 03-16.
  // B: 2 units on 2025-12-01, earliest 12-01 + 30 = 12-31, + 30 = 2026-01-30.
  const std::vector<EquipmentOrder> orders{EquipmentOrder{"A", 4, d(2026, 1, 15), 1, std::nullopt},
                                           EquipmentOrder{"B", 2, d(2025, 12, 1), 2, std::nullopt}};
  for (const AllocationRule rule : {AllocationRule::kFirstComeFirstServed, AllocationRule::kPriorityThenDate}) {
    const std::vector<OrderSchedule> s = allocate_supply(line, orders, rule);
    // B can use 03-01 (2 units); A cannot (03-01 < 03-16), whoever goes first: B gets both.
    EXPECT_EQ(s[1].deliveries, (std::vector<EquipmentDelivery>{{d(2026, 3, 1), 2}}));
    EXPECT_EQ(s[1].last_delivery, d(2026, 3, 1));
    // A gets the 3 units of 06-01 and is 1 short: no last delivery, never installed, never energized.
    EXPECT_EQ(s[0].deliveries, (std::vector<EquipmentDelivery>{{d(2026, 6, 1), 3}}));
    EXPECT_EQ(s[0].units_delivered, 3);
    EXPECT_EQ(s[0].units_short, 1);
    EXPECT_FALSE(s[0].last_delivery.has_value());
    EXPECT_FALSE(installed_date(s[0], 30.0).has_value());
    const std::vector<std::optional<Date>> equipment{installed_date(s[1], 30.0), installed_date(s[0], 30.0)};
    EXPECT_FALSE(energization_date(d(2026, 1, 1), equipment).has_value());
  }
}

TEST(Equipment, CapacityNoOrderCanTakeIsLost) {
  // One unit listed on 02-01; the only order can take units from 03-02 on: short 1, and the unit is not kept.
  SupplyLine line;
  line.lead_time_days = 30.0;
  line.deliveries = {EquipmentDelivery{d(2026, 2, 1), 1}};
  const std::vector<EquipmentOrder> orders{EquipmentOrder{"A", 1, d(2026, 1, 31), 0, std::nullopt}};
  const std::vector<OrderSchedule> s = allocate_supply(line, orders, AllocationRule::kFirstComeFirstServed);
  EXPECT_TRUE(s[0].deliveries.empty());
  EXPECT_EQ(s[0].units_short, 1);
}

TEST(Equipment, LaterServedOrderTakesWhatEarlierOnesCouldNot) {
  // Priority 1 order has a long lead time (earliest 01-01 + 50 = 02-20), priority 2 a short one (own draw:
  // earliest 01-01 + 10 = 01-11). Units listed 01-15 and 03-01, one each. The priority-1 order takes 03-01; the
  // 01-15 unit, too early for it, goes to the priority-2 order.
  SupplyLine line;
  line.lead_time_days = 50.0;
  line.deliveries = {EquipmentDelivery{d(2026, 1, 15), 1}, EquipmentDelivery{d(2026, 3, 1), 1}};
  const std::vector<EquipmentOrder> orders{EquipmentOrder{"slow", 1, d(2026, 1, 1), 1, std::nullopt},
                                           EquipmentOrder{"fast", 1, d(2026, 1, 1), 2, 10.0}};
  const std::vector<OrderSchedule> s = allocate_supply(line, orders, AllocationRule::kPriorityThenDate);
  EXPECT_EQ(s[0].last_delivery, d(2026, 3, 1));
  EXPECT_EQ(s[1].last_delivery, d(2026, 1, 15));
}

TEST(Equipment, TiesGoToTheOrderListedFirst) {
  // Same date, same priority, one unit on the line each week: the first listed gets 01-07, the second 01-14.
  SupplyLine line = weekly_transformers();
  line.lead_time_days = 0.0;
  const std::vector<EquipmentOrder> orders{EquipmentOrder{"first", 1, d(2026, 1, 1), 1, std::nullopt},
                                           EquipmentOrder{"second", 1, d(2026, 1, 1), 1, std::nullopt}};
  for (const AllocationRule rule : {AllocationRule::kFirstComeFirstServed, AllocationRule::kPriorityThenDate}) {
    const std::vector<OrderSchedule> s = allocate_supply(line, orders, rule);
    EXPECT_EQ(s[0].last_delivery, d(2026, 1, 7));
    EXPECT_EQ(s[1].last_delivery, d(2026, 1, 14));
  }
}

TEST(Equipment, LeadTimeRoundsToWholeDays) {
  // 27.6 days rounds to 28 (earliest 01-29: first unit 02-04); 27.4 rounds to 27 (earliest 01-28: 01-28).
  SupplyLine line = weekly_transformers();
  const std::vector<EquipmentOrder> late{EquipmentOrder{"A", 1, d(2026, 1, 1), 0, 27.6}};
  EXPECT_EQ(allocate_supply(line, late, AllocationRule::kFirstComeFirstServed)[0].last_delivery, d(2026, 2, 4));
  const std::vector<EquipmentOrder> early{EquipmentOrder{"A", 1, d(2026, 1, 1), 0, 27.4}};
  EXPECT_EQ(allocate_supply(line, early, AllocationRule::kFirstComeFirstServed)[0].last_delivery, d(2026, 1, 28));
}

TEST(Equipment, FractionalRateOverManyWeeks) {
  // 2 units/week from 2026-01-01, lead time 0: cumulative(n) = floor(2n / 7) reaches 100 at n = 350, so the 100th
  // unit comes off on day index 349: 2026-01-01 + 349 = 2026-12-16 (2026 has 365 days; 12-31 is index 364).
  SupplyLine line;
  line.units_per_week = 2.0;
  line.production_start = d(2026, 1, 1);
  const std::vector<EquipmentOrder> orders{EquipmentOrder{"A", 100, d(2025, 6, 1), 0, std::nullopt}};
  const std::vector<OrderSchedule> s = allocate_supply(line, orders, AllocationRule::kFirstComeFirstServed);
  EXPECT_EQ(s[0].last_delivery, d(2026, 12, 16));
  EXPECT_EQ(s[0].units_delivered, 100);
  // Days 0..6 yield floor(2n/7) = 0,0,0,1,1,1,2: units on indices 3 and 6 (01-04 and 01-07).
  ASSERT_GE(s[0].deliveries.size(), 2u);
  EXPECT_EQ(s[0].deliveries[0], (EquipmentDelivery{d(2026, 1, 4), 1}));
  EXPECT_EQ(s[0].deliveries[1], (EquipmentDelivery{d(2026, 1, 7), 1}));
}

TEST(Equipment, NoCapacityNoOrdersZeroUnits) {
  SupplyLine empty;  // no rate, no list
  const std::vector<EquipmentOrder> orders{EquipmentOrder{"A", 2, d(2026, 1, 1), 0, std::nullopt},
                                           EquipmentOrder{"B", 0, d(2026, 2, 1), 0, std::nullopt}};
  const std::vector<OrderSchedule> s = allocate_supply(empty, orders, AllocationRule::kFirstComeFirstServed);
  EXPECT_EQ(s[0].units_short, 2);
  EXPECT_FALSE(s[0].last_delivery.has_value());
  // An order for no units is complete on its order date.
  EXPECT_EQ(s[1].last_delivery, d(2026, 2, 1));
  EXPECT_TRUE(allocate_supply(empty, {}, AllocationRule::kFirstComeFirstServed).empty());
  // No equipment needed: the grid step energizes on its approval date.
  EXPECT_EQ(energization_date(d(2027, 5, 1), {}), d(2027, 5, 1));
}

}  // namespace
}  // namespace gwsim::models
