// The shapes of the field tables' composite values (profiles, schedules, lists, maps, sequences of maps). The read
// pass checks them with a Reader, which reports a wrong shape; the expressions pass follows them without one, so that
// both passes look at exactly the same values.
#pragma once

#include <optional>
#include <string>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/readers.hpp"

namespace gwsim {

struct ProfileShape {
  enum class Form { kNone, kOne, kList };
  Form form = Form::kNone;
  const ConfigNode* list = nullptr;  // kList: the 12 monthly or 24 hourly values
  std::string list_path;             // "sites[0].pue.monthly"
  bool hourly = false;
};
// A kProfile value: one value, or {monthly: [12]} (or {hourly: [24]}); kNone after a problem (reported).
ProfileShape profile_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report);
// monthly, and hourly when the profile allows it.
schema::KeyList profile_keys(const Field& f);

enum class ScheduleForm { kNone, kOne, kPoints };
// A kSchedule value: one value (when allowed) or a non-empty sequence of points.
ScheduleForm schedule_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report);
// A kList value: a sequence of f.count values (or a non-empty one).
bool list_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report);
// A kItems value: a sequence (non-empty unless may_be_empty).
bool items_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report);
// A kMap value.
bool map_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report);
// One item of a kItems sequence or a schedule's points: a map.
bool item_shape(const Table& table, const ConfigNode& item, const std::string& path, Reader* report);
// The value of the map's variant key (Table::variant_key), when it is one of that key's choices.
std::optional<std::string> variant_of(const Table& table, const ConfigNode& map);

}  // namespace gwsim
