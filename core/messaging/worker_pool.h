// sdlab::messaging::WorkerPool — a fixed pool of native threads running callables from one shared
// priority queue: the real-thread counterpart of JobProcessor's simulated workers.
//
// submit(task, priority) queues a task: the highest priority runs first, FIFO among equals. The
// threads wait on one condition variable, take the first task under the lock and run it outside the
// lock, so tasks run in parallel. shutdown() stops taking tasks (submit returns false from then
// on), then either lets the threads run every queued task (kDrain) or drops the tasks not yet
// started (kDiscard), and joins the threads; it may be called more than once and from several
// threads (all return after the join). The destructor drains. A task that throws is counted as
// failed and its thread goes on. wait_idle() blocks until no task is queued or running.
//
//   WorkerPool pool(4);
//   pool.submit([] { resize("a.png"); }, /*priority=*/1);
//   pool.shutdown(WorkerPool::Shutdown::kDrain);
//
// Native only: the core never needs threads and the WebAssembly build has none; the page shows a
// pool with the deterministic JobProcessor instead. Complexity: submit and each take O(log queued)
// under one mutex. Invariants: every accepted task runs exactly once, unless a discarding shutdown
// drops it before it starts; once shut down, accepted == completed + failed + dropped.
// Thread-safety: every member may be called from any thread, submit also from inside a task;
// shutdown and wait_idle must not be called from a task (the thread would wait for itself).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace sdlab::messaging {

class WorkerPool {
 public:
  using Task = std::function<void()>;
  enum class Shutdown { kDrain, kDiscard };
  struct Stats {
    std::uint64_t accepted = 0;
    std::uint64_t completed = 0;
    std::uint64_t failed = 0;  // threw
    std::uint64_t dropped = 0;
  };

  // Precondition: threads >= 1.
  explicit WorkerPool(std::uint32_t threads) {
    threads_.reserve(threads);
    for (std::uint32_t i = 0; i < threads; ++i) threads_.emplace_back([this] { work(); });
  }
  ~WorkerPool() { shutdown(Shutdown::kDrain); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  // False, and the task is not kept, once shutdown has begun.
  bool submit(Task task, std::int32_t priority = 0) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return false;
      queue_.emplace(std::pair{-std::int64_t{priority}, sequence_++}, std::move(task));
      ++stats_.accepted;
    }
    ready_.notify_one();
    return true;
  }

  void shutdown(Shutdown how = Shutdown::kDrain) {
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
      if (how == Shutdown::kDiscard) {
        stats_.dropped += queue_.size();
        queue_.clear();
        if (running_ == 0) idle_.notify_all();
      }
    }
    ready_.notify_all();
    const std::lock_guard<std::mutex> joining(join_mutex_);
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

  void wait_idle() {
    std::unique_lock<std::mutex> lock(mutex_);
    idle_.wait(lock, [this] { return queue_.empty() && running_ == 0; });
  }

  Stats stats() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return stats_;
  }

 private:
  void work() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      ready_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, nothing left to run
      Task task = std::move(queue_.extract(queue_.begin()).mapped());
      ++running_;
      lock.unlock();
      bool ok = true;
      try {
        task();
      } catch (...) {
        ok = false;
      }
      task = nullptr;  // the task's captures die outside the lock
      lock.lock();
      --running_;
      ++(ok ? stats_.completed : stats_.failed);
      if (queue_.empty() && running_ == 0) idle_.notify_all();
    }
  }

  mutable std::mutex mutex_;
  std::condition_variable ready_;  // a task was queued, or shutdown began
  std::condition_variable idle_;   // nothing queued or running
  std::map<std::pair<std::int64_t, std::uint64_t>, Task> queue_;  // (−priority, sequence)
  std::uint64_t sequence_ = 0;
  std::uint32_t running_ = 0;
  bool stopping_ = false;
  Stats stats_;
  std::mutex join_mutex_;  // one shutdown joins; the others wait for it
  std::vector<std::thread> threads_;
};

}  // namespace sdlab::messaging
