// This file offers the bounded worker pool with its overflow crew.
#include "task_queue.h"

namespace sos::serve {

namespace {
thread_local bool t_shedding = false;
}

bool BoundedPool::shedding() { return t_shedding; }

BoundedPool::BoundedPool(std::size_t threads, std::size_t overflow_threads) : capacity_(threads) {
  for (std::size_t i = 0; i < threads; ++i) main_.threads.emplace_back([this] { work(main_, false); });
  for (std::size_t i = 0; i < overflow_threads; ++i) overflow_.threads.emplace_back([this] { work(overflow_, true); });
}

BoundedPool::~BoundedPool() { shutdown(); }

void BoundedPool::enqueue(std::function<void()> fn) {
  {
    std::lock_guard lock(mutex_);
    // A connection waits for a worker only while one is about to be free;
    // otherwise it is told to come back instead of queueing behind idlers.
    bool full = main_.busy + main_.jobs.size() >= capacity_;
    (full ? overflow_ : main_).jobs.push_back(std::move(fn));
  }
  cv_.notify_all();
}

void BoundedPool::work(Lane& lane, bool shed) {
  t_shedding = shed;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      cv_.wait(lock, [&] { return stopping_ || !lane.jobs.empty(); });
      if (lane.jobs.empty()) return;
      fn = std::move(lane.jobs.front());
      lane.jobs.pop_front();
      ++lane.busy;
    }
    fn();
    std::lock_guard lock(mutex_);
    --lane.busy;
  }
}

void BoundedPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  cv_.notify_all();
  for (auto* lane : {&main_, &overflow_})
    for (auto& t : lane->threads)
      if (t.joinable()) t.join();
}

}  // namespace sos::serve
