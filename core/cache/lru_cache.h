// sdlab::cache::LruCache — evicts the least recently used entry.
//
// A get or put of a key makes it the most recently used; when the cache is full, a put of a new
// key evicts the entry untouched for longest. Good for workloads with temporal locality; a single
// scan of cold keys flushes it (the weakness LFU answers).
//
// Complexity: O(1) average for every operation. Structure and invariants: see list_cache.h.
//
//   LruCache<std::string, std::string> cache(2);
//   cache.put("a", "1"); cache.put("b", "2");
//   cache.get("a");          // "a" is now most recent
//   cache.put("c", "3");     // evicts "b"
#pragma once

#include "cache/list_cache.h"

namespace sdlab::cache {

template <class K, class V, class Hash = KeyHash<K>>
using LruCache = ListCache<K, V, Order::kRecency, Hash>;

}  // namespace sdlab::cache
