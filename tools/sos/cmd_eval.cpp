// This file offers `sos eval EXPRESSION [--answers JSON] [--group JSON]`.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <deque>
#include <map>

#include "sos/commands.h"
#include "sos/expr.h"
#include "sos/io.h"

namespace sos::cli {
namespace {

// Holds the strings and lists that Values point into.
struct ValueStore {
  std::deque<std::string> strings;
  std::deque<std::vector<Value>> lists;

  Result<Value> from_json(const nlohmann::json& j, const std::string& pointer) {
    if (j.is_null()) return Value();
    if (j.is_boolean()) return Value::boolean(j.get<bool>());
    if (j.is_number()) return Value::number(j.get<double>());
    if (j.is_string()) return Value::string(strings.emplace_back(j.get<std::string>()));
    if (j.is_array()) {
      std::vector<Value> items;
      for (std::size_t i = 0; i < j.size(); ++i) {
        if (j[i].is_array() || j[i].is_object())
          return Error{"eval.bad_value", pointer + "/" + std::to_string(i), "list items must be plain values"};
        auto item = from_json(j[i], pointer + "/" + std::to_string(i));
        if (!item.ok()) return item.error();
        items.push_back(item.value());
      }
      return Value::list(lists.emplace_back(std::move(items)));
    }
    return Error{"eval.bad_value", pointer, "must be a plain value or a list, not an object"};
  }
};

Result<std::map<std::string, Value, std::less<>>> read_values(const std::string& text, const std::string& what,
                                                               ValueStore& store) {
  std::map<std::string, Value, std::less<>> out;
  if (text.empty()) return out;
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return Error{"eval.bad_" + what, "", "--" + what + " must be a JSON object such as {\"q1\": 4}"};
  for (auto it = doc.begin(); it != doc.end(); ++it) {
    auto value = store.from_json(*it, "/" + it.key());
    if (!value.ok()) return value.error();
    out.emplace(it.key(), value.value());
  }
  return out;
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("eval", "Evaluate a condition as a survey would, to try it out");
  auto expression = std::make_shared<std::string>();
  auto answers = std::make_shared<std::string>();
  auto group = std::make_shared<std::string>();
  auto canonical = std::make_shared<bool>(false);
  cmd->add_option("expression", *expression, "The expression, e.g. \"{q1} >= 4 and {group.selling} = 'complex'\"")
      ->required();
  cmd->add_option("--answers", *answers, "Answers as a JSON object, e.g. '{\"q1\": 4}'; others read as empty");
  cmd->add_option("--group", *group, "Group attributes as a JSON object, e.g. '{\"selling\": \"volume\"}'");
  cmd->add_flag("--canonical", *canonical, "Also print the fully parenthesised form");
  cmd->callback([=] {
    auto compiled = Expression::compile(*expression);
    if (!compiled.ok()) {
      print_error("expression", compiled.error());
      throw CLI::RuntimeError(1);
    }
    ValueStore store;
    auto answer_values = read_values(*answers, "answers", store);
    auto group_values = read_values(*group, "group", store);
    for (const auto* r : {&answer_values, &group_values})
      if (!r->ok()) {
        print_error("input", r->error());
        throw CLI::RuntimeError(1);
      }
    // Slots follow the expression's own references; an unknown name reads empty.
    std::vector<Value> answer_slots, group_slots;
    auto slot_for = [](const std::map<std::string, Value, std::less<>>& given, std::vector<Value>& slots) {
      return [&given, &slots](std::string_view name) -> std::optional<int> {
        auto it = given.find(name);
        slots.push_back(it == given.end() ? Value() : it->second);
        return static_cast<int>(slots.size()) - 1;
      };
    };
    Expression& e = compiled.value();
    Status bound = e.bind(slot_for(answer_values.value(), answer_slots), slot_for(group_values.value(), group_slots));
    if (!bound.ok()) {
      print_error("expression", bound.error());
      throw CLI::RuntimeError(1);
    }
    if (*canonical) std::printf("canonical: %s\n", e.canonical().c_str());
    Value result = e.evaluate({answer_slots, group_slots});
    std::printf("%s\n", result.to_string().c_str());
    std::printf("condition %s\n", result.truthy() ? "holds" : "does not hold");
  });
}

}  // namespace sos::cli
