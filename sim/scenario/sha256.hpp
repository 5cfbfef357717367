// SHA-256 (FIPS 180-4) for the scenario hash that ties a run's outputs to the exact input files: a thin wrapper over
// OpenSSL's libcrypto (EVP digests), so the hash is the system's audited implementation rather than our own.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace gwsim {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(std::string_view bytes);
  // Lowercase hex of the digest. Call once; the object is spent afterwards.
  std::string hex_digest();

 private:
  struct Context;  // OpenSSL's EVP_MD_CTX, kept out of this header (libcrypto is a private dependency)
  std::unique_ptr<Context> context_;
};

std::string sha256_hex(std::string_view bytes);

}  // namespace gwsim
