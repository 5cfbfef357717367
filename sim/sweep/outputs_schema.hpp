// The schema of gwsim's outputs as a JSON document (`gwsim schema outputs`): every file and figure with its
// unit, decimals, kind and meaning, the constraints, the replication statuses, the results store's tables and the
// columns of `gwsim results`' CSVs, all read from the definitions the writers use (sim/output/fields.hpp,
// replication_status.hpp, store_layout.hpp, results_report.hpp). Scripts, the report script first, read the
// outputs by it instead of restating their names. Layout: docs/outputs.md.
#pragma once

#include <string>

namespace gwsim::sweep {

// The document, indented by two spaces, ending with a newline. `gwsim_version` is recorded in it.
std::string outputs_schema_json(const std::string& gwsim_version);

}  // namespace gwsim::sweep
