#include "sim/scenario/shapes.hpp"

#include <algorithm>

namespace gwsim {
namespace {

bool is_sequence(const ConfigNode& node, const std::string& path, std::string_view what, bool non_empty,
                 Reader* report) {
  if (report) return report->expect_sequence(node, path, what, non_empty);
  return node.is_sequence() && (!non_empty || !node.children.empty());
}

bool is_map(const ConfigNode& node, const std::string& path, std::string_view what, Reader* report) {
  if (report) return report->expect_map(node, path, what);
  return node.is_map();
}

}  // namespace

schema::KeyList profile_keys(const Field& f) {
  if (f.hourly) return {"monthly", "hourly"};
  return {"monthly"};
}

ProfileShape profile_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report) {
  ProfileShape out;
  const std::string shapes = f.hourly ? "{monthly: [12 values]} or {hourly: [24 values]}" : "{monthly: [12 values]}";
  if (node.is_sequence()) {
    if (report) report->expected(node, path, expected_text(f.value()) + ", or a map " + shapes);
    return out;
  }
  if (!node.is_map()) {
    out.form = ProfileShape::Form::kOne;
    return out;
  }
  if (report) report->check_keys(node, path, profile_keys(f));
  const ConfigNode* monthly = node.find("monthly");
  const ConfigNode* hourly = f.hourly ? node.find("hourly") : nullptr;
  if (monthly && hourly) {
    const std::size_t second = std::max(*node.index_of("monthly"), *node.index_of("hourly"));
    if (report) {
      report->error(node.key_origins[second], child_path(path, node.keys[second]),
                    "a profile is either monthly or hourly, not both");
    }
    return out;
  }
  if (!monthly && !hourly) {
    if (report && node.keys.empty()) {
      report->error(node.origin, path,
                    f.hourly ? "missing required key 'monthly' or 'hourly'" : "missing required key 'monthly'");
    }
    return out;  // otherwise only unknown keys, reported above
  }
  out.hourly = monthly == nullptr;
  const ConfigNode& list = out.hourly ? *hourly : *monthly;
  out.list_path = child_path(path, out.hourly ? "hourly" : "monthly");
  const std::size_t count = out.hourly ? 24 : 12;
  const std::string which = out.hourly ? "24 hourly values (00:00 UTC first)" : "12 monthly values (January first)";
  if (!is_sequence(list, out.list_path, "a sequence of " + which, true, report)) return out;
  if (list.children.size() != count) {
    if (report) {
      report->error(list.origin, out.list_path,
                    "expected " + which + ", found " + std::to_string(list.children.size()));
    }
    return out;
  }
  out.form = ProfileShape::Form::kList;
  out.list = &list;
  return out;
}

ScheduleForm schedule_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report) {
  if (f.one_value) {
    if (node.is_map()) {
      if (report) report->expected(node, path, f.shape_text);
      return ScheduleForm::kNone;
    }
    if (!node.is_sequence()) return ScheduleForm::kOne;
  }
  if (!is_sequence(node, path, "a non-empty sequence of " + std::string(f.table->item_text), true, report)) {
    return ScheduleForm::kNone;
  }
  return ScheduleForm::kPoints;
}

bool list_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report) {
  if (!is_sequence(node, path, f.shape_text, true, report)) return false;
  if (f.count != 0 && node.children.size() != f.count) {
    if (report) {
      report->error(node.origin, path,
                    "expected " + std::string(f.count_text) + ", found " + std::to_string(node.children.size()));
    }
    return false;
  }
  return true;
}

bool items_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report) {
  return is_sequence(node, path, f.shape_text, !f.may_be_empty, report);
}

bool map_shape(const Field& f, const ConfigNode& node, const std::string& path, Reader* report) {
  return is_map(node, path, f.shape_text, report);
}

bool item_shape(const Table& table, const ConfigNode& item, const std::string& path, Reader* report) {
  return is_map(item, path, "a map " + std::string(table.item_text), report);
}

std::optional<std::string> variant_of(const Table& table, const ConfigNode& map) {
  if (table.variant_key.empty()) return std::nullopt;
  const Field* key = table.find(table.variant_key);
  const ConfigNode* node = map.find(table.variant_key);
  if (key == nullptr || key->choices == nullptr || node == nullptr || !node->is_scalar()) return std::nullopt;
  for (std::string_view choice : *key->choices) {
    if (node->text == choice) return node->text;
  }
  return std::nullopt;
}

}  // namespace gwsim
