// The server's worker pool: a fixed number of connection threads, and when
// they are all taken, a small overflow crew that only answers "503, try
// again" so that idle or slow clients cannot stall the server.
#pragma once

#include <httplib.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace sos::serve {

class BoundedPool : public httplib::TaskQueue {
 public:
  BoundedPool(std::size_t threads, std::size_t overflow_threads);
  ~BoundedPool() override;
  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on a thread of the overflow crew: the request gets a 503.
  static bool shedding();

 private:
  struct Lane {
    std::deque<std::function<void()>> jobs;
    std::vector<std::thread> threads;
    std::size_t busy = 0;
  };
  void work(Lane& lane, bool shed);

  std::mutex mutex_;
  std::condition_variable cv_;
  Lane main_, overflow_;
  std::size_t capacity_;
  bool stopping_ = false;
};

}  // namespace sos::serve
