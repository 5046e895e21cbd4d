// Fuzz target: the expression parser and evaluator. The first byte picks
// values for the references so evaluation meets every kind of value.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "sos/expr.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  std::string_view source(reinterpret_cast<const char*>(data + 1), size - 1);
  auto compiled = sos::Expression::compile(source);
  if (!compiled.ok()) return 0;
  static const sos::Value list_items[] = {sos::Value::string("a"), sos::Value::number(2)};
  const sos::Value choices[] = {sos::Value(), sos::Value::number(data[0] % 7), sos::Value::string("a"),
                                sos::Value::boolean(data[0] & 1), sos::Value::list(list_items),
                                sos::Value::number(-1e308)};
  std::vector<sos::Value> answers, group;
  int pick = data[0];
  auto slot = [&pick, &choices](std::vector<sos::Value>& into) {
    return [&into, &pick, &choices](std::string_view) -> std::optional<int> {
      into.push_back(choices[(pick++) % std::size(choices)]);
      return static_cast<int>(into.size()) - 1;
    };
  };
  sos::Expression& e = compiled.value();
  if (!e.bind(slot(answers), slot(group)).ok()) return 0;
  (void)e.evaluate({answers, group}).truthy();
  // The canonical form must compile to the same canonical form. It spells
  // out spaces and brackets, so it may be longer than the source limit allows.
  sos::ExpressionLimits room;
  room.max_length = e.canonical().size();
  auto again = sos::Expression::compile(e.canonical(), room);
  if (!again.ok() || again->canonical() != e.canonical()) __builtin_trap();
  return 0;
}
