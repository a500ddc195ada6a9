#include "print/printer.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <ctime>

#include "print/escpos.hpp"
#include "print/printer_io.hpp"

namespace bk::print {

using namespace io;

const char* to_string(PrintError e) {
  switch (e) {
    case PrintError::None: return "none";
    case PrintError::NotConfigured: return "not_configured";
    case PrintError::Missing: return "missing";
    case PrintError::NoPermission: return "no_permission";
    case PrintError::Disconnected: return "disconnected";
    case PrintError::Refused: return "refused";
    case PrintError::Timeout: return "timeout";
    case PrintError::Failed: return "failed";
    case PrintError::Cancelled: return "cancelled";
  }
  return "failed";
}

namespace io {

WriteEnd write_all(int fd, const Bytes& bytes, const Deadline& d, bool socket, int& err) {
  size_t off = 0;
  while (off < bytes.size()) {
    const size_t chunk = std::min<size_t>(bytes.size() - off, 16384);
    const ssize_t n = socket ? ::send(fd, bytes.data() + off, chunk, MSG_NOSIGNAL)
                             : ::write(fd, bytes.data() + off, chunk);
    if (n > 0) {
      off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
      err = errno;
      return WriteEnd::Error;
    }
    pollfd p{fd, POLLOUT, 0};
    const int left = d.left_ms();
    if (left == 0) return WriteEnd::Timeout;
    const int r = ::poll(&p, 1, left);
    if (r == 0) return WriteEnd::Timeout;
    if (r < 0 && errno != EINTR) {
      err = errno;
      return WriteEnd::Error;
    }
    if (r > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL)) && !(p.revents & POLLOUT)) {
      int so = 0;
      socklen_t len = sizeof so;
      err = socket && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so, &len) == 0 && so ? so : EIO;
      return WriteEnd::Error;
    }
  }
  return WriteEnd::Done;
}

}  // namespace io

namespace {

std::string utc_stamp(UtcSeconds at) {
  const std::time_t t = static_cast<std::time_t>(at);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

}  // namespace

PrintOutcome send_to_device(const std::filesystem::path& device, const Bytes& bytes, Timeout timeout) {
  const Deadline d(timeout);
  // Never O_CREAT: a printer that is unplugged must fail, not leave a file where the device was.
  Fd fd(::open(device.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
  if (fd.get() < 0) {
    const int e = errno;
    switch (e) {
      case ENOENT:
        return outcome(PrintError::Missing,
                       "printer device " + device.string() + " does not exist (unplugged or switched off?)", d);
      case EACCES:
      case EPERM:
        return outcome(PrintError::NoPermission,
                       "no permission to write to " + device.string() + " (is the kiosk user in group lp?)", d);
      case ENODEV:
      case ENXIO:
      case EIO:
        return outcome(PrintError::Disconnected, "printer device " + device.string() + " is not connected", d);
      default:
        return outcome(PrintError::Failed, "cannot open " + device.string() + ": " + std::strerror(e), d);
    }
  }
  int err = 0;
  switch (write_all(fd.get(), bytes, d, false, err)) {
    case WriteEnd::Done: break;
    case WriteEnd::Timeout:
      return outcome(PrintError::Timeout,
                     "printer " + device.string() + " did not take the ticket within " + d.total() +
                         " (out of paper, lid open or off?)", d);
    case WriteEnd::Error:
      return outcome(err == ENODEV || err == EIO || err == EPIPE || err == ENXIO ? PrintError::Disconnected
                                                                                   : PrintError::Failed,
                     "writing to " + device.string() + " failed: " + std::strerror(err), d);
  }
  return outcome(PrintError::None, "", d);
}

PrintOutcome write_to_folder(const std::filesystem::path& folder, const Raster& r,
                             const std::string& label, UtcSeconds at, std::filesystem::path* written) {
  const Deadline d(Timeout(0));
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec))
    return outcome(PrintError::Missing, "ticket folder " + folder.string() + " does not exist", d);
  std::string safe;
  for (char c : label)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') safe += c;
  if (safe.empty()) safe = "ticket";
  const std::string stem = utc_stamp(at) + "-" + safe;
  std::filesystem::path file = folder / (stem + ".png");
  for (int i = 2; std::filesystem::exists(file, ec); ++i)
    file = folder / (stem + "-" + std::to_string(i) + ".png");
  try {
    write_png(r, file);
  } catch (const std::exception& e) {
    const bool denied = ::access(folder.c_str(), W_OK) != 0 && errno == EACCES;
    return outcome(denied ? PrintError::NoPermission : PrintError::Failed, e.what(), d);
  }
  if (written) *written = file;
  return outcome(PrintError::None, "", d);
}

PrintOutcome print_raster(const Config::Printer& cfg, const Raster& r, const std::string& label,
                          UtcSeconds at) {
  const Timeout timeout = std::chrono::seconds(cfg.timeout_seconds);
  switch (cfg.kind) {
    case PrinterKind::None:
      return PrintOutcome{PrintError::NotConfigured, "no printer configured ([printer] kind = \"none\")", 0};
    case PrinterKind::EscPos: {
      const Bytes bytes = encode_escpos(r);
      if (cfg.target.rfind("tcp://", 0) == 0) return send_to_tcp(cfg.target, bytes, timeout);
      return send_to_device(cfg.target, bytes, timeout);
    }
    case PrinterKind::Cups: return send_to_cups(cfg.target, r, timeout);
    case PrinterKind::Png: return write_to_folder(cfg.target, r, label, at);
  }
  return PrintOutcome{PrintError::Failed, "unknown printer kind", 0};
}

}  // namespace bk::print
