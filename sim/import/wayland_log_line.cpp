#include "sim/import/wayland_log_line.h"

#include <chrono>
#include <regex>
#include <utility>

#include "models/tiling/layout_model.h"
#include "sim/util/checked_number.h"
#include "sim/util/input_error.h"

namespace cohsim {
namespace {

// One protocol message of libwayland's WAYLAND_DEBUG: `[TS] [{queue} ][discarded ][ -> ]iface@id.name(args)`.
// libwayland 1.21 prints neither queue names nor '#'; later releases do.
const std::regex kMessage(R"(^\[ *([0-9]+)\.([0-9]{3})\] (?:\{[^}]*\} )?(discarded )?( -> )?([A-Za-z_]\w*)[@#]([0-9]+)\.([A-Za-z_]\w*)\((.*)\)$)");
// Something that starts like one (a timestamp in brackets, an object) but does not parse.
const std::regex kLooksLikeMessage(R"(^\[ *[0-9]+\.[0-9]{3}\] .*[@#][0-9]+\.)");
// One message of weston's proto debug scope (`weston-debug proto`, `--logger-scopes=proto`):
// `[YYYY-MM-DD HH:MM:SS.mmm][proto] client 0xADDR rq|ev iface@id.name(args)`,
// the compositor's wall clock to the millisecond; the address tells the clients apart.
const std::regex kWestonMessage(
    R"(^\[([0-9]{4})-([0-9]{2})-([0-9]{2}) ([0-9]{2}):([0-9]{2}):([0-9]{2})\.([0-9]{3})\]\[proto\] client (0x[0-9A-Fa-f]+) (?:rq|ev) ([A-Za-z_]\w*)[@#]([0-9]+)\.([A-Za-z_]\w*)\((.*)\)$)");
const std::regex kLooksLikeWestonMessage(R"(^\[[-0-9]+ [0-9:.]+\]\[proto\] )");

// A cheap test before the regular expression: every weston proto line has this.
bool maybe_weston(const std::string& text) { return text.find("][proto] ") != std::string::npos; }

// Where a token of a line starts (a regex position, 0-based).
struct LinePlace {
  const std::string& file;
  std::uint64_t line;
  TextPlace at(std::int64_t position) const { return TextPlace{file, line, static_cast<std::uint64_t>(position) + 1}; }
};

// Weston's timestamp, the wall clock, in microseconds since 1970 (it does not wrap).
std::uint64_t wall_clock_us(const std::smatch& m, const LinePlace& where) {
  static constexpr const char* kParts[] = {"year", "month", "day", "hour", "minute", "second", "millisecond"};
  std::uint32_t part[7];
  for (int k = 0; k < 7; ++k) part[k] = checked_number<std::uint32_t>(m[k + 1].str(), where.at(m.position(k + 1)), kParts[k]);
  namespace chrono = std::chrono;
  const chrono::year_month_day date{chrono::year(static_cast<int>(part[0])), chrono::month(part[1]), chrono::day(part[2])};
  if (!date.ok() || part[0] < 1970 || part[3] > 23 || part[4] > 59 || part[5] > 60) {
    throw InputError(where.file, where.at(1).text(), "\"" + m.str().substr(1, 23) + "\" is not a date and time (after 1970) of weston's log");
  }
  const auto days = static_cast<std::uint64_t>(chrono::sys_days(date).time_since_epoch().count());
  return ((days * 86400 + part[3] * 3600ULL + part[4] * 60ULL + part[5]) * 1000 + part[6]) * 1000;
}

WaylandLine skipped(std::string reason) {
  WaylandLine out;
  out.skip_reason = std::move(reason);
  return out;
}

}  // namespace

bool is_weston_message(const std::string& text) { return maybe_weston(text) && std::regex_match(text, kWestonMessage); }

WaylandLine parse_wayland_line(const std::string& text, const std::string& file, std::uint64_t line, bool in_weston_stream) {
  const LinePlace where{file, line};
  std::smatch m;
  if (maybe_weston(text)) {
    if (std::regex_match(text, m, kWestonMessage)) {
      WaylandLine out;
      out.kind = WaylandLine::Kind::weston;
      WaylandMessage& msg = out.message;
      msg.time_us = wall_clock_us(m, where);
      msg.client = m[8].str();
      msg.interface = m[9].str();
      msg.id = checked_number<std::uint32_t>(m[10].str(), where.at(m.position(10)), "an object id");
      msg.name = m[11].str();
      msg.args = split_wayland_args(m[12].str(), static_cast<std::uint64_t>(m.position(12)) + 1);
      return out;
    }
    if (std::regex_search(text, m, kLooksLikeWestonMessage)) return skipped("malformed or truncated protocol line");
  }
  if (!std::regex_match(text, m, kMessage)) {
    std::smatch partial;
    return skipped(std::regex_search(text, partial, kLooksLikeMessage) ? "malformed or truncated protocol line" : "not a protocol line");
  }
  if (in_weston_stream) return skipped("libwayland line beside weston's proto stream (the same message, without its client)");
  WaylandLine out;
  out.kind = WaylandLine::Kind::libwayland;
  WaylandMessage& msg = out.message;
  const std::uint64_t ms = checked_number<std::uint32_t>(m[1].str(), where.at(m.position(1)), "the timestamp's milliseconds");
  msg.time_us = ms * 1000 + checked_number<std::uint32_t>(m[2].str(), where.at(m.position(2)), "the timestamp's microseconds");
  if (m[3].matched) {
    out.skip_reason = "discarded event (its object was gone)";
    return out;
  }
  msg.interface = m[5].str();
  msg.id = checked_number<std::uint32_t>(m[6].str(), where.at(m.position(6)), "an object id");
  msg.name = m[7].str();
  msg.args = split_wayland_args(m[8].str(), static_cast<std::uint64_t>(m.position(8)) + 1);
  return out;
}

// A string runs from its opening quote to a quote followed by ", " or the
// end (libwayland does not escape strings). `first_column` is where the text
// starts in its line.
std::vector<WaylandArg> split_wayland_args(const std::string& text, std::uint64_t first_column) {
  std::vector<WaylandArg> args;
  if (text.empty()) return args;
  WaylandArg current{"", first_column};
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"' && !in_string && current.text.empty()) {
      in_string = true;
    } else if (c == '"' && in_string && (i + 1 == text.size() || text.compare(i + 1, 2, ", ") == 0)) {
      in_string = false;
    } else if (!in_string && c == ',' && i + 1 < text.size() && text[i + 1] == ' ') {
      args.push_back(std::move(current));
      current = WaylandArg{"", first_column + i + 2};
      ++i;
      continue;
    }
    current.text += c;
  }
  args.push_back(std::move(current));
  return args;
}

std::optional<std::string> wayland_format_name(std::uint32_t code, bool shm_enum) {
  if (shm_enum && code == 0) return "ARGB8888";
  if (shm_enum && code == 1) return "XRGB8888";
  auto fourcc = [](const char* s) { return std::uint32_t(s[0]) | std::uint32_t(s[1]) << 8 | std::uint32_t(s[2]) << 16 | std::uint32_t(s[3]) << 24; };
  const std::pair<const char*, const char*> known[] = {{"XR24", "XRGB8888"}, {"AR24", "ARGB8888"}, {"XB24", "XBGR8888"}, {"AB24", "ABGR8888"},
                                                       {"RG16", "RGB565"},   {"YUYV", "YUYV"},     {"R8  ", "R8"}};
  for (const auto& [code4, name] : known)
    if (fourcc(code4) == code) return std::string(name);
  return std::nullopt;
}

// Anything else is read as linear by the importer (and counted).
std::optional<std::string> wayland_modifier_name(std::uint64_t m) {
  for (const LayoutModel* layout : layout_models())
    if (layout->is_drm_modifier(m)) return std::string(layout->modifier());
  return std::nullopt;
}

}  // namespace cohsim
