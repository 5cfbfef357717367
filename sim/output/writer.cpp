#include "sim/output/writer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string_view>

#include "models/number_text.hpp"
#include "sim/io/atomic_output.hpp"
#include "sim/output/columns.hpp"
#include "sim/output/csv.hpp"
#include "sim/output/fields.hpp"
#include "sim/output/manifest.hpp"

namespace gwsim {
namespace {

using ::models::with_commas;

// Fixed-point text with std::to_chars: locale-free, exact round-trip rules, and several times faster than
// snprintf on the tens of thousands of cells a daily run writes.
void append_fixed(std::string& out, double value, int decimals) {
  char buf[64];
  if (value == 0.0) value = 0.0;  // no "-0.000"
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) {
    out += "nan";
    return;
  }
  // A tiny negative value rounds to "-0.000": print it as zero.
  const std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out += text[0] == '-' && text.find_first_not_of("-0.") == std::string_view::npos ? text.substr(1) : text;
}

void append_count(std::string& out, std::int64_t value) {
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, end);
}

void append_state_header(std::string& out, const std::vector<const StateField*>& columns) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    out += columns[i]->info.name;
  }
  out += '\n';
}

// `text`: scratch space for the text cells, reused from row to row.
void append_state_row(std::string& out, const StateRow& row, const std::vector<const StateField*>& columns,
                      std::string& text) {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    const StateField& column = *columns[i];
    if (column.count) {
      append_count(out, column.count(row));
    } else if (column.number) {
      append_fixed(out, column.number(row), column.info.decimals);
    } else {
      text.clear();
      column.text(row, text);
      append_csv_field(out, text);
    }
  }
  out += '\n';
}

std::string state_csv(const std::vector<StateRow>& rows, const std::vector<const StateField*>& columns) {
  std::string out;
  append_state_header(out, columns);
  std::string text;
  for (const StateRow& row : rows) append_state_row(out, row, columns, text);
  return out;
}

// Rounds to a fixed number of decimals so that summary.json prints stable, readable numbers.
double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(value * scale) / scale;
  return r == 0.0 ? 0.0 : r;
}

using Json = nlohmann::ordered_json;

Json json_value(const SummaryField& field, const FieldValue& value) {
  switch (field.info.kind) {
    case FieldKind::kCount: return value.count;
    case FieldKind::kNumber: return round_to(value.number, field.info.decimals);
    case FieldKind::kFlag: return value.flag;
    case FieldKind::kDate:
    case FieldKind::kName: return value.text;
  }
  return nullptr;
}

// The object (or array) at a group's JSON pointer, made empty if it is not there yet.
Json& node_at(Json& root, const std::string& group, bool array) {
  Json* node = &root;
  for (std::size_t from = 1; from <= group.size();) {
    const std::size_t to = std::min(group.find('/', from), group.size());
    node = &(*node)[group.substr(from, to - from)];
    from = to + 1;
  }
  if (node->is_null()) *node = array ? Json::array() : Json::object();
  return *node;
}

// A key with a '/' goes into a nested object: "gated_by/kind" -> target["gated_by"]["kind"].
void put(Json& target, const std::string& key, const SummaryField& field, const FieldValue& value) {
  if (const std::size_t slash = key.find('/'); slash != std::string::npos) {
    Json& inner = target[key.substr(0, slash)];
    if (inner.is_null()) inner = Json::object();
    put(inner, key.substr(slash + 1), field, value);
    return;
  }
  if (value.present) {
    target[key] = json_value(field, value);
  } else if (field.when_absent == WhenAbsent::kNull) {
    target[key] = nullptr;
  }
}

// Every figure of summary_fields(), in order, laid out as its group and repetition say.
void put_figures(Json& root, const SummaryInput& input) {
  for (const SummaryField& field : summary_fields()) {
    const std::size_t n = repeat_count(field.repeat, input.record);
    switch (field.repeat) {
      case Repeat::kOnce:
        put(node_at(root, field.group, false), field.info.name, field, field.value(input, 0));
        break;
      case Repeat::kPerTranche:
      case Repeat::kPerSite:
      case Repeat::kPerMilestone: {
        Json& items = node_at(root, field.group, true);
        for (std::size_t i = 0; i < n; ++i) {
          if (items.size() <= i) items.push_back(Json::object());
          put(items[i], field.info.name, field, field.value(input, i));
        }
        break;
      }
      case Repeat::kPerGw: {
        Json& list = node_at(root, field.group + "/" + field.info.name, true);
        for (std::size_t i = 0; i < n; ++i) {
          const FieldValue v = field.value(input, i);
          list.push_back(v.present ? json_value(field, v) : Json(nullptr));
        }
        break;
      }
      case Repeat::kPerConstraint: {
        Json& by_name = node_at(root, field.group, false);
        for (std::size_t i = 0; i < n; ++i) put(by_name, to_string(kAllConstraints[i]), field, field.value(input, i));
        break;
      }
    }
  }
}

std::string money(double usd) {
  char buf[64];
  if (std::fabs(usd) >= 1e9) std::snprintf(buf, sizeof buf, "$%.2fB", usd / 1e9);
  else if (std::fabs(usd) >= 1e6) std::snprintf(buf, sizeof buf, "$%.1fM", usd / 1e6);
  else std::snprintf(buf, sizeof buf, "$%.0f", usd);
  return buf;
}

// Hours simulated (whole days from the start to the end date).
double run_hours(const Manifest& manifest) {
  const auto start = models::parse_iso_date(manifest.start_date);
  const auto end = models::parse_iso_date(manifest.end_date);
  if (!start || !end) return 0.0;
  return 24.0 * static_cast<double>(models::days_between(*start, *end) + 1);
}

// Grid energy over the simulated hours: the run's mean draw at the interconnects.
double average_grid_import_mw(const RunRecord& record, const Manifest& manifest) {
  const double hours = run_hours(manifest);
  return hours > 0.0 ? record.final_state.grid_energy_mwh / hours : 0.0;
}

// An event's figure rounded to `decimals`, in the shortest text that reads back as that number: "650", not
// "650.000" (events mix units, so no column-wide format applies).
std::string event_number(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0.0) rounded = 0.0;  // no "-0"
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : "nan";
}

}  // namespace

std::string timeline_csv(const RunRecord& record) { return state_csv(record.timeline, timeline_fields()); }
std::string sites_csv(const RunRecord& record) { return state_csv(record.sites, site_fields()); }
std::string finance_csv(const RunRecord& record) { return state_csv(record.timeline, finance_fields()); }

namespace {

void append_events_header(std::string& out) {
  const auto& columns = event_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    out += columns[i];
  }
  out += '\n';
}

void append_event(std::string& out, const Event& e) {
  const EventKindInfo& kind = info(e.kind);
  out += models::to_iso(e.date);
  if (e.hour >= 0) out += (e.hour < 10 ? "T0" : "T") + std::to_string(e.hour) + ":00";
  out += ',' + std::string(kind.name) + ',' + csv_field(e.site) + ',' + csv_field(e.item) + ',' +
         event_number(e.value, kind.decimals) + ',' + csv_field(kind.unit) + ',';
  if (e.value2) out += event_number(*e.value2, kind.decimals2) + ',' + csv_field(kind.unit2);
  else out += ',';
  out += ',' + csv_field(e.detail) + '\n';
}

}  // namespace

std::string events_csv(const RunRecord& record) {
  std::string out;
  append_events_header(out);
  for (const Event& e : record.events) append_event(out, e);
  return out;
}

std::string summary_json(const RunRecord& record, const Manifest& manifest) {
  Json j = Json::object();
  put_figures(j, SummaryInput{record, manifest.scenario_name, run_hours(manifest)});
  Json m;
  m["gwsim_version"] = manifest.gwsim_version;
  m["simgrid_version"] = manifest.simgrid_version;
  m["scenario_file"] = manifest.scenario_file;
  m["scenario_sha256"] = manifest.scenario_sha256;
  Json inputs = Json::array();
  for (const auto& [path, sha] : manifest.inputs) inputs.push_back(Json{{"file", path}, {"sha256", sha}});
  m["inputs"] = inputs;
  const std::string inputs_hash = inputs_sha256(manifest.inputs);
  m["inputs_sha256"] = inputs_hash;
  m["overrides"] = manifest.overrides;
  m["seed"] = manifest.seed;
  m["replication"] = manifest.replication;
  Json draws = Json::object();
  for (const auto& [path, value] : manifest.draws) draws[path] = value;
  m["draws"] = draws;
  m["output_step"] = manifest.output_step;
  m["pod_racks"] = manifest.pod_racks;
  m["simulated_hosts"] = record.simulated_hosts;
  m["start_date"] = manifest.start_date;
  m["end_date"] = manifest.end_date;
  m["identity_sha256"] = identity_sha256(inputs_hash, manifest.overrides, manifest.seed, manifest.replication);
  j["manifest"] = m;
  return j.dump(2) + "\n";
}

bool is_run_file(std::string_view name) {
  for (const char* file : kRunFiles) {
    if (name == file) return true;
    // Temporaries of gwsim versions that renamed file by file (".timeline.csv.tmp-PID"): left by a kill.
    const std::string legacy = std::string(".") + file + ".tmp-";
    if (name.starts_with(legacy) && name.size() > legacy.size() &&
        name.substr(legacy.size()).find_first_not_of("0123456789") == std::string_view::npos) {
      return true;
    }
  }
  return false;
}

namespace {

// A file of the staging folder, rendered into a buffer that goes to disk each time it holds kPiece bytes: the
// file is never whole in memory, and the buffer never grows past a piece and a row.
class PieceFile {
 public:
  static constexpr std::size_t kPiece = std::size_t{1} << 20;

  PieceFile(io::StagedFolder& folder, const std::string& name) : file_(folder.open(name)) {
    buffer_.reserve(kPiece + kPiece / 4);
  }
  // Where to append text; call flush_if_full() after each row.
  std::string& buffer() { return buffer_; }
  void flush_if_full() {
    if (buffer_.size() >= kPiece) flush();
  }
  void flush() {
    file_.write(buffer_);
    buffer_.clear();
  }
  void close() {
    flush();
    file_.close();
  }

 private:
  io::StagedStream file_;
  std::string buffer_;
};

void write_state_file(io::StagedFolder& folder, const char* name, const std::vector<StateRow>& rows,
                      const std::vector<const StateField*>& columns) {
  PieceFile file(folder, name);
  append_state_header(file.buffer(), columns);
  std::string text;
  for (const StateRow& row : rows) {
    append_state_row(file.buffer(), row, columns, text);
    file.flush_if_full();
  }
  file.close();
}

void write_events_file(io::StagedFolder& folder, const std::vector<Event>& events) {
  PieceFile file(folder, "events.csv");
  append_events_header(file.buffer());
  for (const Event& e : events) {
    append_event(file.buffer(), e);
    file.flush_if_full();
  }
  file.close();
}

}  // namespace

// The staging folder, and sites.csv while the run adds to it. Members are destroyed in reverse order: the file
// is closed before its folder goes.
struct RunWriter::Staging {
  io::StagedFolder folder;
  std::optional<PieceFile> sites;
  std::string text;                       // scratch for text cells
  std::optional<io::WriteError> failed;   // the first failure to write sites.csv, for finish()
  bool finished = false;

  explicit Staging(const std::string& dir) : folder(dir, is_run_file) {
    sites.emplace(folder, "sites.csv");
    append_state_header(sites->buffer(), site_fields());
  }
};

RunWriter::RunWriter(const std::string& dir) {
  try {
    staging_ = std::make_unique<Staging>(dir);
  } catch (const io::WriteError& e) {
    throw OutputError(e.what(), e.refused);
  }
}

RunWriter::~RunWriter() = default;

void RunWriter::add_site_rows(std::span<const StateRow> rows) noexcept {
  Staging& s = *staging_;
  if (s.failed || s.finished) return;
  try {
    for (const StateRow& row : rows) {
      append_state_row(s.sites->buffer(), row, site_fields(), s.text);
      s.sites->flush_if_full();
    }
  } catch (const io::WriteError& e) {
    s.failed = e;
  } catch (const std::exception& e) {
    s.failed = io::WriteError(std::string("cannot write sites.csv: ") + e.what());
  }
}

std::vector<std::string> RunWriter::finish(const RunRecord& record, const Manifest& manifest) {
  Staging& s = *staging_;
  if (s.finished) throw std::logic_error("RunWriter::finish called twice");
  s.finished = true;
  try {
    if (s.failed) throw *s.failed;
    s.sites->close();
    write_state_file(s.folder, "timeline.csv", record.timeline, timeline_fields());
    write_events_file(s.folder, record.events);
    write_state_file(s.folder, "finance.csv", record.timeline, finance_fields());
    s.folder.write("summary.json", summary_json(record, manifest));
    s.folder.commit();
    return s.folder.notes();
  } catch (const io::WriteError& e) {
    throw OutputError(e.what(), e.refused);
  }
}

std::vector<std::string> write_outputs(const std::string& dir, const RunRecord& record, const Manifest& manifest) {
  // Everything is written into the staging folder first: a failure on the way leaves the folder as it was.
  RunWriter writer(dir);
  writer.add_site_rows(record.sites);
  return writer.finish(record, manifest);
}

namespace {

std::string plural(std::int64_t n, const char* one, const char* many) {
  return with_commas(n) + " " + (n == 1 || n == -1 ? one : many);
}

const Milestone* milestone_named(const RunRecord& r, const std::string& name) {
  for (const Milestone& m : r.milestones)
    if (m.name == name) return &m;
  return nullptr;
}

// A fraction as a percentage with one decimal, rounded once: from the fraction summary.json holds (rounded to 3
// decimals, i.e. to 0.1 percentage point, from the exact value), so every output shows the same digits.
std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * round_to(fraction, 3));
  return buf;
}

// What "GW live" counts, for people: the IT basis includes the non-GPU IT uplift (racks' peak / (1 - s)).
const char* basis_words(models::GwBasis basis) {
  return basis == models::GwBasis::kIt ? "IT power at peak: the GPU racks plus their non-GPU IT share"
                                       : "facility power at peak: IT power (with its non-GPU share) x PUE";
}

// Each milestone under its summary.json name ("first tokens", "GW 3 live", "gw1 first live"), with what gated it.
void key_dates_text(std::ostream& out, const RunRecord& r) {
  const bool it = r.gw_basis == models::GwBasis::kIt;
  std::size_t width = 19;
  for (const TrancheOutcome& t : r.tranches) width = std::max(width, t.name.size() + 11);
  out << "Key dates and what gated each (GW on the " << (it ? "IT" : "facility") << " basis, gw_basis: "
      << (it ? "it" : "facility") << ")\n"
      << "  (GW N live: the first day the fleet's live capacity reached N GW, counted as\n  " << basis_words(r.gw_basis)
      << ")\n"
      << "  (gated by: what held the racks that crossed the milestone; next constraint N days earlier: the\n"
      << "  constraint next in line would have let those racks go N days sooner. A bound for those racks only:\n"
      << "  racks held elsewhere (Binding constraints below) may cross first, so rerun with the gate moved to see)\n";
  const auto dated = [&](const std::string& name, const std::string& date, const std::string& otherwise) {
    out << "  " << name << std::string(width - std::min(width, name.size()), ' ') << " ";
    if (date.empty()) {
      out << otherwise << "\n";
      return;
    }
    const Milestone* m = milestone_named(r, name);
    out << date << (m ? "  " + gated_phrase(*m) : "") << "\n";
  };
  dated("first tokens", r.first_tokens_date, "not reached");
  if (r.gw_live_dates.empty()) dated("GW 1 live", "", "not reached (less than 1 GW live by the end)");
  for (std::size_t i = 0; i < r.gw_live_dates.size(); ++i)
    dated("GW " + std::to_string(i + 1) + " live", r.gw_live_dates[i], "");
  for (const TrancheOutcome& t : r.tranches) {
    out << "  tranche " << t.name << ": " << plural(t.racks, "rack", "racks")
        << (t.refresh_of.empty() ? "" : ", replacing " + t.refresh_of + " as it retires") << "\n";
    dated(t.name + " first live", t.first_live_date, "not by the end");
    dated(t.name + " fully live", t.fully_live_date,
          t.racks_never_admitted > 0
              ? "not by the end: " + plural(t.racks_never_admitted, "rack", "racks") + " cannot go live by the end (below)"
              : "not by the end");
    if (!t.first_retired_date.empty()) {
      out << "  " << t.name << " retiring" << std::string(width - std::min(width, t.name.size() + 9), ' ') << " "
          << t.first_retired_date << "  first racks retired; " << plural(t.racks_retired, "rack", "racks")
          << " retired by the end\n";
    }
  }
}

// A number with thousands separators and `decimals` decimals: 52,704.4.
std::string fixed(double value, int decimals) { return with_commas(value, decimals); }

void load_text(std::ostream& out, const RunRecord& r) {
  const LoadOutcome& l = r.load;
  out << "\nUtilization (served over live FP8 compute, at every sampled step)\n";
  if (l.peak_utilization_at.empty()) {
    out << "  none                nothing was live\n";
  } else {
    out << "  average             " << percent(l.average_utilization) << " over the run, "
        << percent(l.average_utilization_live) << " while racks were live; peak " << percent(l.peak_utilization)
        << " (" << l.peak_utilization_at << ")\n";
    out << "  idle compute        " << fixed(l.average_idle_pflops / 1e3, 1) << " EFLOP/s on average while live; "
        << fixed(l.idle_pflops_at_peak_demand / 1e3, 1) << " EFLOP/s at peak demand\n";
  }
  if (r.rack_days_delivered > 0) {
    out << "  delivered, not live "
        << percent(static_cast<double>(r.rack_days_delivered_not_live) / static_cast<double>(r.rack_days_delivered))
        << " of the rack-days of racks on site (" << with_commas(r.rack_days_delivered_not_live)
        << " rack-days waiting for halls, crews, commissioning or power: paid for, earning nothing)\n";
  }
  out << "  demand              " << fixed(l.average_demand_pflops / 1e3, 1) << " EFLOP/s on average; peak "
      << fixed(l.peak_demand_pflops / 1e3, 1) << " EFLOP/s (" << (l.peak_demand_at.empty() ? "-" : l.peak_demand_at)
      << ")\n";
}

// Racks installed and not live at the end: why, so "live of installed" adds up.
void not_live_text(std::ostream& out, const StateRow& f, int pod_racks) {
  if (f.held.commissioning > 0) {
    out << "  installed, not live " << plural(f.held.commissioning, "rack", "racks")
        << " in commissioning or waiting for the rest of their pod (pods of " << pod_racks
        << " racks go live whole)\n";
  }
  const std::int64_t stuck =
      f.racks_installed - f.live.racks - f.racks_retired - f.held.commissioning - f.held.grid_power;
  if (stuck > 0) {
    out << "  installed, stuck    " << plural(stuck, "installed rack", "installed racks")
        << " cannot go live by the end (in never admitted, below): the rest of their pod\n"
        << "                      cannot be installed (pods of " << pod_racks
        << " racks go live whole), or the grid does not carry them by the end\n";
  }
  if (f.held.grid_power > 0) {
    out << "  commissioned        " << plural(f.held.grid_power, "rack", "racks") << " waiting for grid power\n";
  }
}

// Capex all-in, per GW live on the basis, NVIDIA content and the split by category (as summary.json's capex).
void capex_text(std::ostream& out, const RunRecord& r, const char* basis) {
  const StateRow& f = r.final_state;
  const double gw = f.live_capacity_mw / 1e3;
  const double nvidia =
      models::scope_usd(f.capex, models::CapexScope::kNvidiaContent, r.nvidia_networking_share);
  // Per GW live: of what the fleet holds at the end (racks retired by then left out).
  const models::CapexBreakdown held = held_capex(r);
  const double held_nvidia = models::scope_usd(held, models::CapexScope::kNvidiaContent, r.nvidia_networking_share);
  const bool retired = r.retired_capex.total_usd() > 0.0;
  out << "  capex               " << money(f.capex_usd) << " all-in";
  if (gw > 0.0) {
    out << ", " << money(held.total_usd() / gw) << " per GW live (" << basis << " basis"
        << (retired ? "; without the " + money(r.retired_capex.total_usd()) + " of racks retired" : std::string())
        << ")";
  }
  out << "; NVIDIA content " << money(nvidia);
  if (gw > 0.0) out << " (" << money(held_nvidia / gw) << " per GW)";
  out << "\n  capex by category  ";
  std::size_t k = 0;
  for (const models::CapexCategory c : models::kCapexCategories) {
    out << (k == 0 ? " " : k == 3 ? ",\n                      " : ", ") << words(c) << " " << money(f.capex[c]);
    ++k;
  }
  out << "\n";
}

std::string signed_money(double usd) { return usd < 0.0 ? "-" + money(-usd) : money(usd); }

// The finance block: what it is (project cash before financing, priced as the scenario says) and its headline.
void finance_text(std::ostringstream& out, const RunRecord& r) {
  const FinanceOutcome& f = r.finance;
  char line[160];
  std::snprintf(line, sizeof line, "%.1f%%", 100.0 * f.discount_rate);
  out << "\nMoney (finance.csv: the project's cash before financing, discounted at " << line
      << " from the start; not a financing plan)\n";
  out << "  NPV                 " << signed_money(f.npv_usd) << " incl. terminal value, of which terminal "
      << signed_money(f.terminal_value_npv_usd) << " (" << money(f.terminal_value_usd) << " at the end); "
      << signed_money(f.npv_usd - f.terminal_value_npv_usd) << " without it\n";
  out << "  book value          " << money(f.book_value_usd) << " at the end: capex in service less depreciation "
      << money(f.depreciation_usd);
  if (f.write_off_usd > 0.0) out << " and write-offs " << money(f.write_off_usd) << " (racks retired)";
  out << "\n";
  if (f.terminal_value_usd > 0.0 && f.terminal_value_usd != f.book_value_usd) {
    out << "                      (the terminal value adds " << money(f.terminal_value_usd - f.book_value_usd)
        << " of capex paid for equipment not yet in service)\n";
  }
  if (f.irr) {
    // From the value summary.json holds (4 decimals), so that every output rounds the same number.
    std::snprintf(line, sizeof line, "%.1f%%", 100.0 * (std::round(*f.irr * 1e4) / 1e4));
    out << "  IRR                 " << line << " incl. terminal value" << (f.irr_roots > 1 ? " (several roots)" : "")
        << "\n";
  } else {
    out << "  IRR                 none: no rate from -99% to 100,000% a year sets the NPV to 0\n";
  }
  const bool contract = r.revenue_basis == models::RevenueBasis::kCapacity;
  out << "  revenue             " << money(f.revenue_usd)
      << (contract ? " from the capacity contract (every live IT MW-year, used or not)" : " inference sold");
  if (f.revenue_per_it_mw_year_usd) out << " (" << money(*f.revenue_per_it_mw_year_usd) << " per IT MW-year)";
  if (!contract) out << "; " << money(f.capacity_revenue_usd) << " if all live capacity were sold";
  out << "\n";
  if (f.breakeven_utilization) {
    std::snprintf(line, sizeof line, "%.1f%%", 100.0 * *f.breakeven_utilization);
    out << "  break-even          NPV 0 at " << line
        << (contract ? " of the contract price" : " of the live capacity sold at these prices") << "\n";
  } else {
    out << "  break-even          none: the NPV stays below 0 even with "
        << (contract ? "the whole contract price" : "all live capacity sold at these prices") << "\n";
  }
  if (contract) {
    out << "  training            the customer's: a capacity contract sells the capacity, not its use\n";
  } else if (f.training_transfer_share > 0.0) {
    std::snprintf(line, sizeof line, "%.0f%%", 100.0 * f.training_transfer_share);
    out << "  training            valued at " << line << " of the market price: " << money(f.training_value_usd)
        << " (a transfer price, not cash)\n";
  } else {
    out << "  training            excluded: the operator's own training earns no revenue";
    if (f.npv_training_at_market_usd) {
      out << "; valued at market prices the NPV would be " << signed_money(*f.npv_training_at_market_usd)
          << " (finance.revenue.training_transfer_share: 100%)";
    }
    out << "\n";
  }
  out << "  peak funding need   " << money(f.peak_funding_usd);
  if (!f.peak_funding_date.empty()) out << " on " << f.peak_funding_date;
  out << "; payback " << (f.payback_date.empty() ? "not by the end" : f.payback_date) << "\n";
  if (f.equity_in_usd > 0.0 || f.debt_drawn_usd > 0.0) {
    out << "  investment received " << money(f.equity_in_usd) << " equity, " << money(f.debt_drawn_usd)
        << " loans drawn (" << money(f.debt_service_usd) << " of debt service paid); cash after financing at the end "
        << signed_money(f.cumulative_cash_usd) << "\n";
    out << "  after financing     peak funding need " << money(f.peak_funding_after_financing_usd);
    if (!f.peak_funding_after_financing_date.empty()) out << " on " << f.peak_funding_after_financing_date;
    out << " (what the owner still funds once the investment and loans are in)\n";
  }
}

// Fuel, batteries and training swings, when the run has any of them.
void power_levers_text(std::ostream& out, const RunRecord& r) {
  const StateRow& f = r.final_state;
  const bool generation = f.generation_energy_mwh > 0.0 || f.capex[models::CapexCategory::kOnsiteGeneration] > 0.0;
  const bool battery = f.capex[models::CapexCategory::kBatteryStorage] > 0.0;
  if (!generation && !battery && !r.swings_stated) return;
  out << "\nOn-site power\n";
  if (generation) {
    out << "  generation          " << fixed(f.generation_energy_mwh / 1e3, 1) << " GWh; fuel "
        << with_commas(std::llround(f.fuel_mmbtu)) << " MMBtu (HHV, full-load heat rate: a lower bound), "
        << money(f.fuel_cost_usd) << "\n";
    for (const SiteOutcome& site : r.site_outcomes) {
      if (site.generation_in_service_date.empty()) continue;
      out << "  " << site.name << std::string(site.name.size() < 18 ? 18 - site.name.size() : 1, ' ')
          << "  generation in service " << site.generation_in_service_date << ", first racks ready "
          << (site.first_ready_date.empty() ? "never" : site.first_ready_date);
      if (site.bridge_float_days) {
        const std::int64_t d = *site.bridge_float_days;
        out << (d >= 0 ? ": the bridge had " + plural(d, "day", "days") + " of float"
                       : ": racks waited " + plural(-d, "day", "days") + " for the bridge");
      }
      out << "\n";
    }
  }
  if (battery) {
    out << "  batteries           " << fixed(f.battery_discharged_mwh / 1e3, 1)
        << " GWh discharged (peak shaving; a battery acts only in hourly runs, when the grid is short within a day, "
           "or for training swings)\n";
  }
  if (r.swings_stated) {
    const SwingTotals& w = r.swing;
    out << "  training swings     largest " << fixed(w.peak_swing_mw, 1) << " MW of GPU-rack power; ";
    if (w.capped_days == 0) {
      out << "always covered";
    } else {
      out << "capped up to " << fixed(w.peak_capped_mw, 1) << " MW on " << plural(w.capped_days, "day", "days") << " ("
          << with_commas(std::llround(w.capped_mwh)) << " MW x h)";
    }
    out << "; covered at most by racks " << fixed(w.peak_rack_mw, 1) << " MW, batteries " << fixed(w.peak_battery_mw, 1)
        << " MW, headroom " << fixed(w.peak_headroom_mw, 1) << " MW, generation ramping "
        << fixed(w.peak_generation_mw, 1) << " MW\n";
  }
}

// Each site's first racks live and what bound it most (summary.json sites[]).
void sites_text(std::ostream& out, const RunRecord& r) {
  if (r.site_outcomes.size() < 2) return;
  out << "\nSites (first racks live; the constraint that held the most of its racks back on most pending days)\n";
  for (const SiteOutcome& site : r.site_outcomes) {
    out << "  " << site.name << std::string(site.name.size() < 18 ? 18 - site.name.size() : 1, ' ') << "  "
        << (site.first_live_date.empty() ? "never live     " : site.first_live_date + " live");
    Constraint top = Constraint::kNone;
    for (Constraint c : kAllConstraints)
      if (site.binding_days[c] > 0 && (top == Constraint::kNone || site.binding_days[c] > site.binding_days[top])) top = c;
    if (top != Constraint::kNone && site.days_with_racks_pending > 0) {
      out << "; " << words(top) << " " << percent(static_cast<double>(site.binding_days[top]) /
                                                  static_cast<double>(site.days_with_racks_pending))
          << " of its " << with_commas(site.days_with_racks_pending) << " pending days";
    }
    out << "\n";
  }
}

}  // namespace

// Failures, repairs and the reference training job (summary.json's reliability block).
void fleet_health_text(std::ostream& out, const RunRecord& r) {
  const ReliabilityOutcome& h = r.reliability;
  out << "\nFleet health (reliability: failures per platform from the catalog, docs/models.md)\n";
  if (!h.enabled) {
    out << "  failures            not simulated (reliability.enabled: false): every live rack is available\n";
  } else {
    const std::int64_t total = h.failures[0] + h.failures[1] + h.failures[2] + h.failures[3];
    out << "  failures            " << with_commas(total) << " over the run: " << with_commas(h.failures[0]) << " GPU, "
        << with_commas(h.failures[1]) << " HBM, " << with_commas(h.failures[2]) << " network, "
        << with_commas(h.failures[3]) << " rack-level; " << with_commas(h.failures_without_spare)
        << " waited for a repair (no spare on the shelf)\n";
    if (h.availability_average_while_live) {
      out << "  availability        " << fixed(100.0 * *h.availability_average_while_live, 2)
          << "% of the live compute in service on average while live; peak " << fixed(h.peak_racks_in_repair, 1)
          << " rack-equivalents in repair\n";
    }
  }
  if (h.goodput) {
    out << "  training job        " << with_commas(std::llround(h.job_packages)) << " packages on the last day's mix: ";
    if (h.job_interruptions_per_day && h.job_mtbf_hours) {
      out << fixed(*h.job_interruptions_per_day, 2) << " interruptions a day (MTBF " << fixed(*h.job_mtbf_hours, 2)
          << " h), ";
    } else {
      out << "no interruptions, ";
    }
    if (h.checkpoint_interval_s) out << "checkpoints every " << fixed(*h.checkpoint_interval_s, 0) << " s, ";
    out << "goodput " << fixed(100.0 * *h.goodput, 1) << "%\n";
  }
}

std::string summary_text(const RunRecord& r, const Manifest& m, const std::string& dir) {
  const StateRow& f = r.final_state;
  std::ostringstream out;
  char line[256];
  out << "gwsim " << m.gwsim_version << " - scenario " << m.scenario_name << " (" << m.start_date << " to "
      << m.end_date << ", step " << m.output_step << ", " << m.pod_racks << " rack(s) per pod, seed " << m.seed
      << ")\n\n";
  key_dates_text(out, r);
  out << "  (grid basis: racks admitted against " << percent(r.grid_firm_share)
      << " of each interconnect's stated capacity, power_chain.redundancy_headroom "
      << percent(1.0 - r.grid_firm_share)
      << (r.grid_firm_share >= 1.0 ? ": every rating taken as firm, no N-1 margin)\n" : ")\n");
  out << "\nAt " << models::to_iso(f.date) << " (the last day; averages over the run follow)\n";
  const bool it = r.gw_basis == models::GwBasis::kIt;
  const char* basis = it ? "IT" : "facility";
  out << "  live capacity       " << fixed(f.live_capacity_mw, 1) << " MW " << basis << " power at peak";
  if (it) out << " (GPU racks + non-GPU IT share; " << fixed(f.live_facility_capacity_mw, 1) << " MW facility)";
  out << "\n";
  out << "  racks live          " << with_commas(f.live.racks) << " of " << with_commas(f.racks_ordered)
      << " ordered (" << with_commas(f.racks_delivered) << " delivered, " << with_commas(f.racks_installed)
      << " installed" << (f.racks_retired > 0 ? ", " + with_commas(f.racks_retired) + " retired" : std::string())
      << ")\n";
  not_live_text(out, f, m.pod_racks);
  out << "  GPU packages        " << with_commas(f.live.gpu_packages);
  if (f.live_capacity_mw > 0.0) {
    out << " (" << fixed(static_cast<double>(f.live.gpu_packages) * 1e3 / f.live_capacity_mw, 0) << " per GW live)";
  }
  out << "\n";
  out << "  GPU dies            " << with_commas(f.live.gpu_dies) << "\n";
  out << "  compute             " << fixed(f.live.pflops_fp8 / 1e3, 1) << " EFLOP/s FP8, "
      << fixed(f.live.pflops_fp4 / 1e3, 1) << " EFLOP/s FP4 (dense: no 2:4 sparsity)\n";
  if (f.live_capacity_mw > 0.0) {
    out << "  compute per GW      " << fixed(f.live.pflops_fp8 / f.live_capacity_mw, 1) << " EFLOP/s FP8 dense per GW live ("
        << basis << " basis)\n";
  }
  out << "  power drawn         " << fixed(f.it_power_mw, 1) << " MW IT, " << fixed(f.facility_power_mw, 1)
      << " MW facility (peak " << fixed(r.peak_facility_power_mw, 1) << " MW), " << fixed(f.grid_import_mw, 1)
      << " MW at the grid\n";
  out << "  energy              " << fixed(f.energy_mwh / 1e3, 1) << " GWh facility (" << fixed(f.it_energy_mwh / 1e3, 1)
      << " GWh IT, " << fixed(f.grid_energy_mwh / 1e3, 1) << " GWh from the grid)\n";
  out << "  grid draw           " << fixed(average_grid_import_mw(r, m), 1) << " MW average, "
      << fixed(r.peak_grid_import_mw, 1) << " MW peak\n";
  out << "  carbon              " << with_commas(std::llround(f.co2_t + f.co2_generation_t))
      << " tCO2 from all sources: " << with_commas(std::llround(f.co2_t))
      << " from the grid (Scope 2, location-based), " << with_commas(std::llround(f.co2_generation_t))
      << " from on-site generation (Scope 1); upstream methane (Scope 3) not counted\n";
  out << "  water               " << with_commas(std::llround(f.water_m3)) << " m3\n";
  capex_text(out, r, basis);
  out << "  investment          " << money(f.investment_usd)
      << " released by the scenario's investment rules (the deal's terms as stated, e.g. a letter of intent's "
         "per GW; not a contract)\n";
  finance_text(out, r);
  power_levers_text(out, r);
  sites_text(out, r);
  load_text(out, r);
  if (r.demand_stated) {
    out << "\nDemand\n";
    out << "  on the last day     " << fixed(f.demand_pflops / 1e3, 1) << " EFLOP/s asked, "
        << fixed(f.served_pflops / 1e3, 1) << " served, " << fixed(f.unserved_pflops / 1e3, 1) << " not served\n";
    if (r.shortfall_days == 0) {
      out << "  shortfall           none: live capacity met demand every day\n";
    } else {
      out << "  shortfall           " << with_commas(r.shortfall_days) << " days; peak "
          << fixed(r.peak_unserved_pflops / 1e3, 1) << " EFLOP/s not served (" << r.peak_unserved_at << ")\n";
      out << "                      inference short on " << plural(r.inference_shortfall_days, "day", "days")
          << ", training on " << with_commas(r.training_shortfall_days) << " ("
          << (r.serve_first == models::ServeFirst::kTraining ? "training" : "inference")
          << " is served first: demand.serve_first)\n";
    }
    if (r.peak_hour_shortfall_days > r.shortfall_days) {
      out << "  warning: peak hour  " << plural(r.peak_hour_shortfall_days, "day", "days")
          << " short at the daily cycle's peak hour, " << with_commas(r.peak_hour_shortfall_days - r.shortfall_days)
          << " of them not in the shortfall above:\n"
          << "                      daily steps plan on each day's mean demand; run with --step 1h to see the hours\n";
    } else if (r.peak_hour_shortfall_days > 0) {
      out << "  peak hour           short on " << plural(r.peak_hour_shortfall_days, "day", "days")
          << " (the shortfall days above)\n";
    } else {
      out << "  peak hour           none short: every day's peak hour fit\n";
    }
    char served[160];
    std::snprintf(served, sizeof served, "%.2e FLOP over the run: %.2e training, %.2e inference", r.served_eflop * 1e18,
                  r.training_served_eflop * 1e18, r.inference_served_eflop * 1e18);
    out << "  compute served      " << served << " (peak-equivalent)\n";
    if (r.served_eflop > 0.0) {
      out << "  fleet split         over the run, training " << fixed(100.0 * r.training_served_eflop / r.served_eflop, 1)
          << "% and inference " << fixed(100.0 * r.inference_served_eflop / r.served_eflop, 1)
          << "% of the compute served";
      if (f.live.pflops_fp8 > 0.0) {
        out << "; on the last day " << fixed(100.0 * f.training_served_pflops / f.live.pflops_fp8, 1) << "% and "
            << fixed(100.0 * f.inference_served_pflops / f.live.pflops_fp8, 1) << "% of the live compute";
      }
      out << "\n";
    }
    std::snprintf(served, sizeof served, "%.3g a day asked, %.3g served on the last day; %.2e over the run",
                  f.inference_demand_tokens_per_s * 86400.0, f.inference_served_tokens_per_s * 86400.0,
                  r.inference_tokens_served);
    out << "  tokens              " << served << " (input + output)\n";
    if (r.lost_to_cap_eflop > 0.0) {
      char flop[32];
      std::snprintf(flop, sizeof flop, "%.2e", r.lost_to_cap_eflop * 1e18);
      out << "  power limit         withheld " << flop
          << " FLOP of compute over the run (live racks held to their site's grid at the PUE in force, e.g. a\n"
             "                      summer PUE above the one racks were admitted at; and to power_cap when stated)\n";
    }
  }
  fleet_health_text(out, r);
  out << "\nBinding constraints (share of the " << with_commas(r.days_with_racks_pending)
      << " days with racks pending)\n";
  for (Constraint c : kAllConstraints) {
    const std::int64_t n = binding_days_of(r, c);
    if (n == 0) continue;
    std::snprintf(line, sizeof line, "  %-19s %5.1f%% (%lld days)\n", words(c).c_str(),
                  100.0 * static_cast<double>(n) / static_cast<double>(r.days_with_racks_pending),
                  static_cast<long long>(n));
    out << line;
  }
  if (f.never_admitted.total() > 0) {
    out << "  never admitted      " << plural(f.never_admitted.total(), "rack", "racks")
        << " cannot go live by the end, left out of the shares:";
    for (Constraint c : kAllConstraints) {
      if (f.never_admitted.of(c) > 0) out << " " << words(c) << " " << with_commas(f.never_admitted.of(c));
    }
    out << " (events.csv: racks_never_admitted)\n";
  }
  if (r.peak_racks_held_grid > 0) {
    out << "  waiting for power   peak " << plural(r.peak_racks_held_grid, "rack", "racks")
        << " commissioned and held by the grid (" << r.peak_racks_held_grid_at << "); "
        << with_commas(r.rack_days_held_grid) << " rack-days held\n";
  }
  out << "\nFiles in " << dir << ": timeline.csv, sites.csv, events.csv, finance.csv, summary.json\n";
  return out.str();
}

}  // namespace gwsim
