// sdlab::wasm — what every bindings file uses: a class/function binder that records parameter
// names and JS types, and the error channel.
//
// Errors: a bound function never throws (in Emscripten 3.1.6 an escaping C++ exception reaches
// JS as a bare number, and a JS exception thrown through C++ frames leaks). Instead it calls
// `failed(status)`, returns a neutral value, and api.js — which wraps every function registered
// here — throws `Error(message)` after the call returns. api.js also checks argument types and
// counts against the recorded signatures before the call, so embind never sees a bad type.
#pragma once

#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <initializer_list>
#include <string>
#include <type_traits>
#include <vector>

#include "common/status.h"
#include "sim/trace.h"

namespace sdlab::wasm {

// Records `status` if it failed, for api.js to throw. Returns true when it failed.
bool failed(const Status& status);

// The JS type a C++ parameter accepts.
template <class T>
constexpr const char* js_type() {
  using U = std::remove_cv_t<std::remove_reference_t<T>>;
  if constexpr (std::is_same_v<U, std::string>) return "string";
  else if constexpr (std::is_same_v<U, bool>) return "boolean";
  else if constexpr (std::is_arithmetic_v<U>) return "number";
  else return "object";  // emscripten::val: an options object
}

template <class R, class C, class... A>
std::vector<std::string> js_types(R (C::*)(A...)) { return {js_type<A>()...}; }
template <class R, class C, class... A>
std::vector<std::string> js_types(R (C::*)(A...) const) { return {js_type<A>()...}; }
template <class R, class... A>
std::vector<std::string> js_types(R (*)(A...)) { return {js_type<A>()...}; }

// Remembers `name(params: types)` for api.js.
void record_signature(const std::string& name, std::initializer_list<const char*> params,
                      const std::vector<std::string>& types);

// Binds a class whose every entry point api.js checks:
//   Class<LruHandle>("LruCache").constructor(&LruHandle::create, {"capacity"})
//       .method("get", &LruHandle::get, {"key"});
template <class T>
class Class {
 public:
  explicit Class(const char* name) : name_(name), class_(name) {}

  template <class Factory>
  Class& constructor(Factory factory, std::initializer_list<const char*> params) {
    record_signature(name_, params, js_types(factory));
    class_.constructor(factory, emscripten::allow_raw_pointers());
    return *this;
  }

  // trace(): the steps of the last call (T derives from Traced). Bound through a function, since
  // embind cannot bind a member of an unregistered base class.
  Class& traced() {
    record_signature(name_ + ".trace", {}, {});
    class_.function("trace", +[](const T& self) { return self.trace(); });
    return *this;
  }

  template <class Method>
  Class& method(const char* name, Method method, std::initializer_list<const char*> params = {}) {
    record_signature(name_ + "." + name, params, js_types(method));
    class_.function(name, method);
    return *this;
  }

 private:
  std::string name_;
  emscripten::class_<T> class_;
};

template <class F>
void function(const char* name, F f, std::initializer_list<const char*> params) {
  record_signature(name, params, js_types(f));
  emscripten::function(name, f);
}

// options[name] as a number or string. When it is missing or of another type, the first such
// problem is kept in `status` and a neutral value returned.
double number_field(const emscripten::val& options, const char* name, Status& status);
std::string string_field(const emscripten::val& options, const char* name, Status& status);

// [{kind, subject, note}, …]
emscripten::val to_js(const sim::Trace& trace);

// The base of every block handle: the steps its last call reported, for trace().
class Traced {
 public:
  emscripten::val trace() const { return to_js(trace_); }

 protected:
  // Starts a call: clears the last call's steps; true (and the error recorded) if `status` failed.
  bool begin(const Status& status = Status::ok()) {
    trace_.clear();
    return failed(status);
  }

  sim::Trace trace_;
};

}  // namespace sdlab::wasm
