// This file offers report_view: the dashboard's one call, every figure of one
// view (a group in a wave, with its trend, comparison, gap, heatmap and
// response rates) from the endpoint's own bodies.
#include <cmath>
#include <exception>
#include <memory>
#include <new>
#include <unordered_map>

#include "json_doc.h"
#include "release_json.h"
#include "report_json.h"
#include "report_text.h"
#include "sos/report.h"
#include "tree_order.h"

namespace sos {
namespace {

using detail::Json;

// Up to this many groups, the heatmap and the response table hold every
// group; beyond, the chosen group's family ("rows": "auto", docs/report.md).
constexpr std::size_t kAllRowsUpTo = 50;

Error bad(std::string pointer, std::string message) {
  return Error{"report.bad_request", std::move(pointer), std::move(message)};
}

Error inside(const Error& e, const std::string& prefix) { return Error{e.code, prefix + e.pointer, e.message}; }

struct Wave {
  std::string id;
  std::optional<Release> release;                     // a closed (or open) wave's release
  std::optional<std::vector<ResponseRate>> progress;  // an open wave's "sos-progress/1"
  NotApplicable not_applicable;                       // from the wave's groupAttributes
  // The release's group ids to their place in release->groups: a tree of
  // thousands of groups is looked up, not searched, per figure.
  std::unordered_map<std::string, std::size_t> index;
};

// Which groups the heatmap and the response table hold.
enum class Rows { automatic, all, near };

struct Comment {
  std::string group, question, text;
};

struct Request {
  ReportOptions options;
  std::string group;
  std::string role;
  Rows rows = Rows::automatic;
  std::vector<Wave> waves;
  std::optional<std::vector<std::string>> compare;
  std::vector<std::string> gap_roles;
  NotApplicable not_applicable;
  std::vector<Comment> comments;
};

// The request is read with the one-pass reader (json_doc.h): it holds every
// closed wave's release, megabytes for a tree of thousands of groups.
using detail::JsonRef;

Result<std::string> string_at(JsonRef doc, std::string_view key, const std::string& at, bool required,
                              std::string fallback = {}) {
  JsonRef it = doc.find(key);
  if (!it || (it.is_null() && !required)) {
    if (required) return bad(at, "\"" + std::string(key) + "\" is required");
    return fallback;
  }
  if (!it.is_string())
    return bad(at + "/" + std::string(key), "must be a string, but is " + std::string(it.type_name()));
  return std::string(it.string());
}

Result<std::vector<std::string>> strings_at(JsonRef value, const std::string& at) {
  if (!value.is_array()) return bad(at, "must be an array of strings, but is " + std::string(value.type_name()));
  std::vector<std::string> out;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (!value[i].is_string()) return bad(detail::pointer_join(at, i), "must be a string");
    out.emplace_back(value[i].string());
  }
  return out;
}

// A whole number that fits (counts and limits here are far below 2^53).
std::optional<std::int64_t> whole(JsonRef value) {
  if (!value.is_number_integer() || std::fabs(value.number()) > 9e15) return std::nullopt;
  return static_cast<std::int64_t>(value.number());
}

// "sos-progress/1" as the endpoint sends it for an open wave.
Result<std::vector<ResponseRate>> read_progress(JsonRef doc, const std::string& at) {
  const JsonRef groups = doc.find("groups");  // absent unless doc is an object
  if (!groups || !groups.is_array()) return bad(at, "must be an object with \"groups\"");
  std::vector<ResponseRate> out;
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const JsonRef g = groups[i];
    std::string here = detail::pointer_join(at + "/groups", i);
    if (!g.is_object()) return bad(here, "must be an object");
    auto group = string_at(g, "group", here, true);
    if (!group.ok()) return group.error();
    auto parent = string_at(g, "parent", here, false);
    if (!parent.ok()) return parent.error();
    auto count = [&](std::string_view key) -> Result<std::optional<std::int64_t>> {
      JsonRef it = g.find(key);
      if (!it || it.is_null()) return std::optional<std::int64_t>();
      std::optional<std::int64_t> n = whole(it);
      if (!n || *n < 0) return bad(here + "/" + std::string(key), "must be a count");
      return n;
    };
    auto respondents = count("respondents");
    auto headcount = count("headcount");
    if (!respondents.ok()) return respondents.error();
    if (!headcount.ok()) return headcount.error();
    out.push_back(response_rate(group.value(), parent.value(), respondents.value(), headcount.value().value_or(0)));
  }
  return out;
}

// A group's release index in `wave`, or nullopt.
std::optional<std::size_t> index_of(const Wave& wave, const std::string& group) {
  auto it = wave.index.find(group);
  if (it == wave.index.end()) return std::nullopt;
  return it->second;
}

// `group_required` is false for JsonReport::load, which names the group per view.
Result<Request> read_request(const Survey& survey, std::string_view text, bool group_required = true) {
  Result<detail::JsonDoc> parsed = detail::JsonDoc::parse(text);
  if (!parsed.ok()) return parsed.error();
  const JsonRef doc = parsed->root();
  if (!doc.is_object()) return bad("", "the request must be an object");
  for (std::size_t i = 0; i < doc.size(); ++i) {
    static const char* known[] = {"format",       "language",        "greenAbove", "group",    "role",
                                  "waves",        "benchmark",       "compare",    "gapRoles", "notApplicable",
                                  "maxStrengths", "maxImprovements", "comments",   "rows"};
    bool ok = false;
    for (const char* k : known) ok = ok || doc.key_at(i) == k;
    if (!ok) {
      const std::string key(doc.key_at(i));
      return bad("/" + key, "unknown field \"" + key + "\"");
    }
  }
  Request r;
  auto format = string_at(doc, "format", "", false, "sos-report-request/1");
  if (!format.ok()) return format.error();
  if (format.value() != "sos-report-request/1") return bad("/format", "must be \"sos-report-request/1\"");
  auto language = string_at(doc, "language", "", false);
  auto group = string_at(doc, "group", "", group_required);
  auto role = string_at(doc, "role", "", false);
  for (const auto* s : {&language, &group, &role})
    if (!s->ok()) return s->error();
  r.options.language = language.value();
  r.group = group.value();
  r.role = role.value();
  auto rows = string_at(doc, "rows", "", false, "auto");
  if (!rows.ok()) return rows.error();
  if (rows.value() == "all") {
    r.rows = Rows::all;
  } else if (rows.value() == "near") {
    r.rows = Rows::near;
  } else if (rows.value() != "auto") {
    return bad("/rows", "must be \"auto\", \"all\" or \"near\"");
  }
  if (JsonRef it = doc.find("greenAbove")) {
    double tenths = it.is_number() ? it.number() * 10 : -1;
    if (!(tenths >= 10 && tenths <= 50) || std::fabs(tenths - std::round(tenths)) > 1e-9)
      return bad("/greenAbove", "must be a score of 1.0-5.0 with one decimal");
    r.options.green_above_tenths = static_cast<int>(std::lround(tenths));
  }
  for (const char* key : {"maxStrengths", "maxImprovements"}) {
    JsonRef it = doc.find(key);
    if (!it) continue;
    std::optional<std::int64_t> n = whole(it);
    if (!n || *n < 0 || *n > 100) return bad(std::string("/") + key, "must be a whole number 0-100");
    (std::string(key) == "maxStrengths" ? r.options.max_strengths : r.options.max_improvements) = static_cast<int>(*n);
  }
  if (JsonRef it = doc.find("benchmark"); it && !it.is_null()) {
    Result<Benchmark> b = parse_benchmark(it.dump());
    if (!b.ok()) return inside(b.error(), "/benchmark");
    r.options.benchmark = b.value();
  }
  const JsonRef waves = doc.find("waves");
  if (!waves || !waves.is_array() || waves.empty()) return bad("/waves", "must be a list of at least one wave, oldest first");
  for (std::size_t i = 0; i < waves.size(); ++i) {
    const JsonRef w = waves[i];
    std::string at = detail::pointer_join("/waves", i);
    if (!w.is_object()) return bad(at, "must be an object");
    Wave wave;
    auto id = string_at(w, "id", at, true);
    if (!id.ok()) return id.error();
    wave.id = id.value();
    if (JsonRef it = w.find("release")) {
      Result<Release> release = detail::release_from_doc(it);
      if (!release.ok()) return inside(release.error(), at + "/release");
      if (release->survey != survey.id)
        return Error{"report.survey_mismatch", at + "/release/survey",
                     "the release is of survey \"" + release->survey + "\", not \"" + survey.id + "\""};
      wave.release = std::move(release).value();
      wave.index.reserve(wave.release->groups.size());
      for (std::size_t g = 0; g < wave.release->groups.size(); ++g)
        wave.index.emplace(wave.release->groups[g].group, g);
    } else if (JsonRef progress_doc = w.find("progress")) {
      auto progress = read_progress(progress_doc, at + "/progress");
      if (!progress.ok()) return progress.error();
      wave.progress = std::move(progress).value();
    } else {
      return bad(at, "a wave needs \"release\" (sos-release/2) or \"progress\" (sos-progress/1)");
    }
    if (JsonRef it = w.find("groupAttributes"); it && !it.is_null() && wave.release) {
      if (!it.is_object()) return bad(at + "/groupAttributes", "must be an object of group id to attributes");
      std::map<std::string, std::string, std::less<>> attributes;
      for (std::size_t g = 0; g < it.size(); ++g) attributes[std::string(it.key_at(g))] = it.value_at(g).dump();
      auto na = not_applicable_dimensions(survey, *wave.release, attributes);
      if (!na.ok()) return inside(na.error(), at + "/groupAttributes");
      wave.not_applicable = std::move(na).value();
    }
    r.waves.push_back(std::move(wave));
  }
  if (JsonRef it = doc.find("compare")) {
    auto compare = strings_at(it, "/compare");
    if (!compare.ok()) return compare.error();
    r.compare = compare.value();
  }
  if (JsonRef it = doc.find("gapRoles")) {
    auto roles = strings_at(it, "/gapRoles");
    if (!roles.ok()) return roles.error();
    if (roles->size() != 2) return bad("/gapRoles", "must name two roles");
    r.gap_roles = roles.value();
  }
  if (JsonRef it = doc.find("notApplicable")) {
    if (!it.is_object()) return bad("/notApplicable", "must be an object of group id to dimension ids");
    for (std::size_t g = 0; g < it.size(); ++g) {
      auto dims = strings_at(it.value_at(g), detail::pointer_join("/notApplicable", it.key_at(g)));
      if (!dims.ok()) return dims.error();
      r.not_applicable[std::string(it.key_at(g))].insert(dims->begin(), dims->end());
    }
  }
  if (JsonRef it = doc.find("comments")) {
    if (!it.is_array()) return bad("/comments", "must be an array of released comments");
    for (std::size_t i = 0; i < it.size(); ++i) {
      const JsonRef c = it[i];
      std::string at = detail::pointer_join("/comments", i);
      if (!c.is_object()) return bad(at, "must be an object");
      auto group = string_at(c, "group", at, true);
      auto question = string_at(c, "question", at, true);
      auto text = string_at(c, "text", at, true);
      for (const auto* s : {&group, &question, &text})
        if (!s->ok()) return s->error();
      int q = survey.question_index(question.value());
      if (q < 0 || survey.questions[q].type != QuestionType::comment)
        return bad(at + "/question", "\"" + question.value() + "\" is not a comment question of the survey");
      r.comments.push_back({group.value(), question.value(), text.value()});
    }
  }
  return r;
}

class ViewBuilder {
 public:
  // `group` and `options` are the view's own: one loaded request answers the
  // views of many groups and languages.
  ViewBuilder(const Survey& survey, const Request& request, std::string group, ReportOptions options)
      : s_(survey), q_(request), group_(std::move(group)), options_(std::move(options)) {}

  Result<Json> build() {
    const Wave& latest = q_.waves.back();
    const std::string at = "/waves/" + std::to_string(q_.waves.size() - 1);
    Json view = Json::object();
    view["format"] = kReportFormat;
    view["kind"] = "view";
    view["wave"] = latest.id;
    view["group"] = group_;
    view["role"] = q_.role;
    // An open wave shows response counts and rates only.
    if (latest.progress || latest.release->state == WaveState::open) {
      view["state"] = "open";
      std::vector<ResponseRate> rates = detail::in_tree_order(
          latest.progress ? *latest.progress : response_rates_from_release(*latest.release));
      const bool near = near_rows(rates.size());
      view["rows"] = near ? "near" : "all";
      view["responses"] = detail::response_rates_object(near ? near_only(std::move(rates)) : std::move(rates));
      return view;
    }
    view["state"] = "closed";
    const Release& release = *latest.release;
    auto report = report_for(latest, group_, q_.role, at, true);
    if (!report.ok()) return report.error();
    view["report"] = detail::report_object(report.value());

    auto trend = trend_for();
    if (!trend.ok()) return trend.error();
    view["trend"] = detail::trend_object(trend.value());

    std::vector<std::string> references = q_.compare ? *q_.compare : ancestors(latest, group_);
    std::vector<GroupReport> others;
    for (const std::string& id : references) {
      auto other = report_for(latest, id, q_.role, at);
      if (!other.ok()) return other.error();
      others.push_back(std::move(other).value());
    }
    auto comparison = compare_groups(report.value(), others);
    if (!comparison.ok()) return comparison.error();
    view["comparison"] = detail::comparison_object(comparison.value());

    view["gap"] = nullptr;
    std::vector<std::string> roles = q_.gap_roles;
    if (roles.empty() && s_.role_index("seller") >= 0 && s_.role_index(release.manager_role) >= 0 &&
        release.manager_role != "seller")
      roles = {"seller", release.manager_role};
    if (roles.size() == 2) {
      auto a = report_for(latest, group_, roles[0], at);
      auto b = report_for(latest, group_, roles[1], at);
      if (!a.ok()) return a.error();
      if (!b.ok()) return b.error();
      auto gap = perception_gap(a.value(), b.value());
      if (!gap.ok()) return gap.error();
      view["gap"] = detail::gap_object(gap.value());
    }

    // A tree of thousands of groups keeps these tables to the chosen group's
    // family: a report for every group would cost seconds per view and give
    // a table nobody can read.
    const bool near = near_rows(release.groups.size());
    view["rows"] = near ? "near" : "all";
    const std::string parent = parent_in(release, group_);
    Json heatmap = Json::array();
    for (std::size_t i : detail::tree_order(release.groups)) {
      const GroupFigures& g = release.groups[i];
      if (near && !is_near(g.group, g.parent, parent)) continue;
      auto r = report_for(latest, g.group, q_.role, at);
      if (!r.ok()) return r.error();
      Json row = {
          {"group", g.group}, {"parent", g.parent}, {"respondents", r->respondents ? Json(*r->respondents) : Json()}};
      Json cells = Json::array();
      for (const DimensionFigure& d : r->dimensions) {
        Json cell = {{"id", d.dimension}, {"state", state_name(d.state)}, {"colour", colour_name(d.colour)}};
        // Colour is never the only signal: the label goes with it.
        if (!d.colour_label.empty()) cell["colourLabel"] = d.colour_label;
        if (!d.state_label.empty()) cell["stateLabel"] = d.state_label;
        cell["tenths"] = d.score ? Json(d.score->tenths) : Json();
        cell["display"] = d.score ? Json(detail::format_tenths(d.score->tenths, report->language)) : Json();
        cells.push_back(std::move(cell));
      }
      row["dimensions"] = std::move(cells);
      heatmap.push_back(std::move(row));
    }
    view["heatmap"] = std::move(heatmap);
    std::vector<ResponseRate> rates = detail::in_tree_order(response_rates_from_release(release));
    view["responses"] = detail::response_rates_object(near ? near_only(std::move(rates)) : std::move(rates));
    view["comments"] = comments_of(report->language);
    return view;
  }

 private:
  // Other groups' and roles' reports feed only dimension figures: their
  // question distributions are left out.
  Result<GroupReport> report_for(const Wave& wave, const std::string& group, const std::string& role,
                                 const std::string& at, bool questions = false) {
    const Release& release = *wave.release;
    std::optional<std::size_t> index = index_of(wave, group);
    auto figures = index ? figures_from_release(release, *index, role)
                         : figures_from_release(release, std::string_view(group), role);
    if (!figures.ok()) return inside(figures.error(), at + "/release");
    figures->not_applicable = not_applicable_to(wave, group);
    ReportOptions options = options_;
    options.questions = questions;
    auto report = report_group(s_, figures.value(), options);
    if (!report.ok()) return inside(in_release(report.error(), release, group, role), at + "/release");
    return report;
  }

  // The group's report in every closed wave that has it, oldest first.
  Result<Trend> trend_for() {
    std::vector<WaveReport> waves;
    for (std::size_t i = 0; i < q_.waves.size(); ++i) {
      const Wave& w = q_.waves[i];
      if (!w.release || w.release->state != WaveState::closed) continue;
      std::optional<std::size_t> index = index_of(w, group_);
      if (!index) continue;  // a group that did not exist in that wave
      auto figures = figures_from_release(*w.release, *index, q_.role);
      if (!figures.ok()) continue;  // a role that did not exist in that wave
      figures->not_applicable = not_applicable_to(w, group_);
      ReportOptions options = options_;
      options.questions = false;
      auto report = report_group(s_, figures.value(), options);
      if (!report.ok())
        return inside(in_release(report.error(), *w.release, group_, q_.role),
                      "/waves/" + std::to_string(i) + "/release");
      waves.push_back({w.id, std::move(report).value()});
    }
    return report_trend(waves);
  }

  // What the request says directly and what the wave's group attributes
  // decide by the survey's rules.
  std::set<std::string, std::less<>> not_applicable_to(const Wave& wave, const std::string& group) const {
    std::set<std::string, std::less<>> out;
    for (const NotApplicable* source : {&q_.not_applicable, &wave.not_applicable})
      if (auto it = source->find(group); it != source->end()) out.insert(it->second.begin(), it->second.end());
    return out;
  }

  // The group's own released comments under their questions, in survey
  // order, each question's text in the report's language. The texts are
  // untrusted: they go out as JSON strings, to be drawn as text.
  Json comments_of(const std::string& language) const {
    Json questions = Json::array();
    for (const Question& q : s_.questions) {
      if (q.type != QuestionType::comment) continue;
      Json texts = Json::array();
      for (const Comment& c : q_.comments)
        if (c.group == group_ && c.question == q.id) texts.push_back(c.text);
      if (texts.empty()) continue;
      questions.push_back(
          {{"id", q.id}, {"text", std::string(q.text.in(language, s_.fallback_language))}, {"comments", texts}});
    }
    return {{"group", group_}, {"questions", std::move(questions)}};
  }

  // Where report_group's "/cells/KEY" is in the release:
  // "/groups/I/roles/J/cells/K", K the key's index (cells are aligned with
  // the release's keys).
  static Error in_release(Error e, const Release& release, const std::string& group, const std::string& role) {
    static constexpr std::string_view kCells = "/cells/";
    for (std::size_t g = 0; g < release.groups.size(); ++g) {
      if (release.groups[g].group != group) continue;
      for (std::size_t r = 0; r < release.groups[g].roles.size(); ++r) {
        if (release.groups[g].roles[r].role != role) continue;
        std::string place = "/groups/" + std::to_string(g) + "/roles/" + std::to_string(r);
        if (e.pointer.rfind(kCells, 0) == 0) {
          int key = release.key_index(std::string_view(e.pointer).substr(kCells.size()));
          if (key >= 0) e.pointer = place + "/cells/" + std::to_string(key);
        }
        return e;
      }
    }
    return e;
  }

  static std::vector<std::string> ancestors(const Wave& wave, const std::string& group) {
    std::vector<std::string> out;
    std::string current = group;
    for (std::size_t guard = 0; guard <= wave.release->groups.size(); ++guard) {
      std::optional<std::size_t> found = index_of(wave, current);
      if (!found || wave.release->groups[*found].parent.empty()) break;
      current = wave.release->groups[*found].parent;
      out.push_back(current);
    }
    return out;
  }

  bool near_rows(std::size_t groups) const {
    return q_.rows == Rows::near || (q_.rows == Rows::automatic && groups > kAllRowsUpTo);
  }

  std::string parent_in(const Release& release, const std::string& group) const {
    std::optional<std::size_t> at = index_of(q_.waves.back(), group);
    return at ? release.groups[*at].parent : std::string();
  }

  // The chosen group's family: its parent, itself, its siblings and its
  // children.
  bool is_near(const std::string& group, const std::string& parent, const std::string& chosen_parent) const {
    return group == group_ || parent == group_ || parent == chosen_parent ||
           (!chosen_parent.empty() && group == chosen_parent);
  }

  std::vector<ResponseRate> near_only(std::vector<ResponseRate> rates) const {
    std::string chosen_parent;
    for (const ResponseRate& r : rates)
      if (r.group == group_) chosen_parent = r.parent;
    std::vector<ResponseRate> out;
    for (ResponseRate& r : rates)
      if (is_near(r.group, r.parent, chosen_parent)) out.push_back(std::move(r));
    return out;
  }

  const Survey& s_;
  const Request& q_;
  std::string group_;
  ReportOptions options_;
};

}  // namespace

Result<std::string> report_view(const Survey& survey, std::string_view request_json) {
  auto request = read_request(survey, request_json);
  if (!request.ok()) return request.error();
  auto view = ViewBuilder(survey, request.value(), request->group, request->options).build();
  if (!view.ok()) return view.error();
  return view->dump(-1, ' ', false, Json::error_handler_t::replace);
}

namespace {

std::string failure_json(const Error& e) {
  Json out = {{"ok", false}, {"error", {{"code", e.code}, {"pointer", e.pointer}, {"message", e.message}}}};
  return out.dump(-1, ' ', false, Json::error_handler_t::replace);
}

// The survey, or the first error of loading it.
Result<std::shared_ptr<const Survey>> survey_of(const std::string& survey_json) {
  LoadResult loaded = load_survey(survey_json);
  if (loaded.ok()) return loaded.survey;
  for (const Diagnostic& d : loaded.diagnostics)
    if (d.severity == Severity::error) return d.error;
  return Error{"survey.invalid", "", "the survey does not load"};
}

// Runs `call` with the bindings' promise: no exception leaves.
template <typename Call>
std::string guarded(Call call) {
  try {
    return call();
  } catch (const std::bad_alloc&) {
    return failure_json({"engine.out_of_memory", "", "the engine ran out of memory"});
  } catch (const std::exception& e) {
    return failure_json({"engine.internal", "", std::string("internal error: ") + e.what()});
  }
}

}  // namespace

std::string report_view_json(const std::string& survey_json, const std::string& request_json) {
  return guarded([&] {
    auto survey = survey_of(survey_json);
    if (!survey.ok()) return failure_json(survey.error());
    auto view = report_view(*survey.value(), request_json);
    if (!view.ok()) return failure_json(view.error());
    return "{\"ok\":true,\"view\":" + view.value() + "}";
  });
}

struct JsonReport::Loaded {
  std::shared_ptr<const Survey> survey;
  Request request;
};

JsonReport::JsonReport() = default;
JsonReport::~JsonReport() = default;

std::string JsonReport::load(const std::string& survey_json, const std::string& request_json) {
  loaded_.reset();
  return guarded([&] {
    auto survey = survey_of(survey_json);
    if (!survey.ok()) return failure_json(survey.error());
    auto request = read_request(*survey.value(), request_json, false);
    if (!request.ok()) return failure_json(request.error());
    loaded_ = std::make_unique<Loaded>(Loaded{std::move(survey).value(), std::move(request).value()});
    return std::string("{\"ok\":true}");
  });
}

std::string JsonReport::view(const std::string& group, const std::string& language) const {
  if (!loaded_) return failure_json({"report.not_loaded", "", "load a survey and a request first"});
  return guarded([&] {
    if (group.empty()) return failure_json(bad("/group", "\"group\" is required"));
    ReportOptions options = loaded_->request.options;
    if (!language.empty()) options.language = language;
    auto view = ViewBuilder(*loaded_->survey, loaded_->request, group, options).build();
    if (!view.ok()) return failure_json(view.error());
    return "{\"ok\":true,\"view\":" + view->dump(-1, ' ', false, Json::error_handler_t::replace) + "}";
  });
}

}  // namespace sos
