// This file offers run_server(): the HTTP server's limits, its worker pool,
// the periodic close of waves past their grace period, and a clean stop on
// SIGINT or SIGTERM.
#include "server.h"

#include <signal.h>

#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "admin.h"
#include "clock.h"
#include "endpoint.h"
#include "server_keys.h"
#include "task_queue.h"

namespace sos::serve {

int run_server(const ServeOptions& options) {
  // Signals go to one waiting thread, not to whichever thread they hit.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  auto store = open_store(options.store);
  if (!store.ok()) {
    std::fprintf(stderr, "sos serve: %s\n", store.error().to_string().c_str());
    return 1;
  }
  auto settings = store.value()->settings();
  if (!settings.ok()) {
    std::fprintf(stderr, "sos serve: %s\n", settings.error().to_string().c_str());
    return 1;
  }
  // Keys are files beside the store, never rows in it (docs/sealed-submission.md).
  std::string keys_folder = options.keys.empty() ? default_keys_location(options.store) : options.keys;
  if (keys_folder.empty()) {
    std::fprintf(stderr, "sos serve: a store given as a URL needs --keys FOLDER\n");
    return 1;
  }
  auto ring = KeyRing::open(keys_folder, true);
  if (!ring.ok()) {
    std::fprintf(stderr, "sos serve: %s\n", ring.error().to_string().c_str());
    return 1;
  }
  std::string current_key = ring->current().id;
  Endpoint endpoint(options, std::move(store.value()),
                    std::make_shared<LiveKeyRing>(keys_folder, std::move(ring.value())));

  httplib::Server server;
  server.new_task_queue = [&options] { return new BoundedPool(options.threads, 2); };
  server.set_payload_max_length(options.max_body);
  server.set_keep_alive_max_count(options.keep_alive_requests);
  server.set_keep_alive_timeout(options.keep_alive_seconds);
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.read_timeout_seconds, 0);
  server.set_tcp_nodelay(true);
  endpoint.install(server);

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) port = -1;
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port < 0) {
    std::fprintf(stderr, "sos serve: cannot listen on %s:%d\n", options.host.c_str(), options.port);
    return 1;
  }
  const auto& s = settings.value();
  std::printf("sos serve: store %s (journal_mode=%s, synchronous=%s)\n", options.store.c_str(),
              s.count("journal_mode") ? s.at("journal_mode").c_str() : "?",
              s.count("synchronous") ? s.at("synchronous").c_str() : "?");
  std::printf("sos serve: keys %s (current %s)\n", keys_folder.c_str(), current_key.c_str());
  std::printf("sos serve: listening on http://%s:%d\n", options.host.c_str(), port);
  std::fflush(stdout);

  std::mutex mutex;
  std::condition_variable cv;
  bool stopping = false;
  std::thread closer([&] {
    std::unique_lock lock(mutex);
    while (!cv.wait_for(lock, std::chrono::seconds(options.close_check_seconds), [&] { return stopping; })) {
      lock.unlock();
      auto closed = close_due_waves(endpoint.store(), now_seconds());
      if (!closed.ok())
        std::fprintf(stderr, "sos serve: closing waves: %s\n", closed.error().to_string().c_str());
      else if (closed.value() > 0)
        std::printf("sos serve: closed %d wave(s) past their grace period\n", closed.value());
      std::fflush(stdout);
      lock.lock();
    }
  });
  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    {
      std::lock_guard lock(mutex);
      stopping = true;
    }
    cv.notify_all();
    server.stop();
  });

  bool ok = server.listen_after_bind();
  {
    std::lock_guard lock(mutex);
    if (!stopping) {
      // listen failed on its own: wake the signal waiter too.
      stopping = true;
      pthread_kill(waiter.native_handle(), SIGTERM);
    }
  }
  cv.notify_all();
  closer.join();
  waiter.join();
  std::printf("sos serve: stopped\n");
  return ok ? 0 : 1;
}

}  // namespace sos::serve
