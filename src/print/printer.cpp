#include "print/printer.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>
#include <utility>
#include <cctype>

#include "print/escpos.hpp"

extern char** environ;

namespace bk::print {

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

namespace {

using SteadyClock = std::chrono::steady_clock;

class Deadline {
 public:
  explicit Deadline(Timeout t) : start_(SteadyClock::now()), end_(start_ + t), total_(t) {}
  // Milliseconds left for poll(), at least 0.
  int left_ms() const {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end_ - SteadyClock::now());
    return static_cast<int>(std::max<long long>(0, left.count()));
  }
  bool passed() const { return SteadyClock::now() >= end_; }
  double elapsed() const { return std::chrono::duration<double>(SteadyClock::now() - start_).count(); }
  std::string total() const {
    const auto ms = total_.count();
    return ms % 1000 == 0 ? std::to_string(ms / 1000) + " s" : std::to_string(ms) + " ms";
  }

 private:
  SteadyClock::time_point start_, end_;
  Timeout total_;
};

PrintOutcome outcome(PrintError e, std::string reason, const Deadline& d) {
  return PrintOutcome{e, std::move(reason), d.elapsed()};
}

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }
  void reset() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

 private:
  int fd_;
};

enum class WriteEnd { Done, Timeout, Error };

// Writes everything, waiting with poll() whenever the other side is not ready.
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

struct HostPort {
  std::string host, port;
};

std::optional<HostPort> parse_tcp_target(const std::string& target) {
  constexpr std::string_view scheme = "tcp://";
  if (target.rfind(scheme, 0) != 0) return std::nullopt;
  std::string rest = target.substr(scheme.size());
  while (!rest.empty() && rest.back() == '/') rest.pop_back();
  HostPort hp{"", "9100"};
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string::npos) return std::nullopt;
    hp.host = rest.substr(1, close - 1);
    rest = rest.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':') return std::nullopt;
      hp.port = rest.substr(1);
    }
  } else {
    const auto colon = rest.rfind(':');
    hp.host = rest.substr(0, colon);
    if (colon != std::string::npos) hp.port = rest.substr(colon + 1);
  }
  if (hp.host.empty() || hp.port.empty() || hp.port.size() > 5 ||
      hp.port.find_first_not_of("0123456789") != std::string::npos || std::stoi(hp.port) == 0 ||
      std::stoi(hp.port) > 65535)
    return std::nullopt;
  return hp;
}

struct AddrInfoFree {
  void operator()(addrinfo* a) const {
    if (a) freeaddrinfo(a);
  }
};
using AddrList = std::unique_ptr<addrinfo, AddrInfoFree>;

// Name lookup bounded by the deadline: numeric addresses at once, names through getaddrinfo_a so a
// dead DNS server cannot hold the print worker past the timeout.
AddrList resolve(const HostPort& hp, const Deadline& d, std::string& problem) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  if (getaddrinfo(hp.host.c_str(), hp.port.c_str(), &hints, &res) == 0) return AddrList(res);

  struct Lookup {
    std::string host, port;
    addrinfo hints{};
    gaicb cb{};
  };
  auto l = std::make_unique<Lookup>();
  l->host = hp.host;
  l->port = hp.port;
  l->hints.ai_family = AF_UNSPEC;
  l->hints.ai_socktype = SOCK_STREAM;
  l->hints.ai_flags = AI_NUMERICSERV;
  l->cb.ar_name = l->host.c_str();
  l->cb.ar_service = l->port.c_str();
  l->cb.ar_request = &l->hints;
  gaicb* list[1] = {&l->cb};
  if (getaddrinfo_a(GAI_NOWAIT, list, 1, nullptr) != 0) {
    problem = "cannot look up printer host " + hp.host;
    return nullptr;
  }
  while (gai_error(&l->cb) == EAI_INPROGRESS && !d.passed()) {
    const int left = d.left_ms();
    timespec ts{left / 1000, static_cast<long>(left % 1000) * 1'000'000L};
    gai_suspend(list, 1, &ts);
  }
  const int rc = gai_error(&l->cb);
  if (rc == EAI_INPROGRESS) {
    problem = "timeout";
    // A lookup glibc cannot cancel still writes into `l` later: leave it (a few bytes, rare).
    if (gai_cancel(&l->cb) != EAI_CANCELED) l.release();
    return nullptr;
  }
  if (rc != 0) {
    problem = "unknown printer host " + hp.host + " (" + gai_strerror(rc) + ")";
    return nullptr;
  }
  return AddrList(l->cb.ar_result);
}

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

PrintOutcome send_to_tcp(const std::string& target, const Bytes& bytes, Timeout timeout) {
  const Deadline d(timeout);
  const auto hp = parse_tcp_target(target);
  if (!hp) return outcome(PrintError::Failed, "printer target " + target + " is not tcp://host:port", d);
  const std::string where = target.substr(6);
  std::string problem;
  const AddrList addrs = resolve(*hp, d, problem);
  if (!addrs) {
    if (problem == "timeout")
      return outcome(PrintError::Timeout, "looking up printer host " + hp->host + " took longer than " + d.total(), d);
    return outcome(PrintError::Refused, problem, d);
  }
  PrintOutcome last = outcome(PrintError::Refused, "no address for printer " + where, d);
  for (const addrinfo* a = addrs.get(); a; a = a->ai_next) {
    Fd fd(::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, a->ai_protocol));
    if (fd.get() < 0) continue;
    int err = 0;
    if (::connect(fd.get(), a->ai_addr, a->ai_addrlen) != 0) {
      if (errno != EINPROGRESS) {
        err = errno;
      } else {
        pollfd p{fd.get(), POLLOUT, 0};
        int r;
        do r = ::poll(&p, 1, d.left_ms());
        while (r < 0 && errno == EINTR);
        if (r == 0)
          return outcome(PrintError::Timeout, "no answer from printer at " + where + " within " + d.total(), d);
        socklen_t len = sizeof err;
        if (::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
      }
    }
    if (err != 0) {
      last = outcome(err == ECONNREFUSED ? PrintError::Refused : PrintError::Disconnected,
                     "cannot connect to printer at " + where + ": " + std::strerror(err) +
                         (err == ECONNREFUSED ? " (switched on? right port?)" : ""),
                     d);
      continue;
    }
    switch (write_all(fd.get(), bytes, d, true, err)) {
      case WriteEnd::Done: break;
      case WriteEnd::Timeout:
        return outcome(PrintError::Timeout,
                       "printer at " + where + " did not take the ticket within " + d.total() +
                           " (out of paper, lid open or busy?)", d);
      case WriteEnd::Error:
        return outcome(PrintError::Disconnected,
                       "sending to printer at " + where + " failed: " + std::strerror(err), d);
    }
    // Written only means our kernel holds it (a send buffer takes megabytes). Wait until the
    // printer has acknowledged every byte: one that is out of paper stops reading and times out.
    ::shutdown(fd.get(), SHUT_WR);
    for (;;) {
      int unacked = 0;
      if (::ioctl(fd.get(), SIOCOUTQ, &unacked) != 0 || unacked == 0) break;
      if (d.passed())
        return outcome(PrintError::Timeout,
                       "printer at " + where + " did not take the ticket within " + d.total() +
                           " (out of paper, lid open or busy?)", d);
      ::poll(nullptr, 0, std::min(20, std::max(1, d.left_ms())));
    }
    return outcome(PrintError::None, "", d);
  }
  return last;
}

PrintOutcome send_to_cups(const std::string& queue, const Raster& r, Timeout timeout,
                          const std::string& lp_program) {
  const Deadline d(timeout);
  // The PNG (an attendee list holds names and phone numbers) goes into a folder of its own that
  // mkdtemp makes 0700, as a 0600 file: nobody else on the machine can read it while lp runs.
  char folder[] = "/tmp/buurtkiosk-print-XXXXXX";
  if (::mkdtemp(folder) == nullptr)
    return outcome(PrintError::Failed, std::string("cannot make a temporary folder: ") + std::strerror(errno), d);
  const std::filesystem::path file = std::filesystem::path(folder) / "ticket.png";
  struct Remove {
    std::filesystem::path p;
    ~Remove() {
      std::error_code ec;
      std::filesystem::remove_all(p, ec);
    }
  } remove_later{folder};
  try {
    write_png(r, file);
  } catch (const std::exception& e) {
    return outcome(PrintError::Failed, e.what(), d);
  }

  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC | O_NONBLOCK) != 0)
    return outcome(PrintError::Failed, std::string("pipe: ") + std::strerror(errno), d);
  Fd err_read(pipefd[0]), err_write(pipefd[1]);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, err_write.get(), 2);
  // 203 ppi: the PNG prints at its real size on a receipt queue instead of filling a page.
  std::vector<std::string> args = {lp_program, "-d", queue, "-t", "buurtkiosk", "-o", "ppi=203", file.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, lp_program.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  err_write.reset();  // close our copy of the write end
  if (rc != 0)
    return outcome(rc == ENOENT ? PrintError::Missing : PrintError::Failed,
                   rc == ENOENT ? lp_program + " not found (install cups-client)"
                                : "cannot start " + lp_program + ": " + std::strerror(rc),
                   d);
  std::string err_text;
  int status = 0;
  for (;;) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (d.passed()) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return outcome(PrintError::Timeout, lp_program + " -d " + queue + " did not finish within " + d.total(), d);
    }
    pollfd p{err_read.get(), POLLIN, 0};
    ::poll(&p, 1, std::min(50, d.left_ms()));
    char buf[512];
    ssize_t n;
    while ((n = ::read(err_read.get(), buf, sizeof buf)) > 0 && err_text.size() < 2000)
      err_text.append(buf, static_cast<size_t>(n));
  }
  char buf[512];
  ssize_t n;
  while ((n = ::read(err_read.get(), buf, sizeof buf)) > 0 && err_text.size() < 2000)
    err_text.append(buf, static_cast<size_t>(n));
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return outcome(PrintError::None, "", d);
  const std::string first = err_text.substr(0, err_text.find('\n'));
  return outcome(PrintError::Refused,
                 lp_program + " -d " + queue + " failed" + (first.empty() ? "" : ": " + first), d);
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
