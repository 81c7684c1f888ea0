#include "sim/run/run_scenario.h"

#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <thread>

#include "sim/config/scenario_config.h"
#include "sim/results/comparison.h"
#include "sim/results/results.h"
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

[[noreturn]] void child_main(int fd, const config::LoadedScenario& scenario, size_t index, const std::string& timeline_part) {
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
  ::close(fd);
  std::fflush(nullptr);
  ::_exit(status);
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
  size_t index = 0;
  std::string buffer;
  double progress = 0;
  bool done = false;
};

}  // namespace

json run_scenario(const RunOptions& options) {
  catch_interrupts();
  const config::LoadedScenario scenario = config::load_scenario(options.scenario_path);
  if (scenario.config.sweep)
    throw InputError(options.scenario_path, "/sweep", "this scenario is a sweep: run it with `cohsim sweep " + options.scenario_path + " -o DIR`");
  const size_t total = scenario.runs.size();
  unsigned jobs = options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());

  std::vector<json> runs(total);
  std::vector<json> hosts(total);
  std::vector<double> progress(total, 0.0);
  std::vector<Child> active;
  size_t next = 0, finished = 0;
  std::optional<InputError> failure;
  const auto start = std::chrono::steady_clock::now();
  const bool show_progress = options.progress && ::isatty(STDERR_FILENO);
  bool progress_drawn = false;
  // Each child writes its timeline events to a part file next to the
  // timeline; the parts are joined at the end, or removed if the run fails.
  // A part is named TIMELINE.part.PID.RUN: a SIGKILLed run cannot remove its
  // parts, so the next run of the same timeline removes those of dead pids.
  std::vector<std::string> parts;
  if (!options.timeline_path.empty()) {
    const std::filesystem::path t(options.timeline_path);
    remove_leftovers_of_dead_processes(t.has_parent_path() ? t.parent_path().string() : ".", t.filename().string() + ".part.");
  }
  auto timeline_part = [&](size_t index) {
    if (options.timeline_path.empty()) return std::string();
    parts.push_back(options.timeline_path + ".part." + std::to_string(::getpid()) + "." + std::to_string(index));
    return parts.back();
  };
  struct PartsCleanup {
    std::vector<std::string>& parts;
    ~PartsCleanup() {
      for (const auto& p : parts) ::unlink(p.c_str());
    }
  } cleanup{parts};

  auto draw = [&]() {
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!show_progress || elapsed < 1.0) return;
    double sum = 0;
    for (double p : progress) sum += p;
    const double done = sum / static_cast<double>(total);
    // The rest at the pace so far: runs progress through their frames (or
    // trace operations) at a steady rate, so this settles after a few frames.
    char eta[48] = "";
    if (done > 0.01 && done < 1.0) std::snprintf(eta, sizeof eta, ", about %.0f s left", elapsed * (1.0 - done) / done);
    std::fprintf(stderr, "\r[cohsim] %zu/%zu runs done, %5.1f%% of the work, %.0f s%s   ", finished, total, 100.0 * done, elapsed, eta);
    progress_drawn = true;
  };

  while (finished < total) {
    while (!failure && active.size() < jobs && next < total) {
      if (const config::RunSpec& spec = scenario.runs[next]; !spec.refused.empty()) {
        // Not simulated: the results say why.
        runs[next] = {{"label", spec.label}, {"platform", scenario.platforms.at(spec.platform).label}, {"policy", spec.policy}, {"refused", spec.refused}};
        hosts[next] = {{"label", spec.label}, {"refused", true}};
        progress[next] = 1.0;
        ++next;
        ++finished;
        continue;
      }
      const std::string part = timeline_part(next);  // in the parent, which joins the parts
      int fds[2];
      if (::pipe(fds) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
      std::fflush(nullptr);
      const pid_t pid = ::fork();
      if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
      if (pid == 0) {
        default_interrupts();
        ::close(fds[0]);
        child_main(fds[1], scenario, next, part);
      }
      ::close(fds[1]);
      active.push_back(Child{pid, fds[0], next, "", 0, false});
      ++next;
    }
    if (active.empty()) break;  // a failure stopped new runs and the rest finished

    std::vector<pollfd> polls;
    polls.reserve(active.size());
    for (const auto& c : active) polls.push_back(pollfd{c.fd, POLLIN, 0});
    ::poll(polls.data(), polls.size(), 200);
    if (const int signal = pending_interrupt()) {
      // Stop every simulation; nothing has been written (the timeline's parts go with `cleanup`).
      for (const auto& c : active) ::kill(c.pid, SIGKILL);
      for (const auto& c : active) {
        ::close(c.fd);
        ::waitpid(c.pid, nullptr, 0);
      }
      if (progress_drawn) std::fprintf(stderr, "\n");
      throw Interrupted(signal);
    }
    for (size_t i = 0; i < active.size(); ++i) {
      if (!(polls[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      Child& c = active[i];
      char buf[65536];
      const ssize_t n = ::read(c.fd, buf, sizeof buf);
      if (n > 0) {
        c.buffer.append(buf, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        c.done = true;
      }
      size_t eol;
      while ((eol = c.buffer.find('\n')) != std::string::npos) {
        const std::string message = c.buffer.substr(0, eol);
        c.buffer.erase(0, eol + 1);
        if (message.rfind("P ", 0) == 0) {
          progress[c.index] = std::atof(message.c_str() + 2);
        } else if (message.rfind("R ", 0) == 0) {
          json payload = json::parse(message.substr(2));
          runs[c.index] = std::move(payload["run"]);
          hosts[c.index] = std::move(payload["host"]);
          progress[c.index] = 1.0;
        } else if (message.rfind("E ", 0) == 0 && !failure) {
          const std::string body = message.substr(2);
          const size_t a = body.find('\t'), b = body.find('\t', a + 1);
          failure = InputError(body.substr(0, a), body.substr(a + 1, b - a - 1), body.substr(b + 1));
        }
      }
    }
    for (auto it = active.begin(); it != active.end();) {
      if (!it->done) {
        ++it;
        continue;
      }
      ::close(it->fd);
      int status = 0;
      ::waitpid(it->pid, &status, 0);
      if (!failure && runs[it->index].is_null()) {
        for (const auto& c : active) ::kill(c.pid, SIGKILL);
        const std::string how =
            WIFSIGNALED(status) ? "was killed by signal " + std::to_string(WTERMSIG(status)) : "exited with status " + std::to_string(WEXITSTATUS(status));
        throw std::runtime_error("the simulation of " + scenario.runs[it->index].label + " " + how + " without results");
      }
      ++finished;
      it = active.erase(it);
    }
    if (failure) {
      // Bad input: the results will not be written, so stop the other runs.
      for (const auto& c : active) ::kill(c.pid, SIGKILL);
    }
    draw();
  }
  if (progress_drawn) std::fprintf(stderr, "\n");
  if (failure) throw *failure;

  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  json host = {{"wall_seconds", wall}, {"jobs", jobs}, {"runs", hosts}};
  json results = make_results(scenario, runs, host);
  if (!scenario.config.policies.empty()) add_coherency_figures(results);
  throw_if_interrupted();  // a signal before the write: no file; after it: a complete one
  if (!options.output_path.empty()) write_output(options.output_path, results_text(results));
  if (!options.timeline_path.empty()) {
    std::vector<std::string> labels;
    for (const auto& spec : scenario.runs) labels.push_back(spec.refused.empty() ? spec.label : std::string());
    join_timeline(options.timeline_path, parts, labels);
  }
  return results;
}

}  // namespace cohsim
