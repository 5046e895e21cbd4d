// In-memory rate limits: token buckets per key (an address or a token's
// hash). Nothing is written anywhere; a restart forgets everything.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sos::serve {

class RateLimiter {
 public:
  // `per_minute` requests a minute on average, up to `burst` at once;
  // per_minute <= 0 switches the limit off.
  RateLimiter(double per_minute, double burst) : rate_(per_minute / 60.0), burst_(burst) {}

  // Takes one request from the key's bucket; false when it is empty.
  bool allow(const std::string& key);

 private:
  using Clock = std::chrono::steady_clock;
  struct Bucket {
    double tokens;
    Clock::time_point last;
  };
  void prune(Clock::time_point now);

  double rate_;
  double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  Clock::time_point last_prune_ = Clock::now();
};

}  // namespace sos::serve
