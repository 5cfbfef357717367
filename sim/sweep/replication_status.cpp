#include "sim/sweep/replication_status.hpp"

#include <iterator>

namespace gwsim::sweep {

const char* to_string(ReplicationStatus status) {
  for (const StatusInfo& s : kReplicationStatuses)
    if (s.status == status) return s.name;
  return "?";
}

std::optional<ReplicationStatus> parse_replication_status(std::string_view name) {
  for (const StatusInfo& s : kReplicationStatuses)
    if (name == s.name) return s.status;
  return std::nullopt;
}

std::string replication_status_names() {
  std::string out;
  const std::size_t n = std::size(kReplicationStatuses);
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0) out += i + 1 == n ? " or " : ", ";
    out += kReplicationStatuses[i].name;
  }
  return out;
}

}  // namespace gwsim::sweep
