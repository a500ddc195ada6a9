// ESC/POS over the network (tcp://host:port, port 9100 by default): name lookup, connect, every
// write and the wait for the printer's acknowledgement share one deadline.
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <memory>
#include <optional>

#include "print/printer.hpp"
#include "print/printer_io.hpp"

namespace bk::print {

using namespace io;

namespace {

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

}  // namespace

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

}  // namespace bk::print
