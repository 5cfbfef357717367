// The expressions pass: every distribution expression of the merged scenario tree becomes a value slot
// (slots.hpp), in one walk over the tree guided by the field tables (fields.hpp), which say where a distribution
// is allowed and of what kind, unit and range.
//
// The shared draws of `draws:` come first, so that draw(NAME) resolves wherever it is used. Each argument of an
// expression is read with the field's own reader (readers.hpp), positioned at the argument, so a bound outside the
// field's range is reported there; then the parameters are checked (MIN <= MODE <= MAX, SD > 0, the values a
// distribution can take fit the field's range, ...), and the slot gets its representative value (the mode,
// midpoint, mean, median or first value), which the read pass uses in the expression's place.
//
// The pass marks each expression's node (ConfigNode::slot) with its slot's index, or with kBrokenSlot after
// reporting what is wrong with it; the read pass then reads slots as plain values and skips broken ones. Values
// that take no distribution are left alone: the read pass reports them ("a distribution is not allowed here").
#pragma once

#include <vector>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/slots.hpp"

namespace gwsim {

// The slots of root, in document order (rank of the file, line, column), shared draws' indices into the same vector.
std::vector<ValueSlot> prepare_slots(ConfigNode& root, Diagnostics& diagnostics);

}  // namespace gwsim
