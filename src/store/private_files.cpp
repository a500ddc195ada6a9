#include "store/private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace bk {
namespace fs = std::filesystem;
namespace {

[[noreturn]] void fail(const char* what, const fs::path& p, int err) {
  throw fs::filesystem_error(what, p, std::error_code(err, std::generic_category()));
}

}  // namespace

void create_private_directories(const fs::path& dir) {
  if (dir.empty()) return;
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return;
  if (dir.has_parent_path() && dir.parent_path() != dir) create_private_directories(dir.parent_path());
  if (::mkdir(dir.c_str(), 0700) != 0) {
    if (errno == EEXIST && fs::is_directory(dir, ec)) return;  // made by someone else meanwhile
    fail("cannot create folder", dir, errno);
  }
  ::chmod(dir.c_str(), 0700);  // a umask like 0200 would have taken bits away
}

void create_private_file(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return;
    fail("cannot create file", file, errno);
  }
  ::fchmod(fd, 0600);
  ::close(fd);
}

int open_new_private_file(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) fail("cannot create file", file, errno);
  ::fchmod(fd, 0600);
  return fd;
}

}  // namespace bk
