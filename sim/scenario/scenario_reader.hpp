// The read pass: the merged tree, its expressions already turned into value slots (expressions.hpp) -> a Scenario,
// through the field tables (fields.hpp). Each row says where its value is, how it is read and checked, what it is
// when not stated and which member it fills; the reader only ever sees plain values, a slot reading as its
// representative value.
//
// Besides the Scenario, the pass records for every value it reads where it was written (origins.hpp, for validate()'s
// messages) and, for every slot, where its value went (bindings.hpp, for sampling). It checks each value on its own
// (syntax, unit, range, shape, unknown and missing keys, which keys go together); rules between values are
// validate()'s (validate.hpp).
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/bindings.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/defaults.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/origins.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/slots.hpp"

namespace gwsim {

struct ReadScenario {
  Scenario scenario;               // complete only when no diagnostic was added
  std::vector<Binding> bindings;   // each slot's members
  FieldOrigins origins;            // every value read, by dotted path
};

// The catalog named by `catalog:` is read from disk (relative to the file that names it); its diagnostics use the
// resolved path and catalog_rank.
ReadScenario read_scenario(const ConfigNode& root, const std::vector<ValueSlot>& slots, const Defaults& defaults,
                           Diagnostics& diagnostics, int catalog_rank);

// Reads a map of a configuration file (a catalog's platform) with its table into `into` at place: unknown and
// missing keys, each value's kind and range. Its `sources` (Shape::kSources) are the file reader's business.
void read_fields(const Table& table, const ConfigNode& map, const std::string& path, const Place& place,
                 Scenario& into, Diagnostics& diagnostics);

// Reads one value of the defaults file as a value of field f, reporting problems at node (defaults.hpp).
void check_default_value(const Field& f, const ConfigNode& node, const std::string& path, Diagnostics& diagnostics);

}  // namespace gwsim
