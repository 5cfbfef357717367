#include "models/serving.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace gwsim::models {
namespace {

constexpr double kFlopPerPflop = 1e15;
constexpr double kBytesPerTb = 1e12;
constexpr double kBytesPerGb = 1e9;

double instance_flops(const ServingHardware& hw, const ServingOperatingPoint& op) {
  return hw.packages_per_instance * hw.dense_pflops_per_package * kFlopPerPflop * op.prefill_flops_fraction;
}

double instance_bandwidth(const ServingHardware& hw, const ServingOperatingPoint& op) {
  return hw.packages_per_instance * hw.hbm_tb_per_s_per_package * kBytesPerTb * op.decode_bandwidth_fraction;
}

double instance_usable_hbm(const ServingHardware& hw, const ServingOperatingPoint& op) {
  return hw.packages_per_instance * hw.hbm_gb_per_package * kBytesPerGb * op.hbm_usable_fraction;
}

// L = I + O / 2: a sequence's context half-way through its decode.
double mean_decode_context(const ReferenceModel& model) { return model.input_tokens + model.output_tokens / 2.0; }

double input_per_output(const ReferenceModel& model) { return model.input_tokens / model.output_tokens; }

constexpr double kSecondsPerUs = 1e-6;

}  // namespace

double decode_overhead_s(const ReferenceModel& model, const ServingOperatingPoint& op) {
  return static_cast<double>(std::max(0, model.layers)) * op.decode_overhead_us_per_layer * kSecondsPerUs;
}

std::int64_t engine_batch_limit(const ServingHardware& hw, const ServingOperatingPoint& op) {
  const double limit = op.max_sequences_per_tb_per_s * hw.packages_per_instance * hw.hbm_tb_per_s_per_package;
  // Forgive the last ulps so that a whole product counts whole.
  return static_cast<std::int64_t>(std::floor(limit * (1.0 + 1e-12)));
}

const char* to_string(ServingPrecision precision) { return precision == ServingPrecision::kFp4 ? "fp4" : "fp8"; }

double weights_read_bytes(const ReferenceModel& model, double batch) {
  const double f = model.routed_expert_fraction;
  if (f >= 1.0) return model.bytes_per_param * model.total_params;
  const double routed = (model.total_params - model.active_params) / (1.0 - f);
  // A model whose active parameters are fewer than f of its routed ones has no always-read part.
  const double always = std::max(0.0, model.total_params - routed);
  const double touched = 1.0 - std::pow(1.0 - f, std::max(0.0, batch));
  return model.bytes_per_param * (always + std::min(routed, model.total_params) * touched);
}

double prefill_s_per_input_token(const ServingHardware& hw, const ReferenceModel& model,
                                 const ServingOperatingPoint& op) {
  const double flop =
      2.0 * model.active_params + model.attention_flop_per_context_token * model.input_tokens / 2.0;
  return flop / instance_flops(hw, op);
}

DecodeStep decode_step(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op,
                       std::int64_t batch) {
  const auto b = static_cast<double>(batch);
  const double context = mean_decode_context(model);
  const double bytes = weights_read_bytes(model, b) + b * model.kv_bytes_per_token * context;
  const double flop = b * (2.0 * model.active_params + model.attention_flop_per_context_token * context);
  return DecodeStep{bytes / instance_bandwidth(hw, op), flop / instance_flops(hw, op), decode_overhead_s(model, op)};
}

std::int64_t hbm_batch_limit(const ServingHardware& hw, const ReferenceModel& model,
                             const ServingOperatingPoint& op) {
  const double spare = instance_usable_hbm(hw, op) - model.bytes_per_param * model.total_params;
  if (spare <= 0.0) return 0;
  const double per_sequence = model.kv_bytes_per_token * mean_decode_context(model);
  if (per_sequence <= 0.0) return std::numeric_limits<std::int64_t>::max();
  // Forgive the last ulps so that an exact fit counts, as the rack model does.
  return static_cast<std::int64_t>(std::floor(spare / per_sequence * (1.0 + 1e-12)));
}

double output_tokens_per_s_per_instance(const ServingHardware& hw, const ReferenceModel& model,
                                        const ServingOperatingPoint& op, std::int64_t batch) {
  if (batch < 1) return 0.0;
  const double step_s = decode_step(hw, model, op, batch).step_s();
  const double per_output_s =
      step_s / static_cast<double>(batch) + input_per_output(model) * prefill_s_per_input_token(hw, model, op);
  return 1.0 / per_output_s;
}

namespace {

// Largest batch in [0, upper] whose per-user rate meets the target; the rate falls as the batch grows.
std::int64_t interactivity_limit(const ServingHardware& hw, const ReferenceModel& model,
                                 const ServingOperatingPoint& op, std::int64_t upper) {
  const auto meets = [&](std::int64_t b) {
    return output_tokens_per_s_per_instance(hw, model, op, b) / static_cast<double>(b) >=
           op.min_tokens_per_s_per_user;
  };
  std::int64_t lo = 0;
  std::int64_t hi = upper;
  while (lo < hi) {
    const std::int64_t mid = lo + (hi - lo + 1) / 2;
    if (meets(mid)) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

}  // namespace

ServingRate serve(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op) {
  ServingRate rate;
  rate.prefill_s_per_input_token = prefill_s_per_input_token(hw, model, op);
  if (model.bytes_per_param * model.total_params > instance_usable_hbm(hw, op)) {
    rate.limit = BatchLimit::kWeightsDoNotFit;
    return rate;
  }
  rate.hbm_batch_limit = hbm_batch_limit(hw, model, op);
  const std::int64_t engine = engine_batch_limit(hw, op);
  rate.batch = std::min(rate.hbm_batch_limit, engine);
  rate.limit = rate.hbm_batch_limit <= engine ? BatchLimit::kHbm : BatchLimit::kEngine;
  if (op.min_tokens_per_s_per_user > 0.0) {
    const std::int64_t interactive = interactivity_limit(hw, model, op, rate.batch);
    if (interactive < rate.batch) {
      rate.batch = interactive;
      rate.limit = BatchLimit::kInteractivity;
    }
  }
  if (rate.batch < 1) return rate;
  rate.decode = decode_step(hw, model, op, rate.batch);
  rate.output_tokens_per_s_per_instance = output_tokens_per_s_per_instance(hw, model, op, rate.batch);
  rate.tokens_per_s_per_user = rate.output_tokens_per_s_per_instance / static_cast<double>(rate.batch);
  const double instances_per_rack =
      static_cast<double>(hw.packages_per_rack) / static_cast<double>(hw.packages_per_instance);
  rate.output_tokens_per_s_per_rack = rate.output_tokens_per_s_per_instance * instances_per_rack;
  rate.total_tokens_per_s_per_rack = rate.output_tokens_per_s_per_rack * (1.0 + input_per_output(model));
  return rate;
}

}  // namespace gwsim::models
