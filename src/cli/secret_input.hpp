#pragma once
// Reading a PIN or password from standard input: without echo on a terminal (someone may look over
// a shoulder, or the screen is shared), as one line from a pipe (scripts and tests:
// `echo pw | buurtkioskctl account add …`).
#include <optional>
#include <string>

namespace bk::cli {

// Prints `prompt` on stderr when stdin is a terminal, then reads one line with echo off. nullopt at
// end of input. A trailing "\r" is dropped; nothing else is trimmed.
std::optional<std::string> read_secret_line(const std::string& prompt);

}  // namespace bk::cli
