#include "sim/scenario/origins.hpp"

namespace gwsim {

FieldOrigin& FieldOrigins::record(const std::string& path, const ConfigNode& node, const Origin& key_at) {
  FieldOrigin& o = by_path_[path];
  o.at = node.origin;
  o.key_at = key_at;
  o.text = node.is_scalar() ? node.text : std::string();
  o.node_kind = node.kind;
  o.slot = node.slot >= 0 ? node.slot : -1;
  o.failed = false;
  return o;
}

void FieldOrigins::fail(const std::string& path) {
  auto it = by_path_.find(path);
  if (it != by_path_.end()) it->second.failed = true;
}

const FieldOrigin* FieldOrigins::find(const std::string& path) const {
  const auto it = by_path_.find(path);
  return it == by_path_.end() ? nullptr : &it->second;
}

bool FieldOrigins::usable(const std::string& path) const {
  const FieldOrigin* o = find(path);
  return o != nullptr && !o->failed;
}

}  // namespace gwsim
