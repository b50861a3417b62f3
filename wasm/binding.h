// sdlab::wasm binding — how every bindings file registers its part of the JS API, once.
//
//   Class<LruHandle>("LruCache", "A least-recently-used cache of strings.")
//       .constructor<&LruHandle::create>({{"capacity", integer(0, cache::kMaxCapacity)}})
//       .method<&LruHandle::put>("put", {{"key", text(1024)}, {"value", text(65536)}},
//                                "Inserts or updates; returns the key evicted to make room.")
//       .snapshot<&LruHandle::snapshot>("The list from head to tail.");
//
// A registration is the only place a method's name, parameter names, rules and docs are written.
// From it:
//   - wasm/api.js checks every call's arguments (count, type, range, length, choices, options
//     fields read once into plain values) before C++ is entered, and turns a failed Status into a
//     JS Error after C++ has returned (3.1.6 reports an escaping C++ exception as a bare number,
//     and a JS exception thrown through C++ frames leaks);
//   - scripts/generate-api.mjs writes wasm/sdlab.d.ts and the page's method lists.
// C++ parameters may be any arithmetic type (they arrive as JS numbers), bool, std::string, a
// std::vector or a described struct; results any of those, std::optional, TypedArray or val.
//
// Determinism: for a handle derived from Traced, the binding clears the trace before every
// non-const call, and tracing is off until setTracing(true). snapshot() must be const.
//
// Copies: a handle that declares `static constexpr bool kCopyable = true;` gets copy(), a new
// handle in the same state, with its own trace (the page keeps copies as checkpoints). Not
// embind's clone(), which every handle has: that is a second JS handle onto the same C++ object,
// so calls through it change the original. Declare kCopyable only when a member-wise copy is a
// true, independent copy: no member refers to another member (a cache holding a reference to its
// handle's clock) and no core object keeps iterators or pointers into itself (a map of std::list
// iterators). The determinism test checks every block that declares it: replaying from a copy
// gives the same states and traces as from zero.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "common/status.h"
#include "memory_budget.h"
#include "schema.h"
#include "sim/trace.h"

namespace sdlab::wasm {

// Records `status` if it failed, for api.js to throw. Returns true when it failed.
bool failed(const Status& status);

template <>
struct Describe<sim::Datum> {
  static constexpr const char* name = "TraceDatum";
  static constexpr const char* doc = "One named figure of a trace step: a number or a text.";
  static auto fields() {
    return std::tuple{
        field("name", &sim::Datum::name, "what it is: \"cell\", \"node\", \"tokens\"…"),
        field("number", &sim::Datum::number, "its value, when it is a number"),
        field("text", &sim::Datum::text, "its value, when it is a text")};
  }
};

template <>
struct Describe<sim::Step> {
  static constexpr const char* name = "TraceStep";
  static constexpr const char* doc =
      "One step an algorithm reported while it ran: what happened, to what, why, the figures it is "
      "about, where it sits in the call, and the C++ line that reported it.";
  static auto fields() {
    return std::tuple{
        field("kind", &sim::Step::kind, "a short stable word: \"hit\", \"evict\"…"),
        field("subject", &sim::Step::subject, "what it happened to, usually a key"),
        field("note", &sim::Step::note, "why, in a sentence"),
        field("data", &sim::Step::data, "the figures it is about, by name"),
        field("depth", &sim::Step::depth, "0: a step of the call; 1: a sub-step of a step; …"),
        field("parent", &sim::Step::parent, "the index of the step this one details, or -1"),
        field("file", &sim::Step::file, "the C++ file that reported it, from the repository root"),
        field("line", &sim::Step::line, "its line")};
  }
};

template <auto F, class Sig = decltype(F)>
struct Entry;

template <class T>
concept Copyable = std::is_copy_constructible_v<T> && requires { requires T::kCopyable; };

// The base of every block handle that reports steps. The handle implements
// `void attach(sim::Trace* sink)`, handing `sink` (null: tracing off) to its core objects.
class Traced {
 public:
  const std::vector<sim::Step>& trace() const { return trace_.steps(); }

 protected:
  sim::Trace* sink() { return tracing_ ? &trace_ : nullptr; }

 private:
  template <class>
  friend class Class;
  template <auto, class>
  friend struct Entry;
  sim::Trace trace_;
  bool tracing_ = false;
};

// ---- the metadata api.js and the generator read ----------------------------------------------

struct Signature {
  std::vector<Param> params;
  std::string returns;
  std::string doc;
};

struct ClassInfo {
  std::string doc;
  Signature constructor;
  std::vector<std::pair<std::string, Signature>> methods;  // in registration order
};

std::vector<std::pair<std::string, ClassInfo>>& api_classes();
std::vector<std::pair<std::string, Signature>>& api_functions();

// Stops the module at start-up when a registration contradicts its C++ signature.
[[noreturn]] void registration_error(const std::string& where, const std::string& problem);

// ---- how values cross --------------------------------------------------------------------------

template <class A>
using Bare = std::remove_cvref_t<A>;

template <class A>
constexpr bool kPassesAsIs = std::is_same_v<Bare<A>, bool> || std::is_same_v<Bare<A>, std::string> ||
                             std::is_same_v<Bare<A>, emscripten::val>;

// What embind receives for a C++ parameter of type A.
template <class A>
using Wire = std::conditional_t<kPassesAsIs<A>, Bare<A>,
                                std::conditional_t<std::is_arithmetic_v<Bare<A>>, double, emscripten::val>>;

template <class A>
decltype(auto) unwire(Wire<A>& wire) {
  using B = Bare<A>;
  if constexpr (kPassesAsIs<A>) return (wire);
  else if constexpr (std::is_arithmetic_v<B>) return static_cast<B>(wire);
  else return from_js<B>(wire);
}

// What embind returns for a C++ result of type R.
template <class R>
using Out = std::conditional_t<
    std::is_void_v<R>, void,
    std::conditional_t<kPassesAsIs<R>, Bare<R>,
                       std::conditional_t<std::is_arithmetic_v<Bare<R>>, double, emscripten::val>>>;

template <class R, class Call>
Out<R> deliver(Call&& call) {
  if constexpr (std::is_void_v<R>) call();
  else if constexpr (kPassesAsIs<R>) return call();
  else if constexpr (std::is_arithmetic_v<Bare<R>>) return static_cast<double>(call());
  else return to_js(call());
}

// Whether `rule` can describe a C++ parameter of type A.
template <class A>
bool accepts(const Rule& rule) {
  using B = Bare<A>;
  switch (rule.kind) {
    case Rule::Kind::kInteger: return std::is_arithmetic_v<B> && !std::is_same_v<B, bool>;
    case Rule::Kind::kNumber: return std::is_floating_point_v<B>;
    case Rule::Kind::kText: return std::is_same_v<B, std::string>;
    case Rule::Kind::kChoice: return std::is_same_v<B, std::string>;
    case Rule::Kind::kFlag: return std::is_same_v<B, bool>;
    case Rule::Kind::kList: return is_vector<B>::value;
    case Rule::Kind::kObject:
      if constexpr (Described<B>) return rule.type == Describe<B>::name;
      return false;
    case Rule::Kind::kAny: return std::is_same_v<B, emscripten::val>;
  }
  return false;
}

template <class... A>
void check_params(const std::string& where, const std::vector<Param>& params) {
  if (params.size() != sizeof...(A)) {
    registration_error(where, "declares " + std::to_string(params.size()) + " parameters, C++ takes " +
                                  std::to_string(sizeof...(A)));
  }
  std::size_t i = 0;
  const auto check_one = [&]<class P>() {
    if (!accepts<P>(params[i].rule)) registration_error(where, "parameter " + params[i].name + ": its rule does not fit the C++ type");
    ++i;
  };
  (check_one.template operator()<A>(), ...);
}

// ---- wrappers: one static function per bound entry point ---------------------------------------

// Factory: static T* create(A...), null after failed(…).
template <auto F, class T, class... A>
struct Entry<F, T* (*)(A...)> {
  using Returns = T*;
  static void check(const std::string& where, const std::vector<Param>& p) { check_params<A...>(where, p); }
  static T* call(Wire<A>... args) { return F(unwire<A>(args)...); }
};

// Function: R f(A...).
template <auto F, class R, class... A>
struct Entry<F, R (*)(A...)> {
  using Returns = R;
  static void check(const std::string& where, const std::vector<Param>& p) { check_params<A...>(where, p); }
  static Out<R> call(Wire<A>... args) {
    return deliver<R>([&]() -> R { return F(unwire<A>(args)...); });
  }
};

// Method that may change state: the trace is cleared first.
template <auto F, class R, class C, class... A>
struct Entry<F, R (C::*)(A...)> {
  using Returns = R;
  static constexpr bool kConst = false;
  static void check(const std::string& where, const std::vector<Param>& p) { check_params<A...>(where, p); }
  static Out<R> call(C& self, Wire<A>... args) {
    if constexpr (std::is_base_of_v<Traced, C>) self.Traced::trace_.clear();
    return deliver<R>([&]() -> R { return (self.*F)(unwire<A>(args)...); });
  }
};

// Const method: reads only.
template <auto F, class R, class C, class... A>
struct Entry<F, R (C::*)(A...) const> {
  using Returns = R;
  static constexpr bool kConst = true;
  static void check(const std::string& where, const std::vector<Param>& p) { check_params<A...>(where, p); }
  static Out<R> call(const C& self, Wire<A>... args) {
    return deliver<R>([&]() -> R { return (self.*F)(unwire<A>(args)...); });
  }
};

template <auto F>
std::string returns_ts(const char* declared) {
  return declared ? declared : ts_type<typename Entry<F>::Returns>();
}

// Binds a block handle class.
template <class T>
class Class {
 public:
  Class(const char* name, const char* doc) : name_(name), class_(name) {
    api_classes().push_back({name, ClassInfo{doc, {}, {}}});
    if constexpr (std::is_base_of_v<Traced, T>) {
      class_.function("trace", &trace_of);
      class_.function("setTracing", &set_tracing);
      record("trace", {}, ts_type<std::vector<sim::Step>>(),
             "The steps the last call reported (empty while tracing is off).");
      record("setTracing", {{"on", flag()}}, "void",
             "Turns step recording on or off; off costs nothing per call.");
    }
    if constexpr (Copyable<T>) {
      class_.function("copy", &copy_of, emscripten::allow_raw_pointers());
      record("copy", {}, "this", "A new, independent handle in the same state, tracing as this one does (delete() it too).");
    }
  }

  template <auto F>
  Class& constructor(std::vector<Param> params, const char* doc = "") {
    Entry<F>::check(name_, params);
    class_.constructor(&Entry<F>::call, emscripten::allow_raw_pointers());
    info().constructor = {std::move(params), name_, doc};
    return *this;
  }

  // `returns`: the TypeScript type when C++ returns a val.
  template <auto F>
  Class& method(const char* name, std::vector<Param> params, const char* doc,
                const char* returns = nullptr) {
    Entry<F>::check(name_ + "." + name, params);
    class_.function(name, &Entry<F>::call, emscripten::allow_raw_pointers());
    record(name, std::move(params), returns_ts<F>(returns), doc);
    return *this;
  }

  // snapshot(): the inspectable state. Const, so looking cannot change what is seen.
  template <auto F>
  Class& snapshot(const char* doc) {
    static_assert(Entry<F>::kConst, "snapshot() must be a const member function");
    return method<F>("snapshot", {}, doc);
  }

 private:
  static emscripten::val trace_of(const T& self) { return to_js(self.trace()); }
  static void set_tracing(T& self, bool on) {
    self.Traced::tracing_ = on;
    self.Traced::trace_.clear();
    self.attach(self.sink());
  }

  // A member-wise copy whose core objects report to the copy's own trace, not to the original's.
  // A handle with a memory() lease is copied only when the budget has room for another.
  static T* copy_of(const T& self) {
    if constexpr (requires { self.memory(); }) {
      if (failed(check_budget(self.memory().bytes()))) return nullptr;
    }
    T* copy = new T(self);
    if constexpr (std::is_base_of_v<Traced, T>) copy->attach(copy->sink());
    return copy;
  }

  ClassInfo& info() { return api_classes().back().second; }
  void record(const char* name, std::vector<Param> params, std::string returns, const char* doc) {
    info().methods.push_back({name, Signature{std::move(params), std::move(returns), doc}});
  }

  std::string name_;
  emscripten::class_<T> class_;
};

template <auto F>
void function(const char* name, std::vector<Param> params, const char* doc,
              const char* returns = nullptr) {
  Entry<F>::check(name, params);
  emscripten::function(name, &Entry<F>::call);
  api_functions().push_back({name, Signature{std::move(params), returns_ts<F>(returns), doc}});
}

}  // namespace sdlab::wasm
