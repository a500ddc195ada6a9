// The ticket as a PNG through CUPS (`lp -d QUEUE`), with `lp` killed when it outlasts the deadline.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "print/printer.hpp"
#include "print/printer_io.hpp"

extern char** environ;

namespace bk::print {

using namespace io;

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

}  // namespace bk::print
