// sdlab::sim::Trace — the steps an algorithm reports while it runs.
//
// A block that has inner steps worth seeing takes an optional Trace* and, when it is set, appends
// one Step per decision from inside its real implementation (a lookup, an eviction, a relaxation).
// The page animates those steps; nothing re-implements the algorithm for display.
//
// A Step names what happened (`kind`, a short stable word such as "hit" or "evict"), what it
// happened to (`subject`, usually a key) and says why in a sentence (`note`).
// Cost: nothing when no Trace is attached; one small allocation per step when one is.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace sdlab::sim {

struct Step {
  std::string kind;
  std::string subject;
  std::string note;
};

class Trace {
 public:
  void add(std::string kind, std::string subject, std::string note) {
    steps_.push_back({std::move(kind), std::move(subject), std::move(note)});
  }
  const std::vector<Step>& steps() const { return steps_; }
  void clear() { steps_.clear(); }

 private:
  std::vector<Step> steps_;
};

}  // namespace sdlab::sim
