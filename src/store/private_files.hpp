#pragma once
// Files that can hold personal data (the database and its -wal/-shm, backups, printed attendee
// lists and tickets) are private to the kiosk's user from their first byte, whatever the umask:
// files 0600, folders this program creates 0700. SQLite gives a database's -wal, -shm and -journal
// the mode of the database file, so creating that file 0600 before SQLite opens it is enough.
#include <filesystem>

namespace bk {

// Creates `dir` and every missing parent, each 0700. Folders that exist already are left as they
// are (a folder someone else made, such as /tmp, is not ours to change).
void create_private_directories(const std::filesystem::path& dir);

// Creates `file` empty, 0600, when it does not exist yet; an existing file is left alone.
void create_private_file(const std::filesystem::path& file);

// Opens a new file for writing, 0600; fails (throws) when anything, a link included, is already
// there. The caller closes the returned descriptor.
int open_new_private_file(const std::filesystem::path& file);

}  // namespace bk
