#pragma once
// The line grammar of the logs `cohsim import wayland` reads
// (tests/import/fixtures/GRAMMAR.md): libwayland's WAYLAND_DEBUG lines and
// weston's proto debug stream, split into messages and their arguments,
// and the names of the pixel formats and DRM modifiers their arguments
// carry. What the messages mean is sim/import/wayland_importer.cpp's.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cohsim {

// A message argument and where it starts, for errors that point at it.
struct WaylandArg {
  std::string text;
  std::uint64_t column = 0;  // 1-based, in the log's line
};

struct WaylandMessage {
  // libwayland: the log's clock, microseconds modulo 2^32 (the reader undoes
  // the wrap); weston: the wall clock in microseconds since 1970.
  std::uint64_t time_us = 0;
  std::string client;  // weston's client address; "" in a libwayland log
  std::string interface, name;
  std::uint32_t id = 0;
  std::vector<WaylandArg> args;
};

// One line of a log: a message of either kind, or why it is skipped. A
// libwayland "discarded" event is a libwayland line with its time read (the
// clock still advances) and a reason to skip it.
struct WaylandLine {
  enum class Kind { skipped, libwayland, weston } kind = Kind::skipped;
  std::string skip_reason;  // set for skipped lines and discarded events
  WaylandMessage message;
};

// `in_weston_stream`: the log holds weston's proto stream, whose libwayland
// lines are the same messages without their client: skipped. Throws
// InputError (FILE:LINE:COLUMN) for a number its field cannot hold.
WaylandLine parse_wayland_line(const std::string& text, const std::string& file, std::uint64_t line, bool in_weston_stream);

bool is_weston_message(const std::string& text);

// Splits "a, b, \"c, d\", e" at the commas between arguments (see the .cpp).
std::vector<WaylandArg> split_wayland_args(const std::string& text, std::uint64_t first_column);

// wl_shm formats 0 and 1, else DRM fourcc codes, as cohsim names them.
std::optional<std::string> wayland_format_name(std::uint32_t code, bool shm_enum);
// DRM format modifiers cohsim models.
std::optional<std::string> wayland_modifier_name(std::uint64_t modifier);

}  // namespace cohsim
