// Quantities with units, checked against values worked out by hand.
#include <gtest/gtest.h>

#include "sim/scenario/units.hpp"

namespace gwsim::units {
namespace {

double value(const Parsed& p) {
  EXPECT_TRUE(p.value.has_value()) << p.hint;
  return p.value.value_or(-1.0);
}

TEST(Units, Powers) {
  EXPECT_DOUBLE_EQ(value(parse_power_w("1.2 GW")), 1.2e9);
  EXPECT_DOUBLE_EQ(value(parse_power_w("190kW")), 190e3);
  EXPECT_DOUBLE_EQ(value(parse_power_w("300 MW")), 300e6);
  EXPECT_DOUBLE_EQ(value(parse_power_w("40.8 kW")), 40800.0);
  EXPECT_DOUBLE_EQ(value(parse_power_w("500 W")), 500.0);
  EXPECT_DOUBLE_EQ(value(parse_power_w("1e3 W")), 1000.0);
  EXPECT_DOUBLE_EQ(value(parse_power_w("-5 MW")), -5e6);  // syntax only; ranges are the validator's
}

TEST(Units, PowerMistakes) {
  EXPECT_FALSE(parse_power_w("1000").value);  // no unit
  EXPECT_FALSE(parse_power_w("").value);
  EXPECT_FALSE(parse_power_w("GW").value);
  EXPECT_FALSE(parse_power_w("12x MW").value);
  EXPECT_FALSE(parse_power_w("1 MVA").value);
  EXPECT_TRUE(parse_power_w("1 MVA").hint.empty());
  const Parsed lower = parse_power_w("300 mw");
  EXPECT_FALSE(lower.value);
  EXPECT_EQ(lower.hint, "did you mean 'MW'?");
  EXPECT_EQ(parse_power_w("2 gw").hint, "did you mean 'GW'?");
  EXPECT_EQ(parse_power_w("190 KW").hint, "did you mean 'kW'?");
  EXPECT_EQ(parse_power_w(".nan GW").hint, "not a finite number");
}

TEST(Units, Durations) {
  EXPECT_DOUBLE_EQ(value(parse_duration_days("18 months")), 547.875);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("14 days")), 14.0);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("1 day")), 1.0);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("3d")), 3.0);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("2 weeks")), 14.0);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("1w")), 7.0);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("1 month")), 30.4375);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("9mo")), 273.9375);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("1 year")), 365.25);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("2y")), 730.5);
  EXPECT_DOUBLE_EQ(value(parse_duration_days("0 days")), 0.0);
  EXPECT_FALSE(parse_duration_days("14").value);
  EXPECT_FALSE(parse_duration_days("14 dayz").value);
  EXPECT_FALSE(parse_duration_days("3 hours").value);
  EXPECT_EQ(parse_duration_days("3 Months").hint, "did you mean 'months'?");
}

TEST(Units, Money) {
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$5.9M")), 5.9e6);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$10B")), 1e10);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$250K")), 250e3);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$1.5T")), 1.5e12);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$5,900,000")), 5.9e6);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$13M")), 13e6);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$0")), 0.0);
  EXPECT_DOUBLE_EQ(value(parse_money_usd("$1,234.5")), 1234.5);
  EXPECT_FALSE(parse_money_usd("5.9M").value);     // no '$'
  EXPECT_FALSE(parse_money_usd("$5,90").value);    // bad grouping
  EXPECT_FALSE(parse_money_usd("$5900,000").value);
  EXPECT_FALSE(parse_money_usd("$").value);
  EXPECT_FALSE(parse_money_usd("$5.9Q").value);
  EXPECT_EQ(parse_money_usd("$13m").hint, "did you mean 'M'?");
  EXPECT_EQ(parse_money_usd("$2b").hint, "did you mean 'B'?");
}

TEST(Units, Fractions) {
  EXPECT_DOUBLE_EQ(value(parse_fraction("15%")), 0.15);
  EXPECT_DOUBLE_EQ(value(parse_fraction("0.15")), 0.15);
  EXPECT_DOUBLE_EQ(value(parse_fraction("0%")), 0.0);
  EXPECT_DOUBLE_EQ(value(parse_fraction("100%")), 1.0);
  EXPECT_DOUBLE_EQ(value(parse_fraction("150%")), 1.5);  // syntax only; the range is checked by the validator
  EXPECT_FALSE(parse_fraction("15 percent").value);
  EXPECT_FALSE(parse_fraction("%").value);
}

TEST(Units, Numbers) {
  EXPECT_DOUBLE_EQ(value(parse_number("1.2")), 1.2);
  EXPECT_DOUBLE_EQ(value(parse_number("-3")), -3.0);
  EXPECT_DOUBLE_EQ(value(parse_number("+3")), 3.0);
  EXPECT_DOUBLE_EQ(value(parse_number(".5")), 0.5);
  EXPECT_DOUBLE_EQ(value(parse_number("1e9")), 1e9);
  EXPECT_FALSE(parse_number("12x").value);
  EXPECT_FALSE(parse_number("1,000").value);
  EXPECT_FALSE(parse_number("").value);
  EXPECT_FALSE(parse_number("0x10").value);
  for (const char* bad : {".nan", ".NaN", "nan", ".inf", "-.inf", "inf", "1e999"}) {
    const Parsed p = parse_number(bad);
    EXPECT_FALSE(p.value) << bad;
    EXPECT_EQ(p.hint, "not a finite number") << bad;
  }
}

TEST(Units, Integers) {
  EXPECT_EQ(parse_integer("8"), 8);
  EXPECT_EQ(parse_integer("-2"), -2);
  EXPECT_FALSE(parse_integer("8.0"));
  EXPECT_FALSE(parse_integer("8x"));
  EXPECT_FALSE(parse_integer("99999999999999999999"));
  EXPECT_EQ(parse_unsigned("18446744073709551615"), 18446744073709551615ULL);
  EXPECT_FALSE(parse_unsigned("18446744073709551616"));
  EXPECT_FALSE(parse_unsigned("-1"));
}

TEST(Units, OutputSteps) {
  const auto day = parse_output_step("1d");
  ASSERT_TRUE(day);
  EXPECT_EQ(day->days, 1);
  EXPECT_EQ(day->months, 0);
  EXPECT_EQ(day->text(), "1d");
  const auto week = parse_output_step("1w");
  ASSERT_TRUE(week);
  EXPECT_EQ(week->days, 7);
  EXPECT_EQ(week->text(), "1w");
  const auto two_weeks = parse_output_step("2w");
  ASSERT_TRUE(two_weeks);
  EXPECT_EQ(two_weeks->days, 14);
  EXPECT_EQ(two_weeks->text(), "14d");
  const auto quarter = parse_output_step("3mo");
  ASSERT_TRUE(quarter);
  EXPECT_EQ(quarter->days, 0);
  EXPECT_EQ(quarter->months, 3);
  EXPECT_EQ(quarter->text(), "3mo");
  for (const char* bad : {"0d", "d", "1y", "1.5d", "-1d", "daily", "1 m"}) EXPECT_FALSE(parse_output_step(bad)) << bad;
}

TEST(Units, HourlyOutputStepsDivideTheDay) {
  for (int n : {1, 2, 3, 4, 6, 8, 12}) {
    const auto step = parse_output_step(std::to_string(n) + "h");
    ASSERT_TRUE(step) << n;
    EXPECT_EQ(step->hours, n);
    EXPECT_EQ(step->days, 0);
    EXPECT_EQ(step->months, 0);
    EXPECT_EQ(step->text(), std::to_string(n) + "h");
  }
  for (const char* bad : {"0h", "5h", "7h", "9h", "24h", "48h", "1.5h", "h", "1H"}) {
    EXPECT_FALSE(parse_output_step(bad)) << bad;
  }
}

TEST(Units, Counts) {
  EXPECT_DOUBLE_EQ(value(parse_count("900M")), 9e8);
  EXPECT_DOUBLE_EQ(value(parse_count("8.6T")), 8.6e12);
  EXPECT_DOUBLE_EQ(value(parse_count("1.2B")), 1.2e9);
  EXPECT_DOUBLE_EQ(value(parse_count("30K")), 3e4);
  EXPECT_DOUBLE_EQ(value(parse_count("9e8")), 9e8);
  EXPECT_DOUBLE_EQ(value(parse_count("900000000")), 9e8);
  EXPECT_DOUBLE_EQ(value(parse_count("1,500,000")), 1.5e6);
  EXPECT_DOUBLE_EQ(value(parse_count("-5")), -5.0);  // syntax only; ranges are the validator's
  for (const char* bad : {"", "$900M", "900x", "9 million", "1,50", "M"}) EXPECT_FALSE(parse_count(bad).value) << bad;
  EXPECT_EQ(parse_count("900m").hint, "did you mean 'M'?");
  EXPECT_EQ(parse_count(".inf").hint, "not a finite number");
}

TEST(Units, CarbonIntensityAndWaterUsage) {
  // 1 kg/MWh = 1,000 g / 1,000 kWh = 1 g/kWh.
  EXPECT_DOUBLE_EQ(value(parse_carbon_g_per_kwh("370 g/kWh")), 370.0);
  EXPECT_DOUBLE_EQ(value(parse_carbon_g_per_kwh("370gCO2/kWh")), 370.0);
  EXPECT_DOUBLE_EQ(value(parse_carbon_g_per_kwh("370 kg/MWh")), 370.0);
  EXPECT_FALSE(parse_carbon_g_per_kwh("370").value);
  EXPECT_FALSE(parse_carbon_g_per_kwh("0.37 t/MWh").value);
  EXPECT_EQ(parse_carbon_g_per_kwh("370 g/kwh").hint, "did you mean 'g/kWh'?");
  EXPECT_DOUBLE_EQ(value(parse_water_l_per_kwh("0.18 L/kWh")), 0.18);
  EXPECT_FALSE(parse_water_l_per_kwh("0.18").value);
  EXPECT_EQ(parse_water_l_per_kwh("0.18 l/kwh").hint, "did you mean 'L/kWh'?");
}

TEST(Units, Dates) {
  EXPECT_EQ(parse_date("2026-07-01").value, models::Date{20635});
  const ParsedDate feb30 = parse_date("2026-02-30");
  EXPECT_FALSE(feb30.value);
  EXPECT_EQ(feb30.hint, "no such day");
  EXPECT_EQ(parse_date("1800-01-01").hint, "years 1900 to 2200 only");
  EXPECT_FALSE(parse_date("2026-7-1").value);
  EXPECT_TRUE(parse_date("2026-7-1").hint.empty());
}

}  // namespace
}  // namespace gwsim::units
