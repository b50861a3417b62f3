// SlotIndex: the open-addressing index under the list caches. Hashes are chosen by hand so that
// entries collide, wrap around the end of the table and are shifted back on erase.
#include "cache/slot_index.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace sdlab::cache {
namespace {

// Ids are their own keys: the index under test only ever calls is_key(id).
std::uint32_t find(const SlotIndex& index, std::uint32_t hash, std::uint32_t id) {
  return index.find(hash, [&](std::uint32_t candidate) { return candidate == id; });
}

TEST(SlotIndex, EmptyFindsNothing) {
  SlotIndex index;
  EXPECT_EQ(find(index, 0, 0), SlotIndex::kNone);
  EXPECT_EQ(index.size(), 0u);
  EXPECT_EQ(index.slot_count(), 0u);
}

TEST(SlotIndex, GrowsBeforeThreeQuartersFull) {
  SlotIndex index;
  for (std::uint32_t id = 0; id < 6; ++id) index.insert(SlotIndex::mix(id), id);
  EXPECT_EQ(index.slot_count(), 8u);  // 6 of 8 = 3/4
  index.insert(SlotIndex::mix(6), 6);
  EXPECT_EQ(index.slot_count(), 16u);
  for (std::uint32_t id = 0; id < 7; ++id) EXPECT_EQ(find(index, SlotIndex::mix(id), id), id);
}

TEST(SlotIndex, EqualHashesAllFoundAndErasedInAnyOrder) {
  SlotIndex index;
  constexpr std::uint32_t kSame = 0xFFFFFFFFu;  // home: the last slot, so the run wraps around
  for (std::uint32_t id = 0; id < 5; ++id) index.insert(kSame, id);
  for (std::uint32_t id = 0; id < 5; ++id) EXPECT_EQ(find(index, kSame, id), id);
  for (std::uint32_t id : {2u, 0u, 4u}) {
    index.erase(kSame, id);
    EXPECT_EQ(find(index, kSame, id), SlotIndex::kNone);
  }
  EXPECT_EQ(find(index, kSame, 1), 1u);
  EXPECT_EQ(find(index, kSame, 3), 3u);
  EXPECT_EQ(index.size(), 2u);
}

TEST(SlotIndex, EraseShiftsFollowersBackAcrossTheWrap) {
  SlotIndex index;
  // In 8 slots the top 3 bits pick the home: 0x00… -> 0, 0x20… -> 1, 0xE0… -> 7.
  index.insert(0x00000000u, 0);  // slot 0
  index.insert(0x00000001u, 1);  // home 0, slot 1
  index.insert(0x20000000u, 2);  // home 1, slot 2
  index.insert(0xE0000000u, 3);  // home 7, slot 7
  index.insert(0xE0000001u, 4);  // home 7, wraps to slot 3
  index.erase(0x00000000u, 0);
  for (auto [hash, id] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{
           {0x00000001u, 1}, {0x20000000u, 2}, {0xE0000000u, 3}, {0xE0000001u, 4}}) {
    EXPECT_EQ(find(index, hash, id), id) << id;
  }
  index.erase(0xE0000000u, 3);
  EXPECT_EQ(find(index, 0xE0000001u, 4), 4u);
}

TEST(SlotIndex, ManyInsertsAndErasesKeepEveryOtherIdFindable) {
  SlotIndex index;
  constexpr std::uint32_t kIds = 10'000;
  for (std::uint32_t id = 0; id < kIds; ++id) index.insert(SlotIndex::mix(id % 97), id);  // 97 hashes
  for (std::uint32_t id = 0; id < kIds; id += 2) index.erase(SlotIndex::mix(id % 97), id);
  EXPECT_EQ(index.size(), kIds / 2);
  for (std::uint32_t id = 0; id < kIds; ++id) {
    EXPECT_EQ(find(index, SlotIndex::mix(id % 97), id), id % 2 ? id : SlotIndex::kNone) << id;
  }
}

TEST(SlotIndex, ClearForgetsEverything) {
  SlotIndex index;
  index.insert(1, 1);
  index.clear();
  EXPECT_EQ(find(index, 1, 1), SlotIndex::kNone);
  index.insert(1, 2);
  EXPECT_EQ(find(index, 1, 2), 2u);
}

}  // namespace
}  // namespace sdlab::cache
