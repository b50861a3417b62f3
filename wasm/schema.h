// sdlab::wasm schema — the one place where the JS API's shapes are written down.
//
// A Rule says what a value from JS must be (an integer in [0, 1000000], a string of at most 1024
// bytes, one of "lru" | "lfu" | "fifo", an options object of a described struct…). A binding
// declares each parameter once as a Param {name, rule, doc}; wasm/api.js enforces the rules before
// C++ is entered, with messages built from them, and scripts/generate-api.mjs turns the same
// metadata into wasm/sdlab.d.ts and the page's method lists.
//
// A struct that crosses the boundary (a snapshot, a result, an options object) is described once
// by specializing Describe<S>:
//
//   template <> struct Describe<cache::CacheStats> {
//     static constexpr const char* name = "CacheStats";
//     static constexpr const char* doc = "Hit, miss and eviction counts.";
//     static auto fields() {
//       return std::tuple{field("hits", &cache::CacheStats::hits),
//                         field("hitRatio", &cache::CacheStats::hit_ratio, "hits / lookups")};
//     }
//   };
//
// A field is a data member or a const member function (computed, output only). A `const char*`
// (a string literal, such as a trace step's file) is output only. to_js and from_js
// convert any described struct, and ts_type names it for TypeScript. An options field carries a
// Rule as well; an enum field maps through a choice(...) rule's names.
#pragma once

#include <emscripten/val.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace sdlab::wasm {

// ---- rules ---------------------------------------------------------------------------------

struct Rule {
  enum class Kind { kAny, kInteger, kNumber, kText, kChoice, kFlag, kObject, kList };
  Kind kind = Kind::kAny;
  double min = 0;  // integer, number: the range; list: fewest items
  double max = 0;  // integer, number: the range; text: most UTF-8 bytes; list: most items
  std::vector<std::string> choices;   // choice: the names accepted
  std::vector<std::int64_t> values;   // choice over a C++ enum: the value of each name
  std::string type;                   // object: the described struct's name
  std::shared_ptr<const Rule> item;   // list: the rule of every item
  bool optional = false;              // object fields: may be left out (the C++ default stays)
};

inline Rule integer(double min, double max) { return {Rule::Kind::kInteger, min, max}; }
inline Rule number(double min, double max) { return {Rule::Kind::kNumber, min, max}; }
inline Rule text(std::size_t max_bytes) {
  return {Rule::Kind::kText, 0, static_cast<double>(max_bytes)};
}
inline Rule flag() { return {Rule::Kind::kFlag}; }

// A string that must be one of `names` (the C++ side is a std::string).
inline Rule one_of(std::initializer_list<const char*> names) {
  Rule rule{Rule::Kind::kChoice};
  rule.choices.assign(names.begin(), names.end());
  return rule;
}

// A string naming a value of the C++ enum E.
template <class E>
Rule choice(std::initializer_list<std::pair<const char*, E>> names) {
  Rule rule{Rule::Kind::kChoice};
  for (const auto& [name, value] : names) {
    rule.choices.emplace_back(name);
    rule.values.push_back(static_cast<std::int64_t>(value));
  }
  return rule;
}

// An array of `min_items` to `max_items` values, each following `item`.
inline Rule list(Rule item, std::size_t min_items, std::size_t max_items) {
  Rule rule{Rule::Kind::kList, static_cast<double>(min_items), static_cast<double>(max_items)};
  rule.item = std::make_shared<const Rule>(std::move(item));
  return rule;
}

// `rule`, but the field may be left out: the struct member keeps its default.
inline Rule optional(Rule rule) {
  rule.optional = true;
  return rule;
}

// A parameter of a constructor, method or function.
struct Param {
  std::string name;
  Rule rule;
  std::string doc = "";
};

// ---- described structs -----------------------------------------------------------------------

template <class S>
struct Describe;  // specialized once per struct that crosses the boundary

template <class T>
concept Described = requires { Describe<T>::fields(); };

template <class S, class M>
struct Field {
  const char* name;
  M member;  // S::* data member, or a const member function of S
  std::optional<Rule> rule;
  const char* doc;
};

template <class S, class T>
Field<S, T S::*> field(const char* name, T S::*member, const char* doc = "") {
  return {name, member, std::nullopt, doc};
}
template <class S, class T>
Field<S, T S::*> field(const char* name, T S::*member, Rule rule, const char* doc = "") {
  return {name, member, std::move(rule), doc};
}
template <class S, class R>
Field<S, R (S::*)() const> field(const char* name, R (S::*member)() const, const char* doc = "") {
  return {name, member, std::nullopt, doc};
}

template <class S, class F>
void for_each_field(F&& f) {
  std::apply([&](const auto&... fields) { (f(fields), ...); }, Describe<S>::fields());
}

// The C++ type a field holds or computes.
template <class S, class M>
using field_type = std::remove_cvref_t<std::invoke_result_t<M, const S&>>;

// A JS typed array of numbers (Float64Array, Uint32Array, Uint8Array…), copied out of C++.
template <class T>
struct TypedArray {
  std::vector<T> values;
};

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};
template <class T> struct is_typed_array : std::false_type {};
template <class T> struct is_typed_array<TypedArray<T>> : std::true_type {};

// ---- TypeScript names, and the registry of described types ------------------------------

struct TypeInfo {
  std::string doc;
  struct FieldInfo {
    std::string name;
    std::string type;
    std::string doc;
    std::optional<Rule> rule;
  };
  std::vector<FieldInfo> fields;
};

// Every described struct met so far, by its TypeScript name.
std::map<std::string, TypeInfo>& described_types();

template <class T>
std::string ts_type();

template <class S>
void register_type() {
  auto [entry, inserted] = described_types().try_emplace(Describe<S>::name);
  if (!inserted) return;
  TypeInfo info{Describe<S>::doc, {}};
  for_each_field<S>([&](const auto& f) {
    using M = field_type<S, decltype(f.member)>;
    info.fields.push_back({f.name, ts_type<M>(), f.doc, f.rule});
  });
  described_types()[Describe<S>::name] = std::move(info);
}

// An options object of the described struct S.
template <class S>
Rule object() {
  register_type<S>();
  Rule rule{Rule::Kind::kObject};
  rule.type = Describe<S>::name;
  return rule;
}

template <class T>
const char* typed_array_name() {
  if constexpr (std::is_same_v<T, double>) return "Float64Array";
  else if constexpr (std::is_same_v<T, float>) return "Float32Array";
  else if constexpr (std::is_same_v<T, std::uint32_t>) return "Uint32Array";
  else if constexpr (std::is_same_v<T, std::int32_t>) return "Int32Array";
  else if constexpr (std::is_same_v<T, std::uint16_t>) return "Uint16Array";
  else if constexpr (std::is_same_v<T, std::uint8_t> || std::is_same_v<T, bool>) return "Uint8Array";
  else static_assert(sizeof(T) == 0, "no typed array for this element type");
}

// The TypeScript type of a C++ value after to_js.
template <class T>
std::string ts_type() {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_void_v<U>) return "void";
  else if constexpr (std::is_same_v<U, bool>) return "boolean";
  else if constexpr (std::is_arithmetic_v<U> || std::is_enum_v<U>) return "number";
  else if constexpr (std::is_same_v<U, std::string> || std::is_same_v<U, const char*>)
    return "string";
  else if constexpr (is_optional<U>::value) return ts_type<typename U::value_type>() + " | undefined";
  else if constexpr (is_typed_array<U>::value) return typed_array_name<typename decltype(U::values)::value_type>();
  else if constexpr (is_vector<U>::value) {
    const std::string item = ts_type<typename U::value_type>();
    return item.find(' ') == std::string::npos ? item + "[]" : "(" + item + ")[]";
  } else if constexpr (Described<U>) {
    register_type<U>();
    return Describe<U>::name;
  } else {
    static_assert(std::is_same_v<U, emscripten::val>, "describe this type with Describe<T>");
    return "unknown";
  }
}

// ---- conversion ------------------------------------------------------------------------------

template <class T>
emscripten::val to_js(const T& value) {
  using emscripten::val;
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, val>) return value;
  else if constexpr (std::is_same_v<U, bool>) return val(value);
  else if constexpr (std::is_arithmetic_v<U> || std::is_enum_v<U>) return val(static_cast<double>(value));
  else if constexpr (std::is_same_v<U, std::string> || std::is_same_v<U, const char*>)
    return val(value);
  else if constexpr (is_optional<U>::value) return value ? to_js(*value) : val::undefined();
  else if constexpr (is_typed_array<U>::value) {
    using E = std::remove_cvref_t<decltype(value.values[0])>;
    return val::global(typed_array_name<E>())
        .new_(val(emscripten::typed_memory_view(value.values.size(), value.values.data())))
        .template call<val>("slice");
  } else if constexpr (is_vector<U>::value) {
    val array = val::array();
    for (std::size_t i = 0; i < value.size(); ++i) array.set(i, to_js(value[i]));
    return array;
  } else {
    static_assert(Described<U>, "describe this type with Describe<T>");
    val object = val::object();
    for_each_field<U>([&](const auto& f) {
      const auto& item = std::invoke(f.member, value);
      if constexpr (is_optional<std::remove_cvref_t<decltype(item)>>::value) {
        if (!item) return;  // an absent optional field is left out, not set to undefined
      }
      object.set(f.name, to_js(item));
    });
    return object;
  }
}

// Reads a value that wasm/api.js has already checked and copied into a plain JS value.
template <class T>
void from_js(const emscripten::val& source, T& out, const Rule* rule = nullptr) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, emscripten::val>) out = source;
  else if constexpr (std::is_same_v<U, bool>) out = source.as<bool>();
  else if constexpr (std::is_enum_v<U>) {
    const std::string name = source.as<std::string>();
    for (std::size_t i = 0; i < rule->choices.size(); ++i) {
      if (rule->choices[i] == name) out = static_cast<U>(rule->values[i]);
    }
  } else if constexpr (std::is_arithmetic_v<U>) out = static_cast<U>(source.as<double>());
  else if constexpr (std::is_same_v<U, std::string>) out = source.as<std::string>();
  else if constexpr (is_vector<U>::value) {
    const std::size_t size = source["length"].as<std::size_t>();
    out.assign(size, typename U::value_type{});
    for (std::size_t i = 0; i < size; ++i) from_js(source[i], out[i], rule ? rule->item.get() : nullptr);
  } else {
    static_assert(Described<U>, "describe this type with Describe<T>");
    for_each_field<U>([&](const auto& f) {
      if constexpr (std::is_member_object_pointer_v<decltype(f.member)>) {
        const emscripten::val item = source[f.name];
        if (!item.isUndefined()) from_js(item, out.*(f.member), f.rule ? &*f.rule : nullptr);
      }
    });
  }
}

template <class T>
T from_js(const emscripten::val& source) {
  T out{};
  from_js(source, out);
  return out;
}

// {kind, min, max, choices, type, item, optional} for api.js and the generator.
emscripten::val rule_to_js(const Rule& rule);

}  // namespace sdlab::wasm
