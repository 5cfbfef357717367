// Test input for the models/ purity check (tests/CMakeLists.txt): a model that includes SimGrid must fail the
// build. Never compiled.
#pragma once
#include <simgrid/s4u/Engine.hpp>
