// This file offers the converter's conditions: visibleIf, requiredIf and
// validators translated (sj_translate.h), checked with the engine's own
// compiler, and every condition that cannot be carried reported, never
// dropped silently.
#include <algorithm>
#include <cmath>

#include "import/surveyjs_converter.h"
#include "sos/expr.h"

namespace sos::import::detail {
namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::optional<double> number_in(const Json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    sj::Value v = sj::Value::of_string(it->get<std::string>());
    if (sj::is_number(v)) return sj::get_number(v);
  }
  return std::nullopt;
}

}  // namespace

std::optional<out::NodePtr> Converter::translate(const std::string& source, const std::string& pointer,
                                                 const char* what) {
  if (source.find_first_not_of(" \t\r\n") == std::string::npos) return std::nullopt;
  auto dropped = [&](const std::string& reason) {
    warn("import.condition_dropped", pointer,
         std::string("the ") + what + " \"" + source + "\" is not carried: " + reason, WarningKind::meaning);
    return std::nullopt;
  };
  auto tree = sj::parse_expression(source);
  if (!tree.ok()) return dropped(tree.error().message);
  // survey-core shows and requires when a condition is === true; an
  // expression validator passes when it is == true.
  Holds holds = std::string(what) == "validator" ? Holds::loosely_true : Holds::strictly_true;
  auto translated = translate_condition(*tree.value(), names_, holds);
  if (!translated.ok()) return dropped(translated.error().message);
  std::string text = out::print(translated->condition);
  auto compiled = Expression::compile(text);
  if (!compiled.ok()) return dropped("its translation \"" + text + "\" does not compile: " + compiled.error().message);
  for (const std::string& difference : translated->differences)
    warn("import.condition_differs", pointer,
         "\"" + source + "\" is carried as \"" + text + "\", but " + difference, WarningKind::meaning);
  report_conditions_.push_back({{"pointer", pointer},
                                {"surveyjs", source},
                                {"parsed", sj::to_surveyjs_string(*tree.value())},
                                {"converted", text}});
  return translated->condition;
}

std::optional<out::NodePtr> Converter::condition(const Json& el, const std::string& pointer, const char* key) {
  auto it = el.find(key);
  if (it == el.end()) return std::nullopt;
  std::string at = pointer_join(pointer, key);
  if (!it->is_string()) {
    warn("import.condition_dropped", at, std::string("the ") + key + " is not a text: it is not carried",
         WarningKind::meaning);
    return std::nullopt;
  }
  return translate(it->get<std::string>(), at, key);
}

void Converter::visibility(const Json& el, const std::string& pointer, Json& out) {
  if (el.contains("visibleIf")) {
    // survey-core runs visibleIf on start: it decides over "visible"
    if (auto node = condition(el, pointer, "visibleIf"); node && !out::is_literal(*node, true)) {
      out["visibleIf"] = out::print(*node);
      out[kOrigin] = pointer;
    }
    return;
  }
  if (auto it = el.find("visible"); it != el.end() && it->is_boolean() && !it->get<bool>()) out["visibleIf"] = "false";
}

std::optional<Json> Converter::validator(const Planned& p, const Json& v, const std::string& pointer,
                                         std::vector<out::NodePtr>& unanswered_errors) {
  if (!v.is_object()) return std::nullopt;
  std::string type = lower(v.value("type", ""));
  if (type.size() > 9 && type.substr(type.size() - 9) == "validator") type.resize(type.size() - 9);
  if (auto kind = v.find("notificationType"); kind != v.end() && *kind != "error") {
    warn("import.validator", pointer, "a validator that only informs (" + kind->dump() + ") is not carried",
         WarningKind::meaning);
    return std::nullopt;
  }
  auto message = [&] {
    auto text = TextTable::read(v.contains("text") ? &v["text"] : nullptr);
    return text ? texts_.add(std::move(*text), pointer_join(pointer, "text")) : texts_.add(BuiltinText::invalid_answer);
  };
  auto ref = out::ref(p.id);
  bool numeric = p.as == Planned::As::number || p.as == Planned::As::likert;
  if (type == "expression") {
    auto source = v.find("expression");
    if (source == v.end() || !source->is_string()) return std::nullopt;
    auto answered = translate(source->get<std::string>(), pointer_join(pointer, "expression"), "validator");
    if (!answered) return std::nullopt;
    // survey-core runs it on an unanswered question too: the question then
    // has an error wherever the expression fails with it unanswered.
    names_.set_unanswered(p.name);
    auto tree = sj::parse_expression(source->get<std::string>());
    auto unanswered = translate_condition(*tree.value(), names_, Holds::loosely_true);
    names_.set_unanswered("");
    if (unanswered.ok()) unanswered_errors.push_back(out::logical_not(unanswered->condition));
    return Json{{"expression", out::print(*answered)}, {"message", message()}};
  }
  if (type == "numeric") {
    auto min = number_in(v, "minValue"), max = number_in(v, "maxValue");
    if (!numeric) {
      warn("import.validator", pointer, "a numeric check of a non-number answer is not carried", WarningKind::meaning);
      return std::nullopt;
    }
    std::vector<out::NodePtr> parts;
    if (min) parts.push_back(out::binary(">=", ref, out::number(*min)));
    if (max) parts.push_back(out::binary("<=", ref, out::number(*max)));
    if (parts.empty()) return std::nullopt;
    return Json{{"expression", out::print(out::all_of(std::move(parts)))}, {"message", message()}};
  }
  if (type == "answercount") {
    if (p.as != Planned::As::multichoice) {
      warn("import.validator", pointer, "an answer count of a question with one answer checks nothing",
           WarningKind::note);
      return std::nullopt;
    }
    auto min = number_in(v, "minCount"), max = number_in(v, "maxCount");
    std::vector<out::NodePtr> parts;
    auto count = out::call("count", {ref});
    if (min && *min > 0) parts.push_back(out::binary(">=", count, out::number(*min)));
    if (max && *max > 0) parts.push_back(out::binary("<=", count, out::number(*max)));
    if (parts.empty()) return std::nullopt;
    return Json{{"expression", out::print(out::all_of(std::move(parts)))}, {"message", message()}};
  }
  if (type == "text") {
    if (p.as != Planned::As::comment) {
      warn("import.validator", pointer, "a text length check of a non-text answer is not carried", WarningKind::note);
      return std::nullopt;
    }
    if (auto min = number_in(v, "minLength"); min && *min > 0)
      warn("import.validator", pointer_join(pointer, "minLength"),
           "a minimum text length is not carried: the expression language cannot measure text", WarningKind::meaning);
    if (v.contains("allowDigits") && v["allowDigits"] == false)
      warn("import.validator", pointer_join(pointer, "allowDigits"), "the ban on digits is not carried",
           WarningKind::meaning);
    if (auto max = number_in(v, "maxLength"); max && *max > 0)
      warn("import.validator", pointer_join(pointer, "maxLength"),
           "a maximum text length is carried as the comment's maxLength: a longer answer is refused rather than "
           "marked",
           WarningKind::note);
    return std::nullopt;
  }
  warn("import.validator", pointer,
       "a " + (type.empty() ? std::string("typeless") : type) + " validator is not carried", WarningKind::meaning);
  return std::nullopt;
}

void Converter::requirement_and_validators(const Planned& p, Json& out, std::optional<out::NodePtr> extra) {
  const Json& el = *p.sj;
  std::vector<out::NodePtr> required;
  // survey-core: requiredIf, when present, decides over isRequired.
  if (el.contains("requiredIf")) {
    if (auto node = condition(el, p.pointer, "requiredIf")) required.push_back(*node);
  } else if (el.contains("isRequired") && el["isRequired"] == true) {
    required.push_back(out::boolean(true));
  }
  if (extra) required.push_back(*extra);
  // survey-core reports too few choices even when none is ticked.
  if (p.min_selected > 0) required.push_back(out::boolean(true));
  Json validators = Json::array();
  if (auto list = el.find("validators"); list != el.end() && list->is_array())
    for (std::size_t i = 0; i < list->size(); ++i)
      if (auto v = validator(p, (*list)[i], pointer_join(pointer_join(p.pointer, "validators"), i), required))
        validators.push_back(std::move(*v));
  out::NodePtr condition = out::any_of(std::move(required));
  if (out::is_literal(condition, true)) {
    out["required"] = true;
  } else if (!out::is_literal(condition, false)) {
    std::string text = out::print(condition);
    if (Expression::compile(text).ok()) out["requiredIf"] = text;
    else
      warn("import.condition_dropped", p.pointer, "the requirement \"" + text + "\" does not compile: not carried",
           WarningKind::meaning);
  }
  if (!validators.empty()) out["validators"] = std::move(validators);
}

}  // namespace sos::import::detail
