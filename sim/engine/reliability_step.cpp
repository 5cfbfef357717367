// Fleet health in the engine: component failures, repairs and spares per lot (models/reliability.hpp), stepped at
// every workload step before the plan, so that the plan runs on the effective compute.
//
// Each lot (the racks of one tranche at one site) draws its failures with models::step_lot from ONE uniform per
// component and step: uniform01(seed, replication, stream), the stream the FNV-1a hash of
// "reliability.<site>.<tranche>.<component>" mixed with the step's index (day x 24 + UTC hour, the hour 0 in
// daily steps). A run's failures thus depend only on its seed and replication, never on the order actors run or
// on -j, and a sweep's replication K equals `gwsim run --replication K`. The state is a short sorted list of
// returns per lot and per site shelf: a step costs O(lots), never O(racks).
//
// Packages out of service make rack-equivalents unavailable: a lot's effective racks are its live racks less the
// mean packages out over the step / packages per rack. The workload step (workload_step.cpp) plans on them: they
// serve and draw power above idle; the out-of-service rack-equivalents are idle pods of the lot (they draw idle
// power and do no work). Spares: each site keeps, per platform, floor(spares_share x its live packages of the
// platform / packages_out_per_failure) units, bought as racks go live; a unit swapped out returns to the shelf
// after the repair time. The lots of a site take spares in tranche order.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sim/engine/rollout_state.hpp"
#include "sim/scenario/sampling.hpp"

namespace gwsim::engine {
namespace {

constexpr const char* kComponentNames[models::kFailureComponentCount] = {"gpu", "hbm", "nic", "rack"};

}  // namespace

JobHealth reference_job_health(const Reliability& r, double live_packages, double interruption_weight) {
  JobHealth h;
  if (!(live_packages > 0.0)) return h;
  const double per_package_day = interruption_weight / live_packages;
  h.interruptions_per_day = r.job_packages * per_package_day;
  h.mtbf_s = models::job_mtbf_s(r.job_packages, per_package_day);
  switch (r.interval) {
    case CheckpointInterval::kDaly: h.interval_s = models::daly_interval_s(h.mtbf_s, r.checkpoint_s); break;
    case CheckpointInterval::kYoung: h.interval_s = models::young_interval_s(h.mtbf_s, r.checkpoint_s); break;
    case CheckpointInterval::kFixed: h.interval_s = r.interval_s; break;
  }
  if (std::isinf(h.mtbf_s)) {
    // Nothing interrupts the job: an optimal interval is unbounded (no checkpoint is needed), a fixed one still
    // pays its checkpoints.
    h.goodput = r.interval == CheckpointInterval::kFixed ? r.interval_s / (r.interval_s + r.checkpoint_s) : 1.0;
    h.interval_s = r.interval == CheckpointInterval::kFixed ? r.interval_s : std::numeric_limits<double>::infinity();
    return h;
  }
  h.goodput = models::training_goodput(h.interval_s, r.checkpoint_s, r.restart_s, h.mtbf_s);
  return h;
}

void RolloutState::init_reliability() {
  for (Lot& lot : lots) {
    SiteState& site = sites[lot.site];
    std::size_t k = 0;
    while (k < site.shelves.size() && site.shelves[k].platform != lot.platform) ++k;
    if (k == site.shelves.size()) site.shelves.push_back(SparesShelf{lot.platform, {}, 0, 0});
    lot.shelf = k;
    const std::string base = "reliability." + site.spec->name + "." + tranches[lot.tranche].name + ".";
    for (std::size_t c = 0; c < models::kFailureComponentCount; ++c) {
      lot.streams[c] = sampling::fnv1a64(base + kComponentNames[c]);
    }
    lot.interruptions_per_package_day =
        models::job_interruptions_per_package_day(lot.platform->reliability, lot.platform->gpu_packages);
  }
}

void RolloutState::step_reliability(models::Date day, int hour) {
  const Scenario& s = *scenario;
  const Reliability& r = s.reliability;
  const double dt = hour >= 0 ? 1.0 / 24.0 : 1.0;
  const double start_day = static_cast<double>(day.days) + (hour >= 0 ? hour / 24.0 : 0.0);
  const std::uint64_t step_key =
      static_cast<std::uint64_t>(static_cast<std::int64_t>(day.days) * 24 + (hour >= 0 ? hour : 0));
  const std::uint64_t step_mix = sampling::mix64(step_key);
  const std::uint64_t replication_key = sampling::replication_key(s.seed, s.replication);

  for (SiteState& site : sites) {
    for (SparesShelf& shelf : site.shelves) shelf.live_packages = 0;
    for (std::size_t l : site.lots) {
      const Lot& lot = lots[l];
      site.shelves[lot.shelf].live_packages += lot.live * lot.platform->gpu_packages;
    }
    if (r.enabled) {
      // Spares bought as the site's live packages grow; never sold.
      for (SparesShelf& shelf : site.shelves) {
        const std::int64_t unit = shelf.platform->reliability.components[0].packages_out_per_failure;
        const auto target = static_cast<std::int64_t>(
            std::floor(r.spares_share * static_cast<double>(shelf.live_packages) / static_cast<double>(unit)));
        if (target > shelf.units) {
          shelf.pool.on_shelf += target - shelf.units;
          shelf.units = target;
        }
      }
    }
    site.racks_in_repair = 0.0;
    site.effective_pflops = 0.0;
    site.interruption_weight = 0.0;
    for (std::size_t l : site.lots) {
      Lot& lot = lots[l];
      const models::Platform& p = *lot.platform;
      lot.packages_out_mean = 0.0;
      if (r.enabled && (lot.live > 0 || lot.repairs.packages_out > 0)) {
        double uniforms[models::kFailureComponentCount];
        for (std::size_t c = 0; c < models::kFailureComponentCount; ++c) {
          uniforms[c] = sampling::uniform01(sampling::stream_bits(replication_key, lot.streams[c] ^ step_mix));
        }
        const models::LotStep step = models::step_lot(
            p.reliability, models::LotStepInput{lot.live, p.gpu_packages, start_day, dt},
            std::span<const double, models::kFailureComponentCount>(uniforms), lot.repairs,
            site.shelves[lot.shelf].pool);
        for (std::size_t c = 0; c < models::kFailureComponentCount; ++c) failures[c] += step.failures[c];
        failures_swapped += step.swapped;
        failures_waited += step.waited;
        lot.packages_out_mean = step.packages_out_mean;
      }
      // Units still out when their racks retire count no more (the lot's live racks bound what is out).
      const double out_racks = std::min(lot.packages_out_mean / static_cast<double>(p.gpu_packages),
                                        static_cast<double>(lot.live));
      lot.effective_racks = static_cast<double>(lot.live) - out_racks;
      site.racks_in_repair += out_racks;
      site.effective_pflops += lot.effective_racks * p.pflops_fp8_dense;
      if (r.enabled) {
        site.interruption_weight += static_cast<double>(lot.live * p.gpu_packages) * lot.interruptions_per_package_day;
      }
    }
  }
}

}  // namespace gwsim::engine
