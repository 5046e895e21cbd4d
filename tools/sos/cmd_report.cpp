// This file offers `sos report GROUP`: one group's report for a wave, from a
// store or from release files and the survey, as text or as the engine's
// "sos-report/1" view (--json), in Swedish, English or Norwegian. Every
// figure and label comes from the engine's report view; this file only lays
// them out.
#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "cli_support.h"
#include "sos/commands.h"
#include "sos/io.h"
#include "sos/report.h"

namespace sos::cli {

namespace {

using Json = nlohmann::json;

struct Args {
  std::string group, role, language = "en", green_above;
  bool json = false;
  // From a store
  std::string store, org, wave;
  // From files
  std::string survey;
  std::vector<std::string> releases;
  std::string benchmark, attributes;
};

// The command's own headings; everything else is the engine's text.
struct Words {
  std::string_view respondents, dimension, score, colour, benchmark, change, over_all, strengths, improvements,
      compared, difference, gap, comments, within, beyond, none_listed, open, group, headcount, rate;
};

const Words& words(std::string_view language) {
  static const Words en{"Respondents",
                        "Dimension",
                        "Score",
                        "Colour",
                        "Benchmark",
                        "Change",
                        "Over all waves",
                        "Strengths",
                        "Improvement areas",
                        "Compared with",
                        "Difference",
                        "Sellers and managers",
                        "Open comments",
                        "within chance",
                        "beyond chance",
                        "none",
                        "The wave is open: only response counts and rates are shown until it closes.",
                        "Group",
                        "Headcount",
                        "Response rate"};
  static const Words sv{"Svarande",
                        "Område",
                        "Värde",
                        "Färg",
                        "Jämförelsevärde",
                        "Förändring",
                        "Över alla omgångar",
                        "Styrkor",
                        "Förbättringsområden",
                        "Jämfört med",
                        "Skillnad",
                        "Säljare och säljchefer",
                        "Öppna kommentarer",
                        "inom slumpens ram",
                        "utöver slumpens ram",
                        "inga",
                        "Omgången är öppen: bara antal svar och svarsfrekvens visas tills den stänger.",
                        "Grupp",
                        "Antal anställda",
                        "Svarsfrekvens"};
  static const Words nb{"Svarende",
                        "Område",
                        "Verdi",
                        "Farge",
                        "Referanseverdi",
                        "Endring",
                        "Over alle runder",
                        "Styrker",
                        "Forbedringsområder",
                        "Sammenlignet med",
                        "Forskjell",
                        "Selgere og salgsledere",
                        "Åpne kommentarer",
                        "innenfor tilfeldighetene",
                        "utover tilfeldighetene",
                        "ingen",
                        "Runden er åpen: bare antall svar og svarprosent vises til den stenger.",
                        "Gruppe",
                        "Antall ansatte",
                        "Svarprosent"};
  if (language == "sv") return sv;
  if (language == "nb" || language == "no") return nb;
  return en;
}

// Width in characters (UTF-8 code points), for aligned columns.
std::size_t width(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

void print_table(const std::vector<std::vector<std::string>>& rows) {
  std::vector<std::size_t> widths;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (widths.size() <= i) widths.push_back(0);
      widths[i] = std::max(widths[i], width(row[i]));
    }
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - width(row[i]) + 2, ' ');
    }
    std::printf("%s\n", line.c_str());
  }
}

std::string text_of(const Json& value, const char* key, std::string fallback = "") {
  auto it = value.find(key);
  return it != value.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string change_text(const Json& change, const Words& w) {
  if (!change.is_object()) return "–";
  std::string out = change["display"].get<std::string>();
  if (change["withinChance"].is_boolean())
    out += std::string(" (") + std::string(change["withinChance"].get<bool>() ? w.within : w.beyond) + ")";
  return out;
}

void print_view(const Json& view, const std::string& language) {
  const Words& w = words(language);
  std::printf("%s · %s%s\n", view["group"].get<std::string>().c_str(), view["wave"].get<std::string>().c_str(),
              view["role"].get<std::string>().empty() ? "" : (" · " + view["role"].get<std::string>()).c_str());
  if (view["state"] == "open") {
    std::printf("%s\n\n", std::string(w.open).c_str());
    std::vector<std::vector<std::string>> rows{
        {std::string(w.group), std::string(w.respondents), std::string(w.headcount), std::string(w.rate)}};
    for (const Json& g : view["responses"]["groups"])
      rows.push_back({g["group"].get<std::string>(),
                      g["respondents"].is_null() ? "–" : std::to_string(g["respondents"].get<std::int64_t>()),
                      std::to_string(g["headcount"].get<std::int64_t>()),
                      g["ratePercent"].is_null() ? "–" : std::to_string(g["ratePercent"].get<int>()) + " %"});
    print_table(rows);
    return;
  }
  const Json& report = view["report"];
  std::printf("%s: %s\n", std::string(w.respondents).c_str(),
              report["respondents"].is_null() ? text_of(report, "respondentsLabel").c_str()
                                              : std::to_string(report["respondents"].get<std::int64_t>()).c_str());
  std::printf("%s\n", report["colourRule"]["text"].get<std::string>().c_str());
  for (const Json& note : report["notes"]) std::printf("%s\n", note.get<std::string>().c_str());
  if (report["benchmark"].is_object())
    std::printf("%s: %s, %s\n", std::string(w.benchmark).c_str(), text_of(report["benchmark"], "source").c_str(),
                text_of(report["benchmark"], "date").c_str());
  std::printf("\n");

  std::map<std::string, const Json*> trend;
  for (const Json& d : view["trend"]["dimensions"]) trend[d["id"].get<std::string>()] = &d;
  std::vector<std::vector<std::string>> rows{{std::string(w.dimension), std::string(w.score), "n",
                                              std::string(w.colour), std::string(w.benchmark), std::string(w.change),
                                              std::string(w.over_all)}};
  for (const Json& d : report["dimensions"]) {
    bool shown = d["state"] == "shown";
    const Json* t = trend.count(d["id"].get<std::string>()) ? trend[d["id"].get<std::string>()] : nullptr;
    rows.push_back({d["title"].get<std::string>(),
                    shown ? d["score"]["display"].get<std::string>() : text_of(d, "stateLabel"),
                    shown ? std::to_string(d["score"]["n"].get<std::int64_t>()) : "–", text_of(d, "colourLabel", "–"),
                    d["benchmarkDisplay"].is_string() ? d["benchmarkDisplay"].get<std::string>() : "–",
                    t ? change_text((*t)["sincePrevious"], w) : "–", t ? change_text((*t)["overAll"], w) : "–"});
  }
  print_table(rows);

  std::map<std::string, const Json*> by_id;
  for (const Json& d : report["dimensions"]) by_id[d["id"].get<std::string>()] = &d;
  for (auto [key, heading] : {std::pair{"strengths", w.strengths}, std::pair{"improvements", w.improvements}}) {
    std::printf("\n%s:\n", std::string(heading).c_str());
    if (report[key].empty()) std::printf("  %s\n", std::string(w.none_listed).c_str());
    for (const Json& id : report[key]) {
      const Json& d = *by_id[id.get<std::string>()];
      std::printf("  %s (%s, %s)\n", d["title"].get<std::string>().c_str(),
                  d["score"]["display"].get<std::string>().c_str(), text_of(d, "colourLabel").c_str());
      for (const Json& tip : d["tips"]) std::printf("    - %s\n", tip.get<std::string>().c_str());
    }
  }

  const Json& comparison = view["comparison"];
  if (!comparison["references"].empty()) {
    std::printf("\n%s:\n", std::string(w.compared).c_str());
    std::vector<std::string> head{std::string(w.dimension), view["group"].get<std::string>()};
    for (const Json& r : comparison["references"]) {
      head.push_back(r.get<std::string>());
      head.push_back(std::string(w.difference));
    }
    std::vector<std::vector<std::string>> table{head};
    auto value = [](const Json& v) {
      return v["state"] == "shown" ? v["display"].get<std::string>() + " (" + text_of(v, "colourLabel") + ")"
                                   : text_of(v, "stateLabel", "–");
    };
    for (const Json& d : comparison["dimensions"]) {
      std::vector<std::string> row{d["title"].get<std::string>(), value(d["subject"])};
      for (const Json& r : d["references"]) {
        row.push_back(value(r));
        row.push_back(text_of(r, "differenceDisplay", "–"));
      }
      table.push_back(std::move(row));
    }
    print_table(table);
  }

  if (view["gap"].is_object() && !view["gap"]["ranked"].empty()) {
    std::printf("\n%s:\n", std::string(w.gap).c_str());
    std::vector<std::vector<std::string>> table;
    for (const Json& d : view["gap"]["ranked"])
      table.push_back({d["title"].get<std::string>(), d["a"]["display"].get<std::string>(),
                       d["b"]["display"].get<std::string>(), d["display"].get<std::string>()});
    print_table(table);
  }

  const Json& comments = view["comments"]["questions"];
  if (!comments.empty()) {
    std::printf("\n%s:\n", std::string(w.comments).c_str());
    for (const Json& q : comments) {
      std::printf("  %s\n", q["text"].get<std::string>().c_str());
      for (const Json& c : q["comments"]) std::printf("    - %s\n", c.get<std::string>().c_str());
    }
  }
}

Json read_json_or_exit(const std::string& path) {
  std::string text = serve::read_text_or_exit(path);
  Json doc = Json::parse(text, nullptr, false);
  if (doc.is_discarded()) serve::exit_with(Error{"json.parse_error", "", path + " is not JSON"});
  return doc;
}

// An open wave: the engine's progress from the stored counts, as the viewer
// API gives it (counts and rates only, nothing else).
std::string open_wave_request(serve::Store& store, const serve::Wave& w, Json& request) {
  LoadResult loaded = load_survey(w.survey_json);
  if (!loaded.ok()) serve::exit_with(Error{"survey.invalid", "", "the wave's pinned survey does not load"});
  auto tree = store.wave_groups(w.key);
  if (!tree.ok()) serve::exit_with(tree.error());
  auto counts = store.respondents(w.key);
  if (!counts.ok()) serve::exit_with(counts.error());
  ReleaseInput in;
  for (const serve::Group& g : tree.value()) in.groups.push_back({g.id, g.parent, g.headcount});
  for (const auto& [group, n] : counts.value()) {
    Aggregate a{loaded.survey->id, loaded.survey->version, loaded.survey->roles.front().id, {}};
    a.cells["respondents"] = Statistic{n, 0, 0};
    in.aggregates.push_back({group, std::move(a)});
  }
  auto progress = wave_progress(*loaded.survey, in);
  if (!progress.ok()) serve::exit_with(progress.error());
  request["waves"] = Json::array({{{"id", w.id}, {"release", Json::parse(release_to_json(progress.value()))}}});
  return w.survey_json;
}

// The view request from a store: every released wave of the organisation up
// to the chosen one (oldest first), with the chosen wave's comments and
// benchmark, as the viewer API hands them to the dashboard; for an open wave
// its response counts only.
std::string request_from_store(const Args& a, Json& request) {
  auto store = serve::open_store_or_exit(a.store);
  auto waves = store->waves(a.org);
  if (!waves.ok()) serve::exit_with(waves.error());
  std::string survey;
  bool found = false;
  Json chosen;
  for (const serve::Wave& w : waves.value()) {
    if (found) break;
    found = w.id == a.wave;
    auto released = store->release(w.key);
    if (!released.ok()) serve::exit_with(released.error());
    if (!released.value()) {
      if (found && w.closed)
        serve::exit_with(
            Error{"wave.not_released", "", "wave " + w.id + " is closed but its figures are not released"});
      if (found) return open_wave_request(*store, w, request);
      continue;
    }
    Json stored = Json::parse(*released.value(), nullptr, false);
    auto groups = store->wave_groups(w.key);
    if (!groups.ok()) serve::exit_with(groups.error());
    Json attributes = Json::object();
    for (const serve::Group& g : groups.value()) attributes[g.id] = Json::parse(g.attributes_json, nullptr, false);
    request["waves"].push_back({{"id", w.id}, {"release", stored["release"]}, {"groupAttributes", attributes}});
    if (found) {
      survey = w.survey_json;
      chosen = std::move(stored);
    }
  }
  if (!found) serve::exit_with(Error{"wave.unknown", "", "no wave " + a.wave + " in " + a.org});
  Json benchmark = chosen["imported_benchmark"].is_null() ? chosen["benchmark"] : chosen["imported_benchmark"];
  if (!benchmark.is_null()) request["benchmark"] = benchmark;
  request["comments"] = chosen["comments"].is_array() ? chosen["comments"] : Json::array();
  return survey;
}

std::string request_from_files(const Args& a, Json& request) {
  Json attributes = a.attributes.empty() ? Json() : read_json_or_exit(a.attributes);
  for (std::size_t i = 0; i < a.releases.size(); ++i) {
    Json release = read_json_or_exit(a.releases[i]);
    // The wave is named after its file: "release-2026.json" is "release-2026".
    std::string name = a.releases[i].substr(a.releases[i].find_last_of('/') + 1);
    if (name.size() > 5 && name.ends_with(".json")) name.resize(name.size() - 5);
    Json wave = {{"id", name}, {"release", release}};
    if (!attributes.is_null()) wave["groupAttributes"] = attributes;
    request["waves"].push_back(std::move(wave));
  }
  if (!a.benchmark.empty()) request["benchmark"] = read_json_or_exit(a.benchmark);
  return serve::read_text_or_exit(a.survey);
}

}  // namespace

void add_report_command(CLI::App& app) {
  auto a = std::make_shared<Args>();
  a->store = serve::default_store_location();
  auto* cmd = app.add_subcommand(
      "report",
      "Print a group's report for a wave (scores, colours, benchmark, trend, comparison, gap, comments) from a "
      "store (--org, --wave) or from release files and the survey (--survey, --release)");
  cmd->add_option("group", a->group, "Group id")->required();
  cmd->add_option("--role", a->role, "A survey role (default: all roles)");
  cmd->add_option("--language", a->language, "sv, en or nb")->capture_default_str();
  cmd->add_option("--green-above", a->green_above, "Green threshold, 1.0-5.0 (default 3.7)");
  cmd->add_flag("--json", a->json, "Print the engine's sos-report/1 view instead of text");
  cmd->add_option("--store", a->store, "Store folder; $SOS_STORE")->capture_default_str();
  auto* org = cmd->add_option("--org", a->org, "Organisation id (store)");
  auto* wave = cmd->add_option("--wave", a->wave, "Wave id (store); earlier released waves give the trend");
  auto* survey = cmd->add_option("--survey", a->survey, "Survey definition (files)");
  auto* releases =
      cmd->add_option("--release", a->releases, "sos-release/1 file, oldest first; the last is the wave shown");
  cmd->add_option("--benchmark", a->benchmark, "sos-benchmark/1 file (files)");
  cmd->add_option("--attributes", a->attributes, "JSON object of group id to group attributes (files)");
  org->needs(wave);
  wave->needs(org);
  survey->needs(releases);
  releases->needs(survey);
  org->excludes(survey);
  cmd->callback([a, org, survey] {
    if (!org->count() && !survey->count()) {
      std::fprintf(stderr, "report: give --org and --wave (a store) or --survey and --release (files)\n");
      throw CLI::RuntimeError(2);
    }
    Json request = {{"format", "sos-report-request/1"},
                    {"language", a->language},
                    {"group", a->group},
                    {"role", a->role},
                    {"waves", Json::array()}};
    if (!a->green_above.empty()) {
      Json value = Json::parse(a->green_above, nullptr, false);
      if (!value.is_number()) serve::exit_with(Error{"report.bad_options", "/greenAbove", "must be a number"});
      request["greenAbove"] = value;
    }
    std::string survey_text = org->count() ? request_from_store(*a, request) : request_from_files(*a, request);
    LoadResult loaded = load_survey(survey_text);
    if (!loaded.ok()) {
      for (const Diagnostic& d : loaded.diagnostics)
        if (d.severity == Severity::error) serve::exit_with(d.error);
      serve::exit_with(Error{"survey.invalid", "", "the survey does not load"});
    }
    auto view = report_view(*loaded.survey, request.dump());
    if (!view.ok()) serve::exit_with(view.error());
    if (a->json) {
      std::printf("%s\n", view.value().c_str());
      return;
    }
    Json doc = Json::parse(view.value());
    print_view(doc, doc.contains("report") ? doc["report"]["language"].get<std::string>() : a->language);
  });
}

}  // namespace sos::cli
