// This file offers what each SurveyJS question type becomes: choices and
// their values, booleans as yes/no, ratings as Likert, number or choice,
// text as number or comment, matrices as Likert matrices or panels of rows.
#include <algorithm>
#include <cmath>
#include <set>

#include "import/surveyjs_converter.h"

namespace sos::import::detail {
namespace {

constexpr double kNumberBound = 100000;
constexpr int kMaxOptions = 100;
constexpr int kMaxCommentLength = 4000;

// A SurveyJS ItemValue: "v", 3, "v|text" or {"value": v, "text": ...}.
struct Item {
  std::string pointer;  // of the item itself
  Json raw;
  const Json* text = nullptr;  // localizable text, if any
  Json split_text;             // the text after '|'
  const Json* visible_if = nullptr;
  const Json* enable_if = nullptr;
  std::string text_pointer;
};

std::optional<Item> read_item(const Json& item, const std::string& pointer) {
  Item out;
  out.pointer = pointer;
  out.text_pointer = pointer;
  if (item.is_object()) {
    auto value = item.find("value");
    if (value == item.end() || value->is_object() || value->is_array() || value->is_null()) return std::nullopt;
    out.raw = *value;
    if (auto text = item.find("text"); text != item.end()) {
      out.text = &*text;
      out.text_pointer = pointer_join(pointer, "text");
    }
    if (auto v = item.find("visibleIf"); v != item.end()) out.visible_if = &*v;
    if (auto v = item.find("enableIf"); v != item.end()) out.enable_if = &*v;
    return out;
  }
  if (item.is_string()) {
    const std::string& s = item.get_ref<const std::string&>();
    if (auto bar = s.find('|'); bar != std::string::npos) {
      out.raw = s.substr(0, bar);
      out.split_text = s.substr(bar + 1);
      return out;
    }
  }
  if (item.is_string() || item.is_number() || item.is_boolean()) {
    out.raw = item;
    return out;
  }
  return std::nullopt;
}

std::string value_text(const Json& raw) { return sj::js_to_string(sj::Value::from_json(raw)); }

std::optional<double> number_of(const Json* value) {
  if (!value) return std::nullopt;
  if (value->is_number()) return value->get<double>();
  if (value->is_string()) {
    sj::Value v = sj::Value::of_string(value->get<std::string>());
    if (sj::is_number(v)) return sj::get_number(v);
  }
  return std::nullopt;
}

// Whole numbers as JSON integers: "min": 18, not 18.0.
Json number_json(double d) {
  return d == std::floor(d) && std::fabs(d) < 1e15 ? Json(static_cast<long long>(d)) : Json(d);
}

const Json* field(const Json& el, const char* key) {
  auto it = el.find(key);
  return it == el.end() ? nullptr : &*it;
}

bool flag(const Json& el, const char* key) {
  const Json* v = field(el, key);
  return v && v->is_boolean() && v->get<bool>();
}

int decimals_of(double step) {
  std::string text = sj::js_to_string(sj::Value::of_number(step));
  auto dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

const std::set<std::string> kSupported = {"radiogroup", "dropdown", "checkbox", "tagbox", "imagepicker", "boolean",
                                          "rating",     "text",     "comment",  "matrix"};

}  // namespace

RefInfo* Converter::new_ref(RefInfo info) {
  refs_.push_back(std::move(info));
  return &refs_.back();
}

Planned Converter::plan_question(const Json& el, const std::string& pointer, const std::string& type) {
  Planned p;
  p.sj = &el;
  p.pointer = pointer;
  p.type = type;
  if (auto name = el.find("name"); name != el.end() && (name->is_string() || name->is_number()))
    p.name = name->is_string() ? name->get<std::string>() : name->dump();
  if (!kSupported.count(type)) {
    std::string what = "the question type \"" + type + "\" is not carried: its answers are not asked";
    if (type == "html" || type == "image") what = "an HTML block or image is not carried: texts are plain";
    if (type == "expression")
      what = "a computed value shown to respondents is not carried; conditions that read it are dropped";
    warn("import.unsupported_element", pointer, what, WarningKind::dropped);
    return p;
  }
  if (p.name.empty()) {
    p.name = type + std::to_string(++unnamed_);
    warn("import.unnamed", pointer, "a question without a name is called \"" + p.name + "\"", WarningKind::note);
  }
  p.id = ids_.allocate(p.name, "q");
  report_ids_.push_back({{"surveyjs", p.name}, {"id", p.id}, {"pointer", pointer}});
  if (p.id != p.name)
    warn("import.renamed", pointer_join(pointer, "name"), "\"" + p.name + "\" is carried as the id \"" + p.id + "\"",
         WarningKind::note);
  if (type == "radiogroup" || type == "dropdown") plan_choice(el, p, false);
  else if (type == "checkbox" || type == "tagbox") plan_choice(el, p, true);
  else if (type == "imagepicker") {
    warn("import.images", pointer, "the pictures of the choices are not carried", WarningKind::dropped);
    plan_choice(el, p, flag(el, "multiSelect"));
  } else if (type == "boolean") plan_boolean(el, p);
  else if (type == "rating") plan_rating(el, p);
  else if (type == "text") plan_text(el, p, false);
  else if (type == "comment") plan_text(el, p, true);
  else plan_matrix(el, p);
  if (p.as != Planned::As::dropped && p.ref) {
    if (names_.has(p.name))
      warn("import.duplicate_name", pointer_join(pointer, "name"),
           "another question is named \"" + p.name + "\": SurveyJS keeps one answer for both, the converted survey "
           "asks them apart and conditions read the first",
           WarningKind::meaning);
    else
      names_.add(p.name, p.ref);
  }
  return p;
}

bool Converter::plan_options(const Json& el, const std::string& pointer, Planned& p) {
  std::vector<Item> items;
  if (const Json* choices = field(el, "choices"); choices && choices->is_array()) {
    for (std::size_t i = 0; i < choices->size(); ++i) {
      std::string at = pointer_join(pointer_join(pointer, "choices"), i);
      auto item = read_item((*choices)[i], at);
      if (!item) {
        warn("import.bad_choice", at, "a choice without a plain value is left out", WarningKind::dropped);
        continue;
      }
      if (item->visible_if || item->enable_if)
        warn("import.choice_condition", at, "conditions on single choices are not carried: the choice is always offered",
             WarningKind::meaning);
      items.push_back(std::move(*item));
    }
  } else if (auto min = number_of(field(el, "choicesMin")), max = number_of(field(el, "choicesMax"));
             min && max && *max > *min) {
    double step = number_of(field(el, "choicesStep")).value_or(1);
    if (step <= 0) step = 1;
    for (double v = *min; v <= *max + 1e-9 && items.size() <= kMaxOptions; v += step) {
      Item item;
      item.raw = v == std::floor(v) ? Json(static_cast<long long>(v)) : Json(v);
      items.push_back(std::move(item));
    }
  }
  struct Special {
    const char* shown[2];
    const char* value;
    const char* text_key;
    BuiltinText builtin;
  };
  static const Special kSpecial[] = {{{"showNoneItem", "hasNone"}, "none", "noneText", BuiltinText::none},
                                     {{"showRefuseItem", nullptr}, "refused", "refuseText", BuiltinText::refused},
                                     {{"showDontKnowItem", nullptr}, "dontknow", "dontKnowText", BuiltinText::dont_know},
                                     {{"showOtherItem", "hasOther"}, "other", "otherText", BuiltinText::other}};
  std::vector<std::pair<Item, const Special*>> all;
  for (Item& item : items) all.push_back({std::move(item), nullptr});
  for (const Special& special : kSpecial) {
    bool shown = flag(el, special.shown[0]) || (special.shown[1] && flag(el, special.shown[1]));
    if (!shown) continue;
    Item item;
    item.raw = special.value;
    item.text = field(el, special.text_key);
    item.text_pointer = pointer_join(pointer, special.text_key);
    all.push_back({std::move(item), &special});
    std::string at = pointer_join(pointer, special.shown[flag(el, special.shown[0]) ? 0 : 1]);
    if (std::string(special.value) == "other")
      warn("import.other_text", at, "the text respondents write for \"other\" is not carried", WarningKind::dropped);
    else if (p.type == "checkbox" || p.type == "tagbox")
      warn("import.exclusive_choice", at,
           std::string("\"") + special.value + "\" is an ordinary choice in the converted survey: SurveyJS unticks the "
           "other choices when it is ticked",
           WarningKind::meaning);
  }
  if (all.size() < 2 || all.size() > kMaxOptions) {
    warn("import.option_count", pointer,
         "a choice question needs 2 to " + std::to_string(kMaxOptions) + " choices, this one has " +
             std::to_string(all.size()) + ": it is left out",
         WarningKind::dropped);
    return false;
  }
  OptionValues values;
  std::set<std::string> seen_raw;
  for (auto& [item, special] : all) {
    std::string raw_text = value_text(item.raw);
    if (!seen_raw.insert(item.raw.dump()).second) {
      warn("import.duplicate_choice", item.text_pointer, "the choice " + item.raw.dump() + " is listed twice", WarningKind::note);
      continue;
    }
    Planned::Option option;
    option.raw = item.raw;
    option.value = values.allocate(raw_text);
    if (item.text && TextTable::read(item.text)) {
      option.text = texts_.add(*TextTable::read(item.text), item.text_pointer);
    } else if (special) {
      option.text = texts_.add(special->builtin);
    } else {
      LocalizedText same;
      same.by_locale["default"] = item.split_text.is_string() ? item.split_text.get<std::string>() : raw_text;
      option.text = texts_.add(std::move(same), item.text_pointer, true);
    }
    p.options.push_back(std::move(option));
  }
  return p.options.size() >= 2;
}

void Converter::plan_choice(const Json& el, Planned& p, bool multi) {
  if (!plan_options(el, p.pointer, p)) return;
  p.as = multi ? Planned::As::multichoice : Planned::As::choice;
  RefInfo ref;
  ref.kind = multi ? RefInfo::Kind::multi : RefInfo::Kind::choice;
  ref.id = p.id;
  for (const auto& option : p.options) ref.options.push_back({sj::Value::from_json(option.raw), option.value});
  p.ref = new_ref(std::move(ref));
  if (!multi) return;
  int count = static_cast<int>(p.options.size());
  auto bounded = [&](const char* key) {
    auto v = number_of(field(el, key));
    int n = v ? static_cast<int>(*v) : 0;
    if (n > count) {
      warn("import.selection_bound", pointer_join(p.pointer, key),
           std::string(key) + " exceeds the number of choices: it is lowered to " + std::to_string(count),
           WarningKind::note);
      n = count;
    }
    return std::max(n, 0);
  };
  p.min_selected = bounded("minSelectedChoices");
  p.max_selected = bounded("maxSelectedChoices");
  if (p.max_selected > 0 && p.max_selected < p.min_selected) {
    warn("import.selection_bound", pointer_join(p.pointer, "maxSelectedChoices"),
         "maxSelectedChoices is below minSelectedChoices: no maximum is carried", WarningKind::meaning);
    p.max_selected = 0;
  }
  if (flag(el, "showSelectAllItem") || flag(el, "hasSelectAll"))
    warn("import.select_all", p.pointer, "the \"select all\" choice is not carried", WarningKind::note);
}

void Converter::plan_boolean(const Json& el, Planned& p) {
  p.as = Planned::As::choice;
  const Json* value_true = field(el, "valueTrue");
  const Json* value_false = field(el, "valueFalse");
  Planned::Option yes{value_true ? *value_true : Json(true), "yes", nullptr};
  Planned::Option no{value_false ? *value_false : Json(false), "no", nullptr};
  auto label = [&](const char* key, BuiltinText builtin) {
    const Json* text = field(el, key);
    auto read = TextTable::read(text);
    return read ? texts_.add(std::move(*read), pointer_join(p.pointer, key)) : texts_.add(builtin);
  };
  yes.text = label("labelTrue", BuiltinText::yes);
  no.text = label("labelFalse", BuiltinText::no);
  p.options = {yes, no};
  RefInfo ref;
  ref.kind = RefInfo::Kind::choice;
  ref.id = p.id;
  for (const auto& option : p.options) ref.options.push_back({sj::Value::from_json(option.raw), option.value});
  p.ref = new_ref(std::move(ref));
  warn("import.boolean", p.pointer, "a boolean is carried as a choice of \"yes\" (" + yes.raw.dump() + ") and \"no\" (" +
                                        no.raw.dump() + ")",
       WarningKind::note);
}

void Converter::plan_rating(const Json& el, Planned& p) {
  std::vector<Item> items;
  if (const Json* values = field(el, "rateValues"); values && values->is_array())
    for (std::size_t i = 0; i < values->size(); ++i)
      if (auto item = read_item((*values)[i], pointer_join(pointer_join(p.pointer, "rateValues"), i)))
        items.push_back(std::move(*item));
  auto labels = [&] {
    for (const char* key : {"minRateDescription", "maxRateDescription"})
      if (auto text = TextTable::read(field(el, key)))
        (std::string(key) == "minRateDescription" ? p.min_label : p.max_label) =
            texts_.add(std::move(*text), pointer_join(p.pointer, key));
  };
  auto likert = [&] {
    p.as = Planned::As::likert;
    RefInfo ref;
    ref.kind = RefInfo::Kind::number;
    ref.id = p.id;
    ref.integral = true;
    p.ref = new_ref(std::move(ref));
    labels();
  };
  if (!items.empty()) {
    bool one_to_five = items.size() == 5;
    for (std::size_t i = 0; one_to_five && i < items.size(); ++i) {
      sj::Value v = sj::correct_value(sj::Value::from_json(items[i].raw));
      one_to_five = v.kind == sj::Value::Kind::number && v.number == static_cast<double>(i + 1);
    }
    if (one_to_five) {
      likert();
      return;
    }
    Json choices = Json::array();
    for (const Item& item : items) choices.push_back(item.text ? Json{{"value", item.raw}, {"text", *item.text}} : item.raw);
    Json shaped = {{"choices", choices}};
    if (!plan_options(shaped, p.pointer, p)) return;
    warn("import.rating", pointer_join(p.pointer, "rateValues"),
         "a rating with its own values is carried as a choice", WarningKind::note);
    p.as = Planned::As::choice;
    RefInfo ref;
    ref.kind = RefInfo::Kind::choice;
    ref.id = p.id;
    for (const auto& option : p.options) ref.options.push_back({sj::Value::from_json(option.raw), option.value});
    p.ref = new_ref(std::move(ref));
    return;
  }
  double min = number_of(field(el, "rateMin")).value_or(1);
  double max = number_of(field(el, "rateMax")).value_or(5);
  double step = number_of(field(el, "rateStep")).value_or(1);
  if (!(step > 0) || !(max > min)) {
    warn("import.rating", p.pointer, "a rating without a usable range is left out", WarningKind::dropped);
    return;
  }
  if (min == 1 && max == 5 && step == 1) {
    likert();
    return;
  }
  if (step == 1 && min == std::floor(min) && max == std::floor(max) && std::fabs(min) <= kNumberBound &&
      std::fabs(max) <= kNumberBound) {
    p.as = Planned::As::number;
    p.min = min;
    p.max = max;
    p.decimals = 0;
    RefInfo ref;
    ref.kind = RefInfo::Kind::number;
    ref.id = p.id;
    ref.integral = true;
    p.ref = new_ref(std::move(ref));
    warn("import.rating", p.pointer,
         "a rating from " + value_text(Json(min)) + " to " + value_text(Json(max)) +
             " is carried as a whole number in that range (Likert questions are 1 to 5)",
         WarningKind::note);
    return;
  }
  Json choices = Json::array();
  for (double v = min; v <= max + 1e-9 && choices.size() <= kMaxOptions; v += step)
    choices.push_back(v == std::floor(v) ? Json(static_cast<long long>(v)) : Json(v));
  Json shaped = {{"choices", choices}};
  if (!plan_options(shaped, p.pointer, p)) return;
  warn("import.rating", p.pointer, "a rating in steps of " + value_text(Json(step)) + " is carried as a choice",
       WarningKind::note);
  p.as = Planned::As::choice;
  RefInfo ref;
  ref.kind = RefInfo::Kind::choice;
  ref.id = p.id;
  for (const auto& option : p.options) ref.options.push_back({sj::Value::from_json(option.raw), option.value});
  p.ref = new_ref(std::move(ref));
}

void Converter::plan_text(const Json& el, Planned& p, bool comment) {
  std::string input_type = !comment && field(el, "inputType") && field(el, "inputType")->is_string()
                               ? field(el, "inputType")->get<std::string>()
                               : "text";
  RefInfo ref;
  ref.id = p.id;
  if (input_type == "number" || input_type == "range") {
    p.as = Planned::As::number;
    double default_min = input_type == "range" ? 0 : -kNumberBound;
    double default_max = input_type == "range" ? 100 : kNumberBound;
    auto min = number_of(field(el, "min")), max = number_of(field(el, "max"));
    p.min = min.value_or(default_min);
    p.max = max.value_or(default_max);
    if (!min || !max)
      warn("import.number_range", p.pointer,
           "without min and max, answers from " + value_text(Json(p.min)) + " to " + value_text(Json(p.max)) +
               " are accepted",
           WarningKind::note);
    if (std::fabs(p.min) > kNumberBound || std::fabs(p.max) > kNumberBound || !(p.min < p.max)) {
      warn("import.number_range", p.pointer,
           "the range must lie within -100000 and 100000 with min below max: -100000 to 100000 is used",
           WarningKind::note);
      p.min = std::max(-kNumberBound, std::min(p.min, kNumberBound));
      p.max = std::max(-kNumberBound, std::min(p.max, kNumberBound));
      if (!(p.min < p.max)) p.min = -kNumberBound, p.max = kNumberBound;
    }
    auto step = number_of(field(el, "step"));
    p.decimals = step && *step > 0 ? decimals_of(*step) : 2;
    if (p.decimals > 2 || !step || !(*step > 0)) {
      p.decimals = std::min(p.decimals, 2);
      warn("import.number_decimals", p.pointer,
           "answers with more than " + std::to_string(p.decimals) + " decimals are refused", WarningKind::note);
    }
    ref.kind = RefInfo::Kind::number;
    ref.integral = p.decimals == 0;
    p.ref = new_ref(std::move(ref));
    return;
  }
  p.as = Planned::As::comment;
  if (input_type == "email")
    warn("import.input_type", pointer_join(p.pointer, "inputType"),
         "the e-mail address check is not carried: any text is accepted", WarningKind::meaning);
  else if (input_type != "text" && input_type != "tel" && input_type != "url" && input_type != "password" &&
           input_type != "search")
    warn("import.input_type", pointer_join(p.pointer, "inputType"),
         "a " + input_type + " answer is carried as free text", WarningKind::meaning);
  p.max_length = kMaxCommentLength;
  if (auto length = number_of(field(el, "maxLength")); length && *length > 0)
    p.max_length = static_cast<int>(std::min<double>(*length, kMaxCommentLength));
  if (const Json* validators = field(el, "validators"); validators && validators->is_array())
    for (const Json& v : *validators)
      if (v.is_object() && (v.value("type", "") == "text" || v.value("type", "") == "textvalidator"))
        if (auto length = number_of(v.contains("maxLength") ? &v["maxLength"] : nullptr); length && *length > 0)
          p.max_length = std::min(p.max_length, static_cast<int>(std::min<double>(*length, kMaxCommentLength)));
  warn("import.comment", p.pointer,
       "the answer is carried as a comment: its text leaves the device only as an unlinked comment released after "
       "the wave closes; at most " + std::to_string(p.max_length) + " characters are accepted",
       WarningKind::note);
  ref.kind = RefInfo::Kind::text;
  p.ref = new_ref(std::move(ref));
}

void Converter::plan_matrix(const Json& el, Planned& p) {
  std::vector<Item> columns, rows;
  for (auto [key, list] : {std::pair{"columns", &columns}, std::pair{"rows", &rows}})
    if (const Json* items = field(el, key); items && items->is_array())
      for (std::size_t i = 0; i < items->size(); ++i)
        if (auto item = read_item((*items)[i], pointer_join(pointer_join(p.pointer, key), i)))
          list->push_back(std::move(*item));
  if (rows.empty() || columns.size() < 2 || columns.size() > kMaxOptions) {
    warn("import.matrix", p.pointer, "a matrix needs rows and 2 to 100 columns: it is left out", WarningKind::dropped);
    return;
  }
  bool likert = columns.size() == 5;
  for (std::size_t i = 0; likert && i < columns.size(); ++i) {
    sj::Value v = sj::correct_value(sj::Value::from_json(columns[i].raw));
    likert = v.kind == sj::Value::Kind::number && v.number == static_cast<double>(i + 1);
  }
  bool each_row = flag(el, "eachRowRequired") || flag(el, "isAllRowRequired");
  bool required = flag(el, "isRequired");
  bool required_if = field(el, "requiredIf") != nullptr;
  p.likert_rows = likert;
  p.as = likert && !required_if && (!required || each_row) ? Planned::As::matrix : Planned::As::matrix_rows;
  if (p.as == Planned::As::matrix_rows)
    warn("import.matrix", p.pointer,
         std::string("the matrix is carried as a panel with one ") + (likert ? "Likert" : "choice") +
             " question per row" + (likert ? " (SurveyJS requires at least one row; a matrix requires every row)" : ""),
         WarningKind::note);
  if (likert) {
    auto label = [&](const Item& item, Json& out) {
      if (item.text && TextTable::read(item.text)) out = texts_.add(*TextTable::read(item.text), item.text_pointer);
    };
    label(columns.front(), p.min_label);
    label(columns.back(), p.max_label);
    for (std::size_t i = 1; i + 1 < columns.size(); ++i)
      if (columns[i].text) {
        warn("import.scale_labels", pointer_join(p.pointer, "columns"),
             "only the labels of the first and last columns are carried", WarningKind::note);
        break;
      }
  } else {
    Json shaped = {{"choices", Json::array()}};
    for (const Item& item : columns)
      shaped["choices"].push_back(item.text ? Json{{"value", item.raw}, {"text", *item.text}} : item.raw);
    Planned columns_plan;
    columns_plan.type = "matrix";
    if (!plan_options(shaped, pointer_join(p.pointer, "columns"), columns_plan)) {
      p.as = Planned::As::dropped;
      return;
    }
    p.options = std::move(columns_plan.options);
  }
  RefInfo matrix;
  matrix.kind = RefInfo::Kind::matrix;
  for (const Item& item : rows) {
    Planned::Row row;
    row.raw = item.raw;
    row.pointer = item.pointer;
    std::string row_name = value_text(item.raw);
    row.id = ids_.allocate(p.name + "_" + row_name, "q");
    report_ids_.push_back({{"surveyjs", p.name + "." + row_name}, {"id", row.id}, {"pointer", item.pointer}});
    if (item.text && TextTable::read(item.text)) {
      row.text = texts_.add(*TextTable::read(item.text), item.text_pointer);
    } else {
      LocalizedText same;
      same.by_locale["default"] = item.split_text.is_string() ? item.split_text.get<std::string>() : row_name;
      row.text = texts_.add(std::move(same), item.text_pointer, true);
    }
    row.visible_if = item.visible_if;
    if (item.visible_if)
      warn("import.row_condition", pointer_join(item.pointer, "visibleIf"),
           "SurveyJS keeps the answer of a hidden matrix row; the converted survey clears it", WarningKind::meaning);
    RefInfo ref;
    ref.id = row.id;
    if (likert) {
      ref.kind = RefInfo::Kind::number;
      ref.integral = true;
    } else {
      ref.kind = RefInfo::Kind::choice;
      for (const auto& option : p.options) ref.options.push_back({sj::Value::from_json(option.raw), option.value});
    }
    row.ref = new_ref(std::move(ref));
    matrix.rows.push_back(row.ref);
    matrix.row_names.push_back(row_name);
    p.rows.push_back(std::move(row));
  }
  p.ref = new_ref(std::move(matrix));
}

std::optional<Json> Converter::emit_question(const Planned& p) {
  const Json& el = *p.sj;
  static const char* kTypes[] = {"", "", "likert", "choice", "multichoice", "number", "comment"};
  Json out = Json::object();
  out["type"] = kTypes[static_cast<int>(p.as)];
  out["id"] = p.id;
  out["text"] = text_of(el, p.pointer, "title", p.name);
  if (el.contains("description")) out["help"] = text_of(el, p.pointer, "description", "");
  common_properties(el, p.pointer, false);
  visibility(el, p.pointer, out);
  if (out.contains("visibleIf")) conditional_question_ = true;
  requirement_and_validators(p, out);
  switch (p.as) {
    case Planned::As::likert:
      if (!p.min_label.is_null()) out["minLabel"] = p.min_label;
      if (!p.max_label.is_null()) out["maxLabel"] = p.max_label;
      break;
    case Planned::As::choice:
    case Planned::As::multichoice: {
      Json options = Json::array();
      for (const auto& option : p.options) options.push_back({{"value", option.value}, {"text", option.text}});
      out["options"] = std::move(options);
      if (p.min_selected > 0) out["minSelected"] = p.min_selected;
      if (p.max_selected > 0) out["maxSelected"] = p.max_selected;
      break;
    }
    case Planned::As::number:
      out["min"] = number_json(p.min);
      out["max"] = number_json(p.max);
      out["decimals"] = p.decimals;
      break;
    case Planned::As::comment: out["maxLength"] = p.max_length; break;
    default: break;
  }
  return out;
}

std::optional<Json> Converter::emit_matrix(const Planned& p) {
  const Json& el = *p.sj;
  common_properties(el, p.pointer, false);
  if (const Json* validators = field(el, "validators"); validators && validators->is_array() && !validators->empty())
    warn("import.matrix_validators", pointer_join(p.pointer, "validators"),
         "validators of a whole matrix are not carried", WarningKind::meaning);
  bool each_row = flag(el, "eachRowRequired") || flag(el, "isAllRowRequired");
  auto row_visibility = [&](const Planned::Row& row, Json& out) {
    if (!row.visible_if) return;
    if (!row.visible_if->is_string()) return;
    if (auto node = translate(row.visible_if->get<std::string>(), pointer_join(row.pointer, "visibleIf"), "visibleIf"))
      if (!out::is_literal(*node, true)) {
        out["visibleIf"] = out::print(*node);
        out[kOrigin] = row.pointer;
        conditional_question_ = true;
      }
  };
  Json out = Json::object();
  if (p.as == Planned::As::matrix) {
    out["type"] = "matrix";
    out["id"] = p.id;
    out["text"] = text_of(el, p.pointer, "title", p.name);
    if (el.contains("description")) out["help"] = text_of(el, p.pointer, "description", "");
    if (each_row) out["required"] = true;
    visibility(el, p.pointer, out);
    if (out.contains("visibleIf")) conditional_question_ = true;
    Json rows = Json::array();
    for (const auto& row : p.rows) {
      Json r = {{"id", row.id}, {"text", row.text}};
      row_visibility(row, r);
      rows.push_back(std::move(r));
    }
    out["rows"] = std::move(rows);
    if (!p.min_label.is_null()) out["minLabel"] = p.min_label;
    if (!p.max_label.is_null()) out["maxLabel"] = p.max_label;
    return out;
  }
  // A panel of rows: each row a question, so that "at least one row" and
  // requiredIf can be said row by row.
  out["type"] = "panel";
  out["id"] = p.id;
  out["title"] = text_of(el, p.pointer, "title", p.name);
  if (el.contains("description")) out["description"] = text_of(el, p.pointer, "description", "");
  visibility(el, p.pointer, out);
  if (out.contains("visibleIf")) conditional_container_ = true;
  std::optional<out::NodePtr> matrix_required;
  if (field(el, "requiredIf")) matrix_required = condition(el, p.pointer, "requiredIf");
  else if (flag(el, "isRequired")) matrix_required = out::boolean(true);
  Json elements = Json::array();
  for (std::size_t i = 0; i < p.rows.size(); ++i) {
    const auto& row = p.rows[i];
    Json q = Json::object();
    q["type"] = p.likert_rows ? "likert" : "choice";
    q["id"] = row.id;
    q["text"] = row.text;
    row_visibility(row, q);
    out::NodePtr required = out::boolean(false);
    if (each_row) {
      required = out::boolean(true);
    } else if (matrix_required) {
      // SurveyJS: the matrix is answered when any row is
      std::vector<out::NodePtr> parts{*matrix_required};
      for (std::size_t j = 0; j < p.rows.size(); ++j)
        if (j != i) parts.push_back(out::postfix("empty", out::ref(p.rows[j].id)));
      required = out::all_of(std::move(parts));
    }
    if (out::is_literal(required, true)) q["required"] = true;
    else if (!out::is_literal(required, false)) q["requiredIf"] = out::print(required);
    if (!p.likert_rows) {
      Json options = Json::array();
      for (const auto& option : p.options) options.push_back({{"value", option.value}, {"text", option.text}});
      q["options"] = std::move(options);
    } else {
      if (!p.min_label.is_null()) q["minLabel"] = p.min_label;
      if (!p.max_label.is_null()) q["maxLabel"] = p.max_label;
    }
    elements.push_back(std::move(q));
  }
  out["elements"] = std::move(elements);
  return out;
}

}  // namespace sos::import::detail
