#include "sim/run/run_scenario.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "sim/load/scenario_loader.h"
#include "sim/results/comparison.h"
#include "sim/results/provenance.h"
#include "sim/results/results.h"
#include "sim/run/process_pool.h"
#include "sim/run/simulate.h"
#include "sim/run/timeline_writer.h"
#include "sim/util/atomic_file.h"
#include "sim/util/input_error.h"
#include "sim/util/interrupt.h"

namespace cohsim {
namespace {

using nlohmann::json;

// Messages from a child, one per line on its pipe:
//   P <fraction>        progress
//   R <json>            the run's results (one line)
//   E <file>\t<place>\t<message>   an input error
void write_all(int fd, const std::string& text) {
  size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;
    done += static_cast<size_t>(n);
  }
}

int simulate_in_child(int fd, const config::LoadedScenario& scenario, size_t index, const std::string& timeline_part) {
  int status = 0;
  try {
    SimulationRequest request;
    request.scenario = &scenario;
    request.run = index;
    request.timeline_part = timeline_part;
    request.on_progress = [fd](double f) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "P %.4f\n", f);
      write_all(fd, buf);
    };
    SimulationOutput out = simulate(request);
    write_all(fd, "R " + json{{"run", out.run}, {"host", out.host}}.dump() + "\n");
  } catch (const InputError& e) {
    auto clean = [](std::string s) {
      for (char& c : s)
        if (c == '\n' || c == '\t') c = ' ';
      return s;
    };
    write_all(fd, "E " + clean(e.file()) + "\t" + clean(e.place()) + "\t" + clean(e.message()) + "\n");
    status = 2;
  } catch (const std::exception& e) {
    write_all(fd, std::string("E \t\tinternal error: ") + e.what() + "\n");
    status = 3;
  }
  return status;
}

// Each child writes its timeline events to a part file next to the
// timeline; the parts are joined at the end, or removed if the run fails.
// A part is named TIMELINE.part.PID.RUN: a SIGKILLed run cannot remove its
// parts, so the next run of the same timeline removes those of dead pids.
class TimelineParts {
 public:
  explicit TimelineParts(std::string timeline_path)
      : path_(std::move(timeline_path)) {
    if (path_.empty()) return;
    const std::filesystem::path t(path_);
    remove_leftovers_of_dead_processes(t.has_parent_path() ? t.parent_path().string() : ".", t.filename().string() + ".part.");
  }
  TimelineParts(const TimelineParts&) = delete;
  TimelineParts& operator=(const TimelineParts&) = delete;
  ~TimelineParts() {
    for (const auto& p : parts_) ::unlink(p.c_str());
  }
  // The part file of run `index` ("" without a timeline), named in the parent, which joins them.
  std::string add(size_t index) {
    if (path_.empty()) return {};
    parts_.push_back(path_ + ".part." + std::to_string(::getpid()) + "." + std::to_string(index));
    return parts_.back();
  }
  void join(const config::LoadedScenario& scenario) const {
    if (path_.empty()) return;
    std::vector<std::string> labels;
    for (const auto& spec : scenario.runs) labels.push_back(spec.refused.empty() ? spec.label : std::string());
    join_timeline(path_, parts_, labels);
  }

 private:
  std::string path_;
  std::vector<std::string> parts_;
};

// The progress line on a terminal: runs done, share of the work, time left.
class ProgressLine {
 public:
  ProgressLine(bool shown, size_t runs)
      : shown_(shown),
        progress_(runs, 0.0) {}
  void set(size_t run, double fraction) { progress_[run] = fraction; }
  void finished() { ++finished_; }
  double elapsed() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
  void draw() {
    const double seconds = elapsed();
    if (!shown_ || seconds < 1.0) return;
    double sum = 0;
    for (double p : progress_) sum += p;
    const double done = sum / static_cast<double>(progress_.size());
    // The rest at the pace so far: runs progress through their frames (or
    // trace operations) at a steady rate, so this settles after a few frames.
    std::array<char, 48> eta{};
    if (done > 0.01 && done < 1.0) std::snprintf(eta.data(), eta.size(), ", about %.0f s left", seconds * (1.0 - done) / done);
    std::fprintf(stderr, "\r[cohsim] %zu/%zu runs done, %5.1f%% of the work, %.0f s%s   ", finished_, progress_.size(), 100.0 * done, seconds, eta.data());
    drawn_ = true;
  }
  void end() const {
    if (drawn_) std::fprintf(stderr, "\n");
  }

 private:
  bool shown_, drawn_ = false;
  std::vector<double> progress_;
  size_t finished_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

// What the runs sent back, by run index.
struct Collected {
  std::vector<json> runs, hosts;
  std::optional<InputError> failure;

  // One message line of run `index` (see write_all); true for an input error.
  bool take(size_t index, const std::string& message, ProgressLine& progress) {
    if (message.rfind("P ", 0) == 0) {
      progress.set(index, std::atof(message.c_str() + 2));
    } else if (message.rfind("R ", 0) == 0) {
      json payload = json::parse(message.substr(2));
      runs[index] = std::move(payload["run"]);
      hosts[index] = std::move(payload["host"]);
      progress.set(index, 1.0);
    } else if (message.rfind("E ", 0) == 0 && !failure) {
      const std::string body = message.substr(2);
      const size_t a = body.find('\t'), b = body.find('\t', a + 1);
      failure = InputError(body.substr(0, a), body.substr(a + 1, b - a - 1), body.substr(b + 1));
      return true;
    }
    return false;
  }
};

// Simulates the runs that are not refused, `jobs` at a time, one child
// process each; refused runs get their reason instead.
void simulate_runs(const config::LoadedScenario& scenario, unsigned jobs, TimelineParts& parts, ProgressLine& progress, Collected& out) {
  std::vector<size_t> to_simulate;
  std::vector<std::string> part_of(scenario.runs.size());
  for (size_t i = 0; i < scenario.runs.size(); ++i) {
    const config::RunSpec& spec = scenario.runs[i];
    if (spec.refused.empty()) {
      to_simulate.push_back(i);
      part_of[i] = parts.add(i);
      continue;
    }
    out.runs[i] = {{"label", spec.label},
                   {"platform", scenario.platforms.at(spec.platform).label},
                   {"policy", spec.ideal ? "ideal" : spec.policy},
                   {"refused", spec.refused}};
    out.hosts[i] = {{"label", spec.label}, {"refused", true}};
    progress.set(i, 1.0);
    progress.finished();
  }
  ProcessPool pool(jobs, SIGKILL);  // an interrupted simulation writes nothing
  ProcessPool::Handlers handlers;
  handlers.message = [&](size_t index, const std::string& message) {
    if (out.take(index, message, progress)) pool.stop(SIGKILL);  // bad input: no results will be written, so stop the other runs
  };
  handlers.exited = [&](size_t index, int status) {
    if (!out.failure && out.runs[index].is_null()) {
      const std::string how =
          WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status)) : "exited with status " + std::to_string(WEXITSTATUS(status));
      throw std::runtime_error("the simulation of " + scenario.runs[index].label + " " + how + " without results");
    }
    progress.finished();
  };
  handlers.tick = [&] { progress.draw(); };
  pool.run(
      to_simulate, [&](size_t index, int fd) { return simulate_in_child(fd, scenario, index, part_of[index]); }, handlers);
}

}  // namespace

json run_scenario(const RunOptions& options) {
  catch_interrupts();
  const config::LoadedScenario scenario = config::load_scenario(options.scenario_path);
  if (scenario.config.sweep)
    throw InputError(options.scenario_path, "/sweep", "this scenario is a sweep: run it with `cohsim sweep " + options.scenario_path + " -o DIR`");
  const size_t total = scenario.runs.size();
  const unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());

  TimelineParts parts(options.timeline_path);  // removed unless joined: an interrupted or failed run leaves none
  ProgressLine progress(options.progress && ::isatty(STDERR_FILENO), total);
  Collected collected{std::vector<json>(total), std::vector<json>(total), std::nullopt};
  try {
    simulate_runs(scenario, jobs, parts, progress, collected);
  } catch (const Interrupted&) {
    progress.end();
    throw;
  }
  progress.end();
  if (collected.failure) throw *collected.failure;

  json host = {{"wall_seconds", progress.elapsed()}, {"jobs", jobs}, {"runs", collected.hosts}, {"provenance", provenance(scenario)}};
  json results = make_results(scenario, collected.runs, host);
  if (!scenario.config.policies.empty()) add_coherency_figures(results);
  throw_if_interrupted();  // a signal before the write: no file; after it: a complete one
  if (!options.output_path.empty()) write_output(options.output_path, results_text(results));
  parts.join(scenario);
  return results;
}

}  // namespace cohsim
