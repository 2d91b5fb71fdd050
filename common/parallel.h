// common/parallel.h: run independent work items on a few threads.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <thread>
#include <vector>

namespace byline {

/// Calls fn(i) for every i in [0, n), on up to `threads` threads (0: one per core). Items are
/// claimed one at a time, so uneven items balance. fn must not throw and must only touch item i.
template <typename Fn>
void parallel_for(size_t n, Fn&& fn, unsigned threads = 0) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  threads = static_cast<unsigned>(std::min<size_t>(threads, n));
  if (threads <= 1) {
    for (size_t i = 0; i < n; ++i) fn(i);
    return;
  }
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t i; (i = next.fetch_add(1)) < n;) fn(i);
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (auto& t : pool) t.join();
}

/// Cuts items into consecutive blocks for work done a block at a time: a block ends after
/// `max_items` items, or before the item that would take its `weights` past `max_weight` (a
/// block always holds at least one item, so one heavy item is a block of its own). Returns
/// each block's end index, in order.
inline std::vector<size_t> block_ends(const std::vector<uint64_t>& weights, size_t max_items,
                                      uint64_t max_weight) {
  std::vector<size_t> ends;
  size_t count = 0;
  uint64_t weight = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (count > 0 && (count == max_items || weight + weights[i] > max_weight)) {
      ends.push_back(i);
      count = 0;
      weight = 0;
    }
    ++count;
    weight += weights[i];
  }
  if (count > 0) ends.push_back(weights.size());
  return ends;
}

}  // namespace byline
