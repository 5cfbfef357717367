// Serving throughput: tokens per second per rack for a reference model, from a roofline of compute and HBM.
//
// A serving instance is the set of packages one copy of the model is sharded over (an NVLink domain, or part of
// one); a rack holds packages_per_rack / packages_per_instance instances. Per instance, with n packages:
//   C  = n x dense_pflops_per_package x 1e15 x prefill_flops_fraction           achievable FLOP/s
//   BW = n x hbm_tb_per_s_per_package x 1e12 x decode_bandwidth_fraction        achievable HBM bytes/s
//   M  = n x hbm_gb_per_package x 1e9 x hbm_usable_fraction                     HBM for weights and KV cache
// Reference model: N_t total and N_a active parameters, b bytes per parameter, k bytes of KV cache per token of
// context, a attention FLOP per processed token per token of context (4 x layers x query heads x head dim for
// grouped-query attention; 0 to leave attention out), n_l layers, I input and O output tokens per request, and for a
// mixture of experts the routed fraction f = experts per token / routed experts (f = 1 for a dense model).
//   Prefill (compute-bound): t_p = (2 N_a + a x I / 2) / C seconds per input token (the causal mean context
//     of a prompt is I / 2).
//   Decode step with B sequences (each at the mean decode context L = I + O / 2):
//     weights read  W(B) = b x (S + R x (1 - (1 - f)^B)),  R = (N_t - N_a) / (1 - f) routed and S = N_t - R
//                   always-read parameters: each sequence picks experts independently and uniformly, so an
//                   expert is read when any sequence of the batch routes to it (W = b x N_t for a dense model);
//     KV read       B x k x L;
//     overhead      t_o = n_l x t_l: per layer, the kernel launches, synchronisation and expert-parallel
//                   all-to-all (dispatch and combine) that do not shrink with the batch; it sets the fastest a
//                   user can be served, 1 / t_o tokens/s, however small the batch;
//     t_step = t_o + max( (W(B) + B x k x L) / BW ,  B x (2 N_a + a x L) / C )   memory-bound or compute-bound.
//   Prefill and decode share the instance's time: per output token it spends t_step / B decoding and
//   (I / O) x t_p prefilling, so
//     output tokens/s per instance  T_out = 1 / (t_step / B + (I / O) x t_p),   per user T_out / B,
//     output tokens/s per rack      T_out x packages_per_rack / packages_per_instance,
//     tokens processed per rack     the same x (1 + I / O)   (input + output: what a demand in tokens counts).
// The batch B is the largest that satisfies all of:
//   HBM:           b x N_t + B x k x L <= M  (steady state: sequences at the mean context; weights alone > M
//                  means the model does not fit and the instance serves nothing);
//   engine:        B <= floor(max_sequences_per_tb_per_s x n x HBM TB/s per package): an engine fills its batch
//                  until a step reaches its latency budget, and the sequences a package carries within it grow
//                  with the bandwidth that reads their KV cache;
//   interactivity: T_out / B >= min_tokens_per_s_per_user (when > 0; if even B = 1 misses it, nothing is
//                  served at that target). Per user T_out / B = 1 / (t_step(B) + B x (I / O) x t_p) falls as B
//                  grows and never reaches 1 / t_o: the throughput-interactivity trade-off.
// Preconditions (for the loader to check): packages_per_instance >= 1 (a rack may hold a fractional number of
// instances), O > 0, fractions in (0, 1], 0 <= N_a <= N_t, t_l >= 0, n_l >= 0.
// Not modelled: prefix caching, speculative decoding (multi-token prediction raises the per-user rate 1.8-2.3x at
// batch 1 [O, TensorRT-LLM]), load imbalance across experts and the activation memory, other than through the
// fractions, the engine limit and t_l. Time to first token is not a limit either: prefill of a 3,000-token prompt
// takes milliseconds of an instance's compute (t_p x I), so a TTFT target is set by queueing and disaggregation,
// which a steady-state roofline cannot see.
//
// Ceiling and realized rate: the rate above is a ceiling (a benchmark's maximum throughput). A fleet in production
// serves a fraction rho_p of it, per platform (Platform::realized_fraction, configs/platforms.yaml, calibrated in
// docs/validation.md): realized tokens/s per rack = rho_p x total_tokens_per_s_per_rack. The ceiling is what
// `gwsim catalog` shows beside the realized rate; demand is set against the realized rate (models/demand.hpp).
//
// Parameters and units: dense_pflops_per_package (PFLOP/s at the serving precision, dense: no 2:4 sparsity),
// hbm_tb_per_s_per_package (TB/s, 1e12 B/s), hbm_gb_per_package (GB, 1e9 B), parameters as counts, bytes as
// bytes, fractions in (0, 1], decode_overhead_us_per_layer in microseconds (1e-6 s), max_sequences_per_tb_per_s in
// sequences per TB/s of a package's HBM bandwidth. The default operating point: prefill 50% of peak FLOPS, decode
// 70% of peak HBM bandwidth, 90% of HBM usable (vLLM's default gpu_memory_utilization [O]), 120 us per layer
// (TensorRT-LLM's fastest DeepSeek-R1 decode on 8 B200 at batch 1 without speculation, 111 tokens/s per user [O]
// = 9.0 ms a step, of which the roofline explains ~0.5 ms: the model's 7.32 ms + 0.47 ms gives 128 tokens/s per user,
// a ceiling just above it), and 18 sequences per TB/s (144 per 8 TB/s Blackwell package), fitted with the
// fractions to published max-throughput results for H100, H200, B200, GB200 and GB300 (docs/validation.md):
// every case within a factor of 2.
//
// Worked example (checked by tests/unit/serving_test.cpp): 8 packages per instance, 32 per rack, 2 PFLOP/s,
// 4 TB/s, 100 GB each; a dense 70B model at 1 byte per parameter, k = 160,000 B, a = 2,621,440 FLOP,
// I = O = 1,000, 80 layers; prefill 0.5, bandwidth 0.8, HBM 0.9, 2 sequences per TB/s, 25 us per layer:
//   C = 8e15 FLOP/s, BW = 2.56e13 B/s, M = 7.2e11 B, L = 1,500, t_o = 80 x 25 us = 2 ms
//   t_p = (1.4e11 + 2,621,440 x 500) / 8e15 = 1.766384e-5 s
//   HBM limit floor((7.2e11 - 7e10) / (160,000 x 1,500)) = floor(2,708.3) = 2,708; engine 2 x 8 x 4 = 64: B = 64
//   memory (7e10 + 64 x 2.4e8) / 2.56e13 = 3.334375 ms > compute 64 x 1.4393216e11 / 8e15 = 1.151457 ms
//   t_step = 2 + 3.334375 = 5.334375 ms
//   T_out = 1 / (5.334375e-3 / 64 + 1.766384e-5) = 9,899.67 tokens/s per instance, 154.68 per user (without the
//   overhead: 14,334.15 and 223.97); 4 instances per rack: 39,598.7 output and 79,197.4 processed tokens/s per rack.
//   Per user at batch B (memory-bound): 1 / (2e-3 + 2.734375e-3 + B x (9.375e-6 + 1.766384e-5)); at most
//   1 / 4.7614e-3 = 210.0 at B = 1. A target of 150 allows B <= (1/150 - 4.734375e-3) / 2.703884e-5 = 71.4, above
//   the engine's 64, so it does not bind; a target of 200 allows (5e-3 - 4.734375e-3) / 2.703884e-5 = 9.8: B = 9,
//   200.90 tokens/s per user.
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
  int layers = 0;                                // n_l, transformer layers; 0 leaves the step overhead out
};

struct ServingOperatingPoint {
  double prefill_flops_fraction = 0.5;      // of peak dense FLOP/s, for prefill and the decode compute bound
  double decode_bandwidth_fraction = 0.7;   // of peak HBM bandwidth
  double hbm_usable_fraction = 0.9;         // of HBM capacity, for weights and KV cache
  double max_sequences_per_tb_per_s = 18.0;  // engine limit: sequences per TB/s of a package's HBM bandwidth
  double min_tokens_per_s_per_user = 0.0;   // latency target; 0 = none (maximum throughput)
  double decode_overhead_us_per_layer = 120.0;  // t_l, microseconds each decode step spends per layer off the roofline
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
  // The default rho for a platform that states none (Platform::realized_fraction holds each platform's): the share
  // of the roofline ceiling a fleet realizes in production (routing, batching, prefix mixes, latency targets,
  // failures, headroom for peaks); 1 when the catalog has no `serving:` section.
  double realized_fraction = 1.0;
  double bytes_per_param(ServingPrecision precision) const {
    return precision == ServingPrecision::kFp4 ? bytes_per_param_fp4 : bytes_per_param_fp8;
  }
};

enum class BatchLimit { kHbm, kEngine, kInteractivity, kWeightsDoNotFit };

struct DecodeStep {
  double memory_s = 0.0;    // bytes read / BW
  double compute_s = 0.0;   // FLOP / C
  double overhead_s = 0.0;  // n_l x t_l: paid whatever the batch
  double step_s() const { return overhead_s + (memory_s > compute_s ? memory_s : compute_s); }
  bool memory_bound() const { return memory_s >= compute_s; }
};

struct ServingRate {
  std::int64_t batch = 0;       // concurrent sequences per instance
  BatchLimit limit = BatchLimit::kHbm;
  std::int64_t hbm_batch_limit = 0;  // largest batch that fits in HBM (0 when the weights alone do not fit)
  DecodeStep decode;
  double prefill_s_per_input_token = 0.0;
  double output_tokens_per_s_per_instance = 0.0;
  double tokens_per_s_per_user = 0.0;  // output tokens/s each sequence sees, T_out / B
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
// Seconds of a decode step that do not depend on the batch, t_o = n_l x t_l.
double decode_overhead_s(const ReferenceModel& model, const ServingOperatingPoint& op);
// The engine's batch limit: floor(max_sequences_per_tb_per_s x n x HBM TB/s per package).
std::int64_t engine_batch_limit(const ServingHardware& hw, const ServingOperatingPoint& op);
// Largest batch whose weights and KV cache fit in usable HBM; 0 when the weights alone do not fit.
std::int64_t hbm_batch_limit(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op);
// T_out for a given batch (no limits applied); 0 for batch < 1.
double output_tokens_per_s_per_instance(const ServingHardware& hw, const ReferenceModel& model,
                                        const ServingOperatingPoint& op, std::int64_t batch);
// The operating point's batch (the limits above) and the rates it gives.
ServingRate serve(const ServingHardware& hw, const ReferenceModel& model, const ServingOperatingPoint& op);

}  // namespace gwsim::models
