// This file offers the in-memory token buckets behind the rate limits.
#include "rate_limit.h"

#include <algorithm>

namespace sos::serve {

bool RateLimiter::allow(const std::string& key) {
  if (rate_ <= 0) return true;
  auto now = Clock::now();
  std::lock_guard lock(mutex_);
  if (now - last_prune_ > std::chrono::seconds(60)) prune(now);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void RateLimiter::prune(Clock::time_point now) {
  // A bucket that has refilled completely carries no information: drop it,
  // so memory holds only keys seen in the last moments.
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    double elapsed = std::chrono::duration<double>(now - it->second.last).count();
    if (it->second.tokens + elapsed * rate_ >= burst_)
      it = buckets_.erase(it);
    else
      ++it;
  }
  last_prune_ = now;
}

}  // namespace sos::serve
