#pragma once
// Getting a rendered ticket onto paper (or into a folder), each way bounded by a timeout so a
// printer that is off, missing, out of paper or slow costs a few seconds at most, never a hang.
// Outcomes carry a plain English reason for the log and the volunteer panel; reasons name the
// printer (device, host, queue, folder) and never a resident's data.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "print/raster.hpp"

namespace bk::print {

enum class PrintError {
  None,
  NotConfigured,  // [printer] kind = "none"
  Missing,        // device file, folder or `lp` not there
  NoPermission,   // EACCES on the device or folder
  Disconnected,   // ENODEV/ENXIO/EIO, connection reset: the printer went away
  Refused,        // TCP connection refused, unknown host, lp said no
  Timeout,        // no answer within the timeout
  Failed,         // anything else (render error, disk full, …)
  Cancelled,      // the queue stopped before the job ran
};
const char* to_string(PrintError e);  // none | not_configured | missing | … (for logs)

struct PrintOutcome {
  PrintError error = PrintError::None;
  std::string reason;  // "" when ok; else one English line without personal data
  double seconds = 0;  // how long it took
  bool ok() const { return error == PrintError::None; }
};

using Bytes = std::vector<std::uint8_t>;
using Timeout = std::chrono::milliseconds;

// A device file such as /dev/usb/lp0 (opened O_WRONLY|O_NONBLOCK, never created) or, in tests, an
// existing plain file. Waits with poll() for the device to take each chunk until the deadline.
PrintOutcome send_to_device(const std::filesystem::path& device, const Bytes& bytes, Timeout timeout);
// "tcp://host:port" (port defaults to 9100, IPv6 as [addr]:port): name lookup, connect and every
// write share one deadline.
PrintOutcome send_to_tcp(const std::string& target, const Bytes& bytes, Timeout timeout);
// The ticket as a PNG (203 dpi) through `lp -d QUEUE`; `lp` is killed if it has not finished by the
// deadline. `lp_program` is for tests (a stand-in script); it is looked up in PATH.
PrintOutcome send_to_cups(const std::string& queue, const Raster& r, Timeout timeout,
                          const std::string& lp_program = "lp");
// The ticket as a PNG in `folder` (which must exist), named YYYYMMDDTHHMMSSZ-LABEL.png after `at`;
// written to a temp file and renamed. Returns the file in `written` when given.
PrintOutcome write_to_folder(const std::filesystem::path& folder, const Raster& r,
                             const std::string& label, UtcSeconds at,
                             std::filesystem::path* written = nullptr);

// Chooses the way from the config: escpos (device or tcp://), cups, png or none.
PrintOutcome print_raster(const Config::Printer& cfg, const Raster& r, const std::string& label,
                          UtcSeconds at);

}  // namespace bk::print
