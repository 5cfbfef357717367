// How a sweep's replication ended. One table gives each status its name (as the results store, the runner's
// messages and the reports write it) and meaning; the store's SQL CHECK, `gwsim results` and `gwsim schema
// outputs` are built from it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gwsim::sweep {

enum class ReplicationStatus { kOk, kFailed, kInvalid, kCrashed, kTimeout };

struct StatusInfo {
  ReplicationStatus status;
  const char* name;
  const char* description;
};

// Every status, in report order; the first is the one success.
inline constexpr StatusInfo kReplicationStatuses[] = {
    {ReplicationStatus::kOk, "ok", "the run finished"},
    {ReplicationStatus::kFailed, "failed", "simulation error"},
    {ReplicationStatus::kInvalid, "invalid", "the draw made the scenario invalid"},
    {ReplicationStatus::kCrashed, "crashed", "the worker died"},
    {ReplicationStatus::kTimeout, "timeout", "the worker ran out of time"},
};

const char* to_string(ReplicationStatus status);
std::optional<ReplicationStatus> parse_replication_status(std::string_view name);
// "ok, failed, invalid, crashed or timeout": what a status may be, for messages.
std::string replication_status_names();

}  // namespace gwsim::sweep
