// related_eval: byline's related stories against an exhaustive TF-IDF cosine peer, on a labelled
// JSON Lines set (query/related_eval.h has the protocol). Prints P@5, P@10, nDCG@10, graded
// nDCG@10 and MRR for both, with a paired-bootstrap 95% interval of the difference.
//
//   related_eval [--set FILE.jsonl] [--rounds N] [--KNOB VALUE ...] [--sweep KNOB=V1,V2,...]
//
// Every ranking knob of RelatedOptions can be set (--entity-weight 2) or swept over values on the
// same index (--sweep entity_weight=0,1,2); docs/related.md records the sweeps that set the
// defaults.
#include "query/related_eval.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "byline/search.h"
#include "common/text.h"

namespace {

using namespace byline;

struct Knob {
  const char* name;
  std::variant<int RelatedOptions::*, double RelatedOptions::*> field;
};

const std::vector<Knob>& knobs() {
  static const std::vector<Knob> k = {
      {"candidates", &RelatedOptions::candidates},
      {"rescore", &RelatedOptions::rescore},
      {"query_terms", &RelatedOptions::query_terms},
      {"max_df", &RelatedOptions::max_df},
      {"first_pass_max_df", &RelatedOptions::first_pass_max_df},
      {"entity_weight", &RelatedOptions::entity_weight},
      {"title_weight", &RelatedOptions::title_weight},
      {"feedback", &RelatedOptions::feedback},
      {"feedback_docs", &RelatedOptions::feedback_docs},
      {"mmr_lambda", &RelatedOptions::mmr_lambda},
      {"time_prior", &RelatedOptions::time_prior},
      {"time_scale_days", &RelatedOptions::time_scale_days},
  };
  return k;
}

const Knob* find_knob(std::string name) {
  for (auto& c : name)
    if (c == '-') c = '_';
  for (const auto& k : knobs())
    if (name == k.name) return &k;
  return nullptr;
}

bool set_knob(RelatedOptions& o, const Knob& k, const std::string& value) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (end == value.c_str() || *end != '\0') return false;
  if (std::holds_alternative<int RelatedOptions::*>(k.field)) {
    o.*std::get<int RelatedOptions::*>(k.field) = static_cast<int>(v);
  } else {
    o.*std::get<double RelatedOptions::*>(k.field) = v;
  }
  return true;
}

std::string knob_value(const RelatedOptions& o, const Knob& k) {
  char buf[32];
  if (std::holds_alternative<int RelatedOptions::*>(k.field))
    std::snprintf(buf, sizeof buf, "%d", o.*std::get<int RelatedOptions::*>(k.field));
  else
    std::snprintf(buf, sizeof buf, "%g", o.*std::get<double RelatedOptions::*>(k.field));
  return buf;
}

int usage(const char* msg) {
  std::fprintf(stderr,
               "related_eval: %s\nusage: related_eval [--set FILE.jsonl] [--rounds N] [--KNOB "
               "VALUE]... [--sweep KNOB=V1,V2,...]\nknobs:",
               msg);
  for (const auto& k : knobs()) std::fprintf(stderr, " %s", k.name);
  std::fprintf(stderr, "\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string set_path =
      std::string(BYLINE_SHARED_DIR) + "/corpora/related/giveme5w1h-newscluster/articles.jsonl";
  int rounds = 10000;
  RelatedOptions base;
  const Knob* sweep = nullptr;
  std::vector<std::string> sweep_values;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--set") {
      set_path = next();
    } else if (arg == "--rounds") {
      rounds = std::atoi(next().c_str());
    } else if (arg == "--sweep") {
      const std::string spec = next();
      const size_t eq = spec.find('=');
      if (eq == std::string::npos || !(sweep = find_knob(spec.substr(0, eq))))
        return usage("bad --sweep");
      sweep_values = split(spec.substr(eq + 1), ',');
    } else if (arg.rfind("--", 0) == 0 && find_knob(arg.substr(2))) {
      if (!set_knob(base, *find_knob(arg.substr(2)), next()))
        return usage(("bad value for " + arg).c_str());
    } else {
      return usage(("unknown argument " + arg).c_str());
    }
  }

  auto set = eval::load_labelled(set_path);
  if (!set.ok()) {
    std::fprintf(stderr, "related_eval: %s\n", set.status().message().c_str());
    return 3;
  }
  const eval::Judged judged(std::move(*set));
  const auto dir =
      std::filesystem::temp_directory_path() / ("related_eval." + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  const auto t0 = std::chrono::steady_clock::now();
  if (Status s = eval::build_index(judged, dir.string()); !s.ok()) {
    std::fprintf(stderr, "related_eval: indexing failed: %s\n", s.message().c_str());
    return 1;
  }
  const double index_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  auto searcher = Searcher::open(dir.string());
  if (!searcher.ok()) {
    std::fprintf(stderr, "related_eval: %s\n", searcher.status().message().c_str());
    return 1;
  }

  const auto peer_rank = eval::tfidf_rankings(judged, 10);
  // Each labelled copy a story of its own (issue 5's protocol), and one item per copy group (a
  // later copy counts as not relevant), as `related` lists copies.
  constexpr eval::Copies kViews[] = {eval::Copies::kEach, eval::Copies::kOnePerGroup};
  std::vector<eval::Metrics> peer[2];
  for (int v = 0; v < 2; ++v)
    for (size_t q : judged.queries()) peer[v].push_back(judged.score(q, peer_rank[q], kViews[v]));

  std::printf("set: %s\n%zu articles, %zu queries, indexed in %.2f s\n\n", set_path.c_str(),
              judged.set().size(), judged.queries().size(), index_s);
  for (int v = 0; v < 2; ++v) {
    std::printf("%-34s", v == 0 ? "TF-IDF cosine (peer)" : "  one item per copy group");
    for (double x : eval::mean(peer[v])) std::printf("  %-22.3f", x);
    std::printf("\n");
  }

  if (sweep_values.empty()) sweep_values.push_back("");
  int rc = 0;
  for (const auto& value : sweep_values) {
    RelatedOptions o = base;
    if (sweep && !set_knob(o, *sweep, value)) return usage(("bad sweep value " + value).c_str());
    double seconds = 0;
    auto ranks = eval::byline_rankings(judged, **searcher, o, 10, &seconds);
    if (!ranks.ok()) {
      std::fprintf(stderr, "related_eval: %s\n", ranks.status().message().c_str());
      rc = 1;
      break;
    }
    if (value.empty() || sweep == nullptr) {
      std::printf("\n%-34s", "metric");
      for (const char* n : eval::kMetricNames) std::printf("  %-22s", n);
      std::printf("\n");
    }
    for (int v = 0; v < 2; ++v) {
      std::vector<eval::Metrics> ours;
      for (size_t q : judged.queries()) ours.push_back(judged.score(q, (*ranks)[q], kViews[v]));
      const auto m = eval::mean(ours);
      const auto ci = eval::paired_bootstrap(ours, peer[v], rounds);
      std::string label = "byline";
      if (sweep) label += " " + std::string(sweep->name) + "=" + value;
      if (v == 1) label = "  one item per copy group";
      std::printf("%-34s", label.c_str());
      for (int k = 0; k < eval::kMetrics; ++k) {
        char cell[64];
        std::snprintf(cell, sizeof cell, "%.3f %+.3f[%+.3f,%+.3f]", m[k], ci[k].diff, ci[k].lo,
                      ci[k].hi);
        std::printf("  %-22s", cell);
      }
      if (v == 0)
        std::printf("  %.1f ms/q", 1000 * seconds / std::max<size_t>(1, judged.queries().size()));
      std::printf("\n");
    }
  }
  std::printf(
      "\nbyline cells: mean, then the difference from the peer and its paired-bootstrap 95%% CI "
      "(%d rounds)\n",
      rounds);
  std::printf("options:");
  for (const auto& k : knobs()) std::printf(" %s=%s", k.name, knob_value(base, k).c_str());
  std::printf("\n");
  std::filesystem::remove_all(dir);
  return rc;
}
