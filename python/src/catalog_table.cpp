#include "catalog_table.hpp"

#include <sstream>
#include <utility>

#include "models/capex.hpp"
#include "models/gw_basis.hpp"
#include "models/platform.hpp"
#include "models/power_chain.hpp"
#include "sim/io/input_file.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/loader.hpp"

namespace gwsim::python {
namespace {

namespace m = gwsim::models;

// Whether a YAML file is a catalog (a top-level `platforms:` key) rather than a scenario: `gwsim catalog`'s rule.
bool is_catalog_text(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("platforms:", 0) == 0) return true;
  return false;
}

struct Source {
  m::Catalog catalog;
  DefaultPlant plant;
  m::GwBasis basis = m::GwBasis::kIt;
  std::string what;
};

// The catalog and plant to tabulate, or the diagnostics saying why not.
std::optional<Source> read_source(const std::string& file, const std::vector<std::string>& overrides,
                                  std::vector<Diagnostic>& errors) {
  Source source;
  source.plant = builtin_default_plant();
  if (file.empty()) {
    source.catalog = builtin_catalog();
    source.what = "the built-in catalog (configs/platforms.yaml)";
    return source;
  }
  const io::InputText text = io::read_input_file(file);
  if (!text.text) {
    Diagnostics unreadable;
    unreadable.add_unlocated(file, 0, "", "cannot read file: " + text.error);
    errors = unreadable.sorted();
    return std::nullopt;
  }
  if (is_catalog_text(*text.text) && overrides.empty()) {
    Diagnostics diagnostics;
    std::optional<CatalogLoad> load = parse_catalog(*text.text, file, diagnostics);
    if (!load) {
      errors = diagnostics.sorted();
      return std::nullopt;
    }
    source.catalog = std::move(load->catalog);
    source.what = "catalog " + file;
    return source;
  }
  LoadResult loaded = load_scenario(file, LoadOptions{overrides});
  if (!loaded.scenario) {
    errors = std::move(loaded.errors);
    return std::nullopt;
  }
  const Scenario& scenario = *loaded.scenario;
  source.catalog = scenario.catalog;
  source.basis = scenario.gw_basis;
  if (!scenario.sites.empty()) source.plant.chain = scenario.sites.front().power_chain();
  source.plant.facility_capex_per_mw = scenario.finance.facility_capex_per_mw;
  source.plant.nvidia_networking_share = scenario.finance.nvidia_networking_share;
  source.what = "scenario " + file;
  return source;
}

class TableBuilder {
 public:
  explicit TableBuilder(std::size_t rows) : rows_(rows) {}
  template <typename Get>
  void add(std::string name, Get get, const std::vector<m::Platform>& platforms, bool is_date = false) {
    CatalogColumn column{std::move(name), is_date, {}};
    column.cells.reserve(rows_);
    for (const m::Platform& p : platforms) column.cells.emplace_back(get(p));
    columns_.push_back(std::move(column));
  }
  std::vector<CatalogColumn> take() { return std::move(columns_); }

 private:
  std::size_t rows_;
  std::vector<CatalogColumn> columns_;
};

// Per GW on a basis: racks = 1e9 W / the rack's power on the basis (a rate, not rounded), as `gwsim catalog`.
void add_per_gw(TableBuilder& table, const Source& source, m::GwBasis basis) {
  const std::string b(m::to_string(basis));
  const DefaultPlant plant = source.plant;
  const auto racks = [plant, basis](const m::Platform& p) {
    return 1e9 / m::rack_power_on_basis_w(plant.chain, p.peak_power_w, basis);
  };
  const auto capex = [plant, racks](const m::Platform& p) {
    m::CapexBreakdown per_gw = m::rack_capex(p.capex, racks(p));
    per_gw += m::facility_capex(plant.facility_capex_per_mw,
                                racks(p) * m::facility_power_per_rack(plant.chain, p.peak_power_w) / 1e6);
    return per_gw;
  };
  const auto& ps = source.catalog.platforms;
  table.add("racks_per_gw_" + b, racks, ps);
  table.add("gpu_packages_per_gw_" + b, [racks](const m::Platform& p) { return racks(p) * p.gpu_packages; }, ps);
  table.add("gpu_dies_per_gw_" + b, [racks](const m::Platform& p) { return racks(p) * p.gpu_dies; }, ps);
  table.add("pflops_fp8_dense_per_gw_" + b, [racks](const m::Platform& p) { return racks(p) * p.pflops_fp8_dense; },
            ps);
  table.add("capex_per_gw_" + b + "_usd", [capex](const m::Platform& p) { return capex(p).total_usd(); }, ps);
  table.add("nvidia_capex_per_gw_" + b + "_usd", [capex, plant](const m::Platform& p) {
    return m::scope_usd(capex(p), m::CapexScope::kNvidiaContent, plant.nvidia_networking_share);
  }, ps);
}

}  // namespace

CatalogTable catalog_table(const std::string& file, const std::vector<std::string>& overrides) {
  CatalogTable out;
  const std::optional<Source> source = read_source(file, overrides, out.errors);
  if (!source) return out;
  out.source = source->what;
  out.gw_basis = std::string(m::to_string(source->basis));
  const auto& ps = source->catalog.platforms;
  const double realized = source->catalog.serving.realized_fraction;
  using I = std::int64_t;
  TableBuilder t(ps.size());
  t.add("id", [](const m::Platform& p) { return p.id; }, ps);
  t.add("name", [](const m::Platform& p) { return p.name; }, ps);
  t.add("gpu_packages", [](const m::Platform& p) { return I{p.gpu_packages}; }, ps);
  t.add("gpu_dies", [](const m::Platform& p) { return I{p.gpu_dies}; }, ps);
  t.add("peak_power_w", [](const m::Platform& p) { return p.peak_power_w; }, ps);
  t.add("idle_power_w", [](const m::Platform& p) { return p.idle_power_w; }, ps);
  t.add("pflops_fp8_dense", [](const m::Platform& p) { return p.pflops_fp8_dense; }, ps);
  t.add("pflops_fp4_dense", [](const m::Platform& p) { return p.pflops_fp4_dense; }, ps);
  t.add("pflops_fp4_inference", [](const m::Platform& p) { return p.pflops_fp4_inference; }, ps);
  t.add("hbm_gb_per_package", [](const m::Platform& p) { return p.hbm_gb_per_package; }, ps);
  t.add("hbm_tb_per_s_per_package", [](const m::Platform& p) { return p.hbm_tb_per_s_per_package; }, ps);
  t.add("cooling", [](const m::Platform& p) { return std::string(m::to_string(p.cooling)); }, ps);
  t.add("rack_smoothing_share", [](const m::Platform& p) { return p.rack_smoothing_share; }, ps);
  t.add("available", [](const m::Platform& p) { return m::to_iso(p.available); }, ps, true);
  t.add("serving_precision", [](const m::Platform& p) { return std::string(m::to_string(p.serving_precision)); }, ps);
  t.add("serving_packages_per_instance", [](const m::Platform& p) { return I{p.serving_packages_per_instance}; }, ps);
  t.add("serving_tokens_per_s", [](const m::Platform& p) { return p.serving_tokens_per_s; }, ps);
  t.add("serving_rate_from", [](const m::Platform& p) { return std::string(m::to_string(p.serving_rate_from)); }, ps);
  t.add("realized_tokens_per_s", [realized](const m::Platform& p) { return p.serving_tokens_per_s * realized; }, ps);
  t.add("capex_gpu_systems_usd", [](const m::Platform& p) { return p.capex.gpu_systems_usd; }, ps);
  t.add("capex_networking_usd", [](const m::Platform& p) { return p.capex.networking_usd; }, ps);
  t.add("capex_storage_usd", [](const m::Platform& p) { return p.capex.storage_usd; }, ps);
  t.add("capex_rack_usd", [](const m::Platform& p) { return p.capex.total_usd(); }, ps);
  add_per_gw(t, *source, m::GwBasis::kIt);
  add_per_gw(t, *source, m::GwBasis::kFacility);
  out.columns = t.take();
  return out;
}

}  // namespace gwsim::python
