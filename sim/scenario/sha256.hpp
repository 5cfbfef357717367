// SHA-256 (FIPS 180-4), for the scenario hash that ties a run's outputs to the exact input files.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace gwsim {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // Lowercase hex of the digest. Call once; the object is spent afterwards.
  std::string hex_digest();

 private:
  void block(const unsigned char* data);

  std::array<std::uint32_t, 8> state_{};
  std::array<unsigned char, 64> buffer_{};
  std::size_t buffered_ = 0;
  std::uint64_t length_bytes_ = 0;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace gwsim
