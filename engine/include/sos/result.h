// Errors as values: every engine API that bindings or tools reach returns a
// Status or a Result<T>, never throws.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace sos {

// One problem: a stable code ("survey.duplicate_id"), the JSON Pointer of the
// place ("/pages/0/elements/2/id", empty when there is no place) and a plain
// reason. Printed as "[survey.duplicate_id] (/pages/0/elements/2/id) ...".
struct Error {
  std::string code;
  std::string pointer;
  std::string message;

  std::string to_string() const;
  friend bool operator==(const Error&, const Error&) = default;
};

enum class Severity { error, warning };

struct Diagnostic {
  Severity severity = Severity::error;
  Error error;

  std::string to_string() const;  // "error: [code] (/ptr) message"
};

// Success, or one Error.
class Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  const Error& error() const { return *error_; }

 private:
  std::optional<Error> error_;
};

// A value, or one Error.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}       // NOLINT
  Result(Error error) : state_(std::move(error)) {}   // NOLINT

  bool ok() const { return state_.index() == 0; }
  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T* operator->() const { return &std::get<0>(state_); }
  T* operator->() { return &std::get<0>(state_); }
  const Error& error() const { return std::get<1>(state_); }
  Status status() const { return ok() ? Status() : Status(error()); }

 private:
  std::variant<T, Error> state_;
};

}  // namespace sos
