// WorkerPool under real threads (run under ThreadSanitizer with the native-tsan preset): every task
// runs once, priorities order the queue, both shutdowns, throwing tasks, concurrent submitters
// racing a shutdown. The WebAssembly build has no threads, so these tests skip there.
#include "messaging/worker_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace sdlab::messaging {
namespace {

#ifdef __EMSCRIPTEN__
#define SKIP_WITHOUT_THREADS() GTEST_SKIP() << "this WebAssembly build has no threads"
#else
#define SKIP_WITHOUT_THREADS() static_cast<void>(0)
#endif

// A task that holds its thread until open() is called; submit() returns once a thread runs it.
struct Gate {
  std::promise<void> opening, starting;
  std::shared_future<void> opened = opening.get_future().share();
  void submit(WorkerPool& pool) {
    std::future<void> started = starting.get_future();
    ASSERT_TRUE(pool.submit([this] {
      starting.set_value();
      opened.wait();
    }));
    started.wait();
  }
  void open() { opening.set_value(); }
};

TEST(WorkerPool, RunsEveryTaskExactlyOnceAcrossThreads) {
  SKIP_WITHOUT_THREADS();
  std::vector<std::atomic<int>> runs(2'000);
  WorkerPool pool(4);
  for (std::atomic<int>& r : runs) ASSERT_TRUE(pool.submit([&r] { ++r; }));
  pool.wait_idle();
  for (std::size_t i = 0; i < runs.size(); ++i) ASSERT_EQ(runs[i].load(), 1) << i;
  EXPECT_EQ(pool.stats().completed, 2'000u);
}

TEST(WorkerPool, HighestPriorityFirstAndFifoAmongEquals) {
  SKIP_WITHOUT_THREADS();
  Gate gate;
  WorkerPool pool(1);
  gate.submit(pool);
  std::mutex m;
  std::vector<std::string> order;
  for (const auto& [name, priority] : std::vector<std::pair<std::string, int>>{
           {"low", -5}, {"high-1", 7}, {"mid", 0}, {"high-2", 7}}) {
    ASSERT_TRUE(pool.submit(
        [&, name = name] {
          const std::lock_guard<std::mutex> lock(m);
          order.push_back(name);
        },
        priority));
  }
  gate.open();
  pool.wait_idle();
  EXPECT_EQ(order, (std::vector<std::string>{"high-1", "high-2", "mid", "low"}));
}

TEST(WorkerPool, DrainingShutdownRunsWhatWasQueuedThenRefusesNewTasks) {
  SKIP_WITHOUT_THREADS();
  Gate gate;
  WorkerPool pool(2);
  std::atomic<int> ran{0};
  gate.submit(pool);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.submit([&] { ++ran; }));
  std::thread opener([&] { gate.open(); });
  pool.shutdown(WorkerPool::Shutdown::kDrain);
  opener.join();
  EXPECT_EQ(ran.load(), 10);
  EXPECT_FALSE(pool.submit([&] { ++ran; }));
  pool.shutdown();  // again: nothing left to do
  const WorkerPool::Stats s = pool.stats();
  EXPECT_EQ(s.accepted, 11u);
  EXPECT_EQ(s.completed, 11u);
  EXPECT_EQ(s.dropped, 0u);
}

TEST(WorkerPool, DiscardingShutdownDropsTasksNotYetStarted) {
  SKIP_WITHOUT_THREADS();
  Gate gate;
  WorkerPool pool(1);
  std::atomic<int> ran{0};
  gate.submit(pool);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(pool.submit([&] { ++ran; }));
  std::thread stopper([&] { pool.shutdown(WorkerPool::Shutdown::kDiscard); });
  while (pool.stats().dropped == 0) std::this_thread::yield();  // the queue is cleared
  gate.open();  // the running task finishes; the thread then exits
  stopper.join();
  EXPECT_EQ(ran.load(), 0);
  const WorkerPool::Stats s = pool.stats();
  EXPECT_EQ(s.dropped, 10u);
  EXPECT_EQ(s.completed, 1u);
  EXPECT_EQ(s.accepted, s.completed + s.failed + s.dropped);
}

TEST(WorkerPool, AThrowingTaskIsCountedAndItsThreadGoesOn) {
  SKIP_WITHOUT_THREADS();
  WorkerPool pool(1);
  std::atomic<int> ran{0};
  ASSERT_TRUE(pool.submit([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(pool.submit([&] { ++ran; }));
  pool.wait_idle();
  EXPECT_EQ(ran.load(), 1);
  EXPECT_EQ(pool.stats().failed, 1u);
  EXPECT_EQ(pool.stats().completed, 1u);
}

TEST(WorkerPool, TasksMaySubmitTasksAndTheDestructorDrains) {
  SKIP_WITHOUT_THREADS();
  std::atomic<int> ran{0};
  {
    WorkerPool pool(3);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(pool.submit([&] {
        ++ran;
        pool.submit([&] { ++ran; });
      }));
    }
  }
  // The destructor's drain runs every task queued before the shutdown began; a child submitted
  // after that is refused, so between 100 and 200 ran, and all 200 when the pool went idle first.
  EXPECT_GE(ran.load(), 100);
  EXPECT_LE(ran.load(), 200);
  ran = 0;
  {
    WorkerPool pool(3);
    for (int i = 0; i < 100; ++i) {
      ASSERT_TRUE(pool.submit([&] {
        ++ran;
        pool.submit([&] { ++ran; });
      }));
    }
    pool.wait_idle();
  }
  EXPECT_EQ(ran.load(), 200);
}

// Submitters on four threads race a discarding shutdown: every accepted task either ran once or was
// dropped, none ran twice, and nothing is accepted after the shutdown began.
TEST(WorkerPool, ConcurrentSubmittersRacingAShutdownLoseNothing) {
  SKIP_WITHOUT_THREADS();
  for (int round = 0; round < 20; ++round) {
    WorkerPool pool(3);
    std::atomic<std::uint64_t> ran{0}, accepted{0};
    std::vector<std::thread> submitters;
    for (int t = 0; t < 4; ++t) {
      submitters.emplace_back([&] {
        for (int i = 0; i < 500; ++i) {
          if (pool.submit([&] { ++ran; }, i % 3)) ++accepted;
        }
      });
    }
    std::thread stopper([&] {
      while (pool.stats().accepted < 300) std::this_thread::yield();
      pool.shutdown(round % 2 ? WorkerPool::Shutdown::kDiscard : WorkerPool::Shutdown::kDrain);
    });
    for (std::thread& s : submitters) s.join();
    stopper.join();
    const WorkerPool::Stats s = pool.stats();
    EXPECT_EQ(s.accepted, accepted.load());
    EXPECT_EQ(s.completed, ran.load());
    EXPECT_EQ(s.accepted, s.completed + s.dropped) << "round " << round;
    if (round % 2 == 0) {
      EXPECT_EQ(s.dropped, 0u);
    }
  }
}

}  // namespace
}  // namespace sdlab::messaging
