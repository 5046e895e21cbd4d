// This file offers `sos wave create|list|schedule|open|close|headcount`.
#include <cstdio>

#include "admin.h"
#include "cli_support.h"
#include "clock.h"
#include "sos/commands.h"

namespace sos::cli {

namespace {
std::int64_t time_or_exit(const std::string& text) {
  auto t = serve::parse_time(text);
  if (!t.ok()) serve::exit_with(t.error());
  return t.value();
}
std::int64_t duration_or_exit(const std::string& text) {
  auto d = serve::parse_duration(text);
  if (!d.ok()) serve::exit_with(d.error());
  return d.value();
}
serve::Wave wave_or_exit(serve::Store& s, const std::string& org, const std::string& id) {
  auto w = s.wave(org, id);
  if (!w.ok()) serve::exit_with(w.error());
  if (!w.value()) serve::exit_with(Error{"wave.unknown", "", "no wave " + id + " in " + org});
  return std::move(*w.value());
}
}  // namespace

void add_wave_command(CLI::App& app) {
  auto* cmd = app.add_subcommand("wave", "Administer survey waves: create, open, close");
  cmd->require_subcommand(1);
  auto store = std::make_shared<std::string>(serve::default_store_location());
  cmd->add_option("--store", *store, "Store folder; $SOS_STORE")->capture_default_str();

  struct Args {
    std::string org, id, title, survey, opens = "now", closes, grace = "0", group;
    std::int64_t headcount = 0;
  };
  auto a = std::make_shared<Args>();

  auto* create = cmd->add_subcommand("create", "Create a wave that pins a survey and copies the tree and headcounts");
  create->add_option("org", a->org, "Organisation id")->required();
  create->add_option("wave", a->id, "Wave id, e.g. 2026-spring")->required();
  create->add_option("--survey", a->survey, "Survey definition (JSON); its text is pinned in the store")->required();
  create->add_option("--title", a->title, "Title shown to viewers");
  create->add_option("--opens", a->opens, "UTC date or time, or 'now'")->capture_default_str();
  create->add_option("--closes", a->closes, "UTC date or time")->required();
  create->add_option("--grace", a->grace, "Grace period after closing for answers made offline (e.g. 3d)")
      ->capture_default_str();
  create->callback([store, a] {
    serve::WaveSpec spec{a->org, a->id, a->title, serve::read_text_or_exit(a->survey), time_or_exit(a->opens),
                         time_or_exit(a->closes), duration_or_exit(a->grace)};
    auto s = serve::open_store_or_exit(*store);
    auto w = serve::create_wave(*s, spec);
    if (!w.ok()) serve::exit_with(w.error());
    std::printf("wave %s of %s: survey %s %s, opens %s, closes %s, grace %llds\n", w->id.c_str(), w->org.c_str(),
                w->survey_id.c_str(), w->survey_version.c_str(), serve::iso_time(w->opens_at).c_str(),
                serve::iso_time(w->closes_at).c_str(), static_cast<long long>(w->grace_seconds));
  });

  auto* list = cmd->add_subcommand("list", "List an organisation's waves");
  list->add_option("org", a->org, "Organisation id")->required();
  list->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    auto waves = s->waves(a->org);
    if (!waves.ok()) serve::exit_with(waves.error());
    for (const auto& w : waves.value()) {
      auto released = s->release(w.key);
      std::printf("%s\t%s %s\t%s\t%s\tgrace %llds\t%s\n", w.id.c_str(), w.survey_id.c_str(), w.survey_version.c_str(),
                  serve::iso_time(w.opens_at).c_str(), serve::iso_time(w.closes_at).c_str(),
                  static_cast<long long>(w.grace_seconds),
                  w.closed ? (released.ok() && released.value() ? "closed, released" : "closed, not released")
                           : "not closed");
    }
  });

  auto* schedule = cmd->add_subcommand("schedule", "Change a wave's dates or grace period");
  schedule->add_option("org", a->org, "Organisation id")->required();
  schedule->add_option("wave", a->id, "Wave id")->required();
  auto opens = schedule->add_option("--opens", a->opens, "UTC date or time, or 'now'");
  auto closes = schedule->add_option("--closes", a->closes, "UTC date or time, or 'now'");
  auto grace = schedule->add_option("--grace", a->grace, "Grace period, e.g. 3d");
  schedule->callback([store, a, opens, closes, grace] {
    auto s = serve::open_store_or_exit(*store);
    serve::Wave w = wave_or_exit(*s, a->org, a->id);
    if (w.closed) serve::exit_with(Error{"wave.closed", "", "the wave is closed for good"});
    std::int64_t o = opens->count() ? time_or_exit(a->opens) : w.opens_at;
    std::int64_t c = closes->count() ? time_or_exit(a->closes) : w.closes_at;
    std::int64_t g = grace->count() ? duration_or_exit(a->grace) : w.grace_seconds;
    if (c <= o) serve::exit_with(Error{"wave.bad_dates", "/closes", "the wave must close after it opens"});
    if (Status st = s->set_wave_schedule(w.key, o, c, g); !st.ok()) serve::exit_with(st.error());
    std::printf("wave %s: opens %s, closes %s, grace %llds\n", w.id.c_str(), serve::iso_time(o).c_str(),
                serve::iso_time(c).c_str(), static_cast<long long>(g));
  });

  auto* open = cmd->add_subcommand("open", "Open a scheduled wave now");
  open->add_option("org", a->org, "Organisation id")->required();
  open->add_option("wave", a->id, "Wave id")->required();
  open->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    serve::Wave w = wave_or_exit(*s, a->org, a->id);
    std::int64_t now = serve::now_seconds();
    if (w.closed || now >= w.closes_at) serve::exit_with(Error{"wave.closed", "", "the wave has closed already"});
    if (Status st = s->set_wave_schedule(w.key, std::min(now, w.opens_at), w.closes_at, w.grace_seconds); !st.ok())
      serve::exit_with(st.error());
    std::printf("wave %s is open until %s\n", w.id.c_str(), serve::iso_time(w.closes_at).c_str());
  });

  auto* close = cmd->add_subcommand("close", "Close a wave for good now and release its figures (never change after)");
  close->add_option("org", a->org, "Organisation id")->required();
  close->add_option("wave", a->id, "Wave id")->required();
  close->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    if (Status st = serve::close_wave(*s, a->org, a->id); !st.ok()) serve::exit_with(st.error());
    std::printf("wave %s of %s closed; figures released\n", a->id.c_str(), a->org.c_str());
  });

  auto* headcount = cmd->add_subcommand("headcount", "Set one group's headcount in a wave");
  headcount->add_option("org", a->org, "Organisation id")->required();
  headcount->add_option("wave", a->id, "Wave id")->required();
  headcount->add_option("group", a->group, "Group id")->required();
  headcount->add_option("headcount", a->headcount, "People in the group")->required()->check(CLI::Range(0, 1000000));
  headcount->callback([store, a] {
    auto s = serve::open_store_or_exit(*store);
    serve::Wave w = wave_or_exit(*s, a->org, a->id);
    if (w.closed) serve::exit_with(Error{"wave.closed", "", "the wave is closed for good"});
    if (Status st = s->set_wave_headcount(w.key, a->group, a->headcount); !st.ok()) serve::exit_with(st.error());
    std::printf("%s in %s: headcount %lld\n", a->group.c_str(), a->id.c_str(), static_cast<long long>(a->headcount));
  });
  // --store may come after the subcommand too.
  for (CLI::App* sub : cmd->get_subcommands({})) sub->fallthrough();
}

}  // namespace sos::cli
