// Where each field of a Scenario was written: a side table the read pass fills (dotted path -> origin), so that
// validate() can point at the right node, with the text found there, without walking the YAML again. A template
// keeps it for its replications.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

struct FieldOrigin {
  Origin at;            // the value
  Origin key_at;        // its key in the map that holds it (the value's own position for a sequence item)
  std::string text;     // a scalar's text
  ConfigNode::Kind node_kind = ConfigNode::Kind::kNull;
  std::int32_t slot = -1;  // the value slot it holds (expressions.hpp), or -1
  bool failed = false;     // it could not be read (its own value or shape; a child's failure is the child's)
};

class FieldOrigins {
 public:
  // Records the node at path; a later record of the same path replaces it.
  FieldOrigin& record(const std::string& path, const ConfigNode& node, const Origin& key_at);
  void fail(const std::string& path);
  const FieldOrigin* find(const std::string& path) const;
  // Stated and read without error.
  bool usable(const std::string& path) const;
  bool stated(const std::string& path) const { return find(path) != nullptr; }

 private:
  std::unordered_map<std::string, FieldOrigin> by_path_;
};

}  // namespace gwsim
