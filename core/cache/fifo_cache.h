// sdlab::cache::FifoCache — evicts the entry inserted longest ago.
//
// Reads never reorder, so a get is a pure lookup (cheap, and lock-friendly in real systems);
// updating a cached key keeps its place in the queue. It ignores popularity: a hot key is evicted
// as soon as it is the oldest.
//
// Complexity: O(1) average for every operation. Structure and invariants: see list_cache.h.
#pragma once

#include "cache/list_cache.h"

namespace sdlab::cache {

template <class K, class V, class Hash = KeyHash<K>>
using FifoCache = ListCache<K, V, Order::kInsertion, Hash>;

}  // namespace sdlab::cache
