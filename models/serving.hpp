// Serving throughput: tokens per second per rack for a reference model, from a roofline of compute and HBM.
//
// A serving instance is the set of packages one copy of the model is sharded over (an NVLink domain, or part of
// one); a rack holds packages_per_rack / packages_per_instance instances. Per instance, with n packages:
//   C  = n x dense_pflops_per_package x 1e15 x prefill_flops_fraction           achievable FLOP/s
//   BW = n x hbm_tb_per_s_per_package x 1e12 x decode_bandwidth_fraction        achievable HBM bytes/s
//   M  = n x hbm_gb_per_package x 1e9 x hbm_usable_fraction                     HBM for weights and KV cache
// Reference model: N_t total and N_a active parameters, b bytes per parameter, k bytes of KV cache per token of
// context, a attention FLOP per processed token per token of context (4 x layers x query heads x head dim for
// grouped-query attention; 0 to leave attention out), I input and O output tokens per request, and for a mixture
// of experts the routed fraction f = experts per token / routed experts (f = 1 for a dense model).
//   Prefill (compute-bound): t_p = (2 N_a + a x I / 2) / C seconds per input token (the causal mean context
//     of a prompt is I / 2).
//   Decode step with B sequences (each at the mean decode context L = I + O / 2):
//     weights read  W(B) = b x (S + R x (1 - (1 - f)^B)),  R = (N_t - N_a) / (1 - f) routed and S = N_t - R
//                   always-read parameters: each sequence picks experts independently and uniformly, so an
//                   expert is read when any sequence of the batch routes to it (W = b x N_t for a dense model);
//     KV read       B x k x L;
//     t_step = max( (W(B) + B x k x L) / BW ,  B x (2 N_a + a x L) / C )     memory-bound or compute-bound.
//   Prefill and decode share the instance's time: per output token it spends t_step / B decoding and
//   (I / O) x t_p prefilling, so
//     output tokens/s per instance  T_out = 1 / (t_step / B + (I / O) x t_p),   per user T_out / B,
//     output tokens/s per rack      T_out x packages_per_rack / packages_per_instance,
//     tokens processed per rack     the same x (1 + I / O)   (input + output: what a demand in tokens counts).
// The batch B is the largest that satisfies all of:
//   HBM:           b x N_t + B x k x L <= M  (steady state: sequences at the mean context; weights alone > M
//                  means the model does not fit and the instance serves nothing);
//   engine:        B <= max_sequences_per_package x n;
//   interactivity: T_out / B >= min_tokens_per_s_per_user (when > 0; if even B = 1 misses it, nothing is
//                  served at that target).
// Preconditions (for the loader to check): packages_per_instance >= 1 (a rack may hold a fractional number of
// instances), O > 0, fractions in (0, 1], 0 <= N_a <= N_t.
// Not modelled: interconnect (tensor/expert-parallel traffic), prefix caching, speculative decoding, kernel and
// scheduling overheads other than through the fractions and the engine limit, and the activation memory.
// Time to first token is not a limit either: prefill of a 3,000-token prompt takes milliseconds of an instance's
// compute (t_p x I), so a TTFT target is set by queueing and disaggregation, which a steady-state roofline cannot see.
//
// Ceiling and realized rate: the rate above is a ceiling (a benchmark's maximum throughput). A fleet in production
// serves a fraction rho of it (ServingReference::realized_fraction, [assumption], configs/platforms.yaml):
//   realized tokens/s per rack = rho x total_tokens_per_s_per_rack.
// The ceiling is what `gwsim catalog` shows; demand is set against the realized rate (models/demand.hpp).
//
// Parameters and units: dense_pflops_per_package (PFLOP/s at the serving precision, dense: no 2:4 sparsity),
// hbm_tb_per_s_per_package (TB/s, 1e12 B/s), hbm_gb_per_package (GB, 1e9 B), parameters as counts, bytes as
// bytes, fractions in (0, 1]. The default operating point (prefill 50% of peak FLOPS, decode 70% of peak HBM
// bandwidth, 90% of HBM usable, at most 48 concurrent sequences per package) is one set fitted to published
// max-throughput results for H100, H200, B200, GB200 and GB300 (docs/validation.md): every case within a factor
// of 2. The 90% is vLLM's default gpu_memory_utilization [O].
//
// Worked example (checked by tests/unit/serving_test.cpp): 8 packages per instance, 32 per rack, 2 PFLOP/s,
// 4 TB/s, 100 GB each; a dense 70B model at 1 byte per parameter, k = 160,000 B, a = 2,621,440 FLOP,
// I = O = 1,000; prefill 0.5, bandwidth 0.8, HBM 0.9, at most 8 sequences per package:
//   C = 8e15 FLOP/s, BW = 2.56e13 B/s, M = 7.2e11 B, L = 1,500
//   t_p = (1.4e11 + 2,621,440 x 500) / 8e15 = 1.766384e-5 s
//   HBM limit floor((7.2e11 - 7e10) / (160,000 x 1,500)) = floor(2,708.3) = 2,708; engine limit 64: B = 64
//   memory (7e10 + 64 x 2.4e8) / 2.56e13 = 3.334375 ms > compute 64 x 1.4393216e11 / 8e15 = 1.151457 ms
//   T_out = 1 / (3.334375e-3 / 64 + 1.766384e-5) = 14,334.15 tokens/s per instance, 223.97 per user;
//   4 instances per rack: 57,336.6 output and 114,673.2 processed tokens/s per rack.
#pragma once

#include <cstdint>
#include <string>

namespace gwsim::models {

struct ServingHardware {
  double dense_pflops_per_package = 0.0;  // PFLOP/s at the serving precision, dense
  double hbm_tb_per_s_per_package = 0.0;  // TB/s
  double hbm_gb_per_package = 0.0;        // GB
  int packages_per_instance = 1;          // packages one copy of the model is sharded over
  int packages_per_rack = 1;
};

struct ReferenceModel {
  double total_params = 0.0;                     // N_t
  double active_params = 0.0;                    // N_a, per token
  double routed_expert_fraction = 1.0;           // f = experts per token / routed experts; 1 = dense
  double bytes_per_param = 1.0;                  // b: 1 at FP8, 0.5625 at NVFP4 (4 bits + an 8-bit scale per 16)
  double kv_bytes_per_token = 0.0;               // k, all layers
  double attention_flop_per_context_token = 0.0;  // a; 0 leaves the attention term out
  double input_tokens = 0.0;                     // I, per request
  double output_tokens = 1.0;                    // O, per request
};

struct ServingOperatingPoint {
  double prefill_flops_fraction = 0.5;      // of peak dense FLOP/s, for prefill and the decode compute bound
  double decode_bandwidth_fraction = 0.7;   // of peak HBM bandwidth
  double hbm_usable_fraction = 0.9;         // of HBM capacity, for weights and KV cache
  int max_sequences_per_package = 48;       // engine limit on concurrent sequences
  double min_tokens_per_s_per_user = 0.0;   // latency target; 0 = none (maximum throughput)
};

// The precision a platform serves the reference model at (its deployed precision, models/platform.hpp): it picks
// the platform's dense FLOPS (FP8 or FP4) and the bytes per weight.
enum class ServingPrecision { kFp8, kFp4 };
const char* to_string(ServingPrecision precision);  // "fp8", "fp4"

// What a catalog's serving rates are computed for (configs/platforms.yaml, `serving:`): one reference model, its
// request shape, its bytes per weight at each precision, one operating point for every platform (models/platform.hpp
// builds each platform's ServingHardware), and the realized fraction of the ceiling a fleet serves.
struct ServingReference {
  std::string model;  // what the reference model is, in words
  ReferenceModel shape;  // shape.bytes_per_param is set per platform from its precision (roofline_serving)
  double bytes_per_param_fp8 = 1.0;     // b at FP8
  double bytes_per_param_fp4 = 0.5625;  // b at NVFP4: 4 bits + an 8-bit scale per 16 values
  ServingOperatingPoint operating_point;
  // rho: the share of the roofline ceiling a fleet realizes in production (routing, batching, prefix mixes,
  // latency targets, failures, headroom for peaks); 1 when the catalog has no `serving:` section.
  double realized_fraction = 1.0;
  double bytes_per_param(ServingPrecision precision) const {
    return precision == ServingPrecision::kFp4 ? bytes_per_param_fp4 : bytes_per_param_fp8;
  }
};

enum class BatchLimit { kHbm, kEngine, kInteractivity, kWeightsDoNotFit };

struct DecodeStep {
  double memory_s = 0.0;   // bytes read / BW
  double compute_s = 0.0;  // FLOP / C
  double step_s() const { return memory_s > compute_s ? memory_s : compute_s; }
  bool memory_bound() const { return memory_s >= compute_s; }
};

struct ServingRate {
  std::int64_t batch = 0;       // concurrent sequences per instance
  BatchLimit limit = BatchLimit::kHbm;
  std::int64_t hbm_batch_limit = 0;  // largest batch that fits in HBM (0 when the weights alone do not fit)
  DecodeStep decode;
  double prefill_s_per_input_token = 0.0;
  double output_tokens_per_s_per_instance = 0.0;
  double tokens_per_s_per_user = 0.0;
  double output_tokens_per_s_per_rack = 0.0;
  double total_tokens_per_s_per_rack = 0.0;  // input + output
};

// Bytes of weights a decode step reads with `batch` sequences, W(B) above.
double weights_read_bytes(const ReferenceModel& model, double batch);
// Seconds of compute per input token, t_p.
double prefill_s_per_input_token(const ServingHardware& hw, const ReferenceModel& model,
                                 const ServingOperatingPoint& op);
// One decode step of `batch` sequences.
DecodeStep decode_step(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op,
                       std::int64_t batch);
// Largest batch whose weights and KV cache fit in usable HBM; 0 when the weights alone do not fit.
std::int64_t hbm_batch_limit(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op);
// T_out for a given batch (no limits applied); 0 for batch < 1.
double output_tokens_per_s_per_instance(const ServingHardware& hw, const ReferenceModel& model,
                                        const ServingOperatingPoint& op, std::int64_t batch);
// The operating point's batch (the limits above) and the rates it gives.
ServingRate serve(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op);

}  // namespace gwsim::models
