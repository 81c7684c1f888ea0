#pragma once
// Results are written to a temporary file in the target's folder, flushed to
// disk and renamed over the target: a reader (or a killed run) sees either the
// old file, the complete new one, or nothing - never half a file.
#include <string>
#include <string_view>

namespace cohsim {

// Throws InputError when the folder cannot be written.
void write_file_atomically(const std::string& path, std::string_view contents);

// Writes what a user asked for with -o, never destroying what cohsim does not
// own: "-" is stdout; a character device or FIFO is written directly (never
// replaced by a file); a regular file, or a symlink to one, is replaced
// atomically at the link's real target (the link stays); a new name is
// created atomically. A directory, a block device or a place that cannot be
// written is an InputError naming the path.
void write_output(const std::string& path, std::string_view contents);

// Removes the files in `folder` named PREFIX<pid>... whose process is gone:
// what a SIGKILLed run left behind (a temporary results file, timeline parts).
// Every such file carries its writer's pid right after a fixed prefix.
void remove_leftovers_of_dead_processes(const std::string& folder, const std::string& prefix);

}  // namespace cohsim
