#pragma once
// The kiosk's own small SQLite file, next to its database settings (#20): what it needs when the
// database server is out of reach. It holds
//  - help requests typed during an outage, until the server has committed them;
//  - the reserve: reference codes set aside on the server (table reserved_code) for those requests;
//  - the last good copy of the coming agenda, so a kiosk restarted during an outage still shows it.
// Same durability as the main database (WAL, synchronous=FULL: a request is on disk before the
// resident sees its code), file 0600 (it holds names and phone numbers).
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "domain/time.hpp"
#include "domain/types.hpp"
#include "store/help_request_store.hpp"

namespace bk {

class Database;

class LocalStore {
 public:
  explicit LocalStore(const std::filesystem::path& file);  // creates it (and its tables) when missing
  ~LocalStore();
  LocalStore(const LocalStore&) = delete;
  LocalStore& operator=(const LocalStore&) = delete;

  // The reserve, oldest first.
  std::vector<std::string> reserved_codes();
  void add_reserved(const std::vector<std::string>& codes, UtcSeconds now);

  // Keeps a request (r.code is ignored) in one transaction with taking its code: the oldest reserved
  // code, or, when the reserve is empty, fresh_code() (tried until it clashes with nothing here).
  // Returns the code it got.
  struct Kept {
    std::string code;
    bool from_reserve = false;
  };
  Kept keep(const NewHelpRequest& r, const std::function<std::string()>& fresh_code);
  std::vector<NewHelpRequest> pending();  // oldest first
  void remove_pending(const std::string& code);
  bool is_pending(const std::string& code);

  // The last good agenda copy: the dates starting in [from, to), replacing the previous copy.
  void save_agenda(UtcSeconds from, UtcSeconds to, const std::vector<AgendaItem>& items);
  struct AgendaCopy {
    UtcSeconds from = 0, to = 0;  // the span the copy covers; both 0: none
    std::vector<AgendaItem> items;
  };
  AgendaCopy load_agenda();

 private:
  std::unique_ptr<Database> db_;
};

}  // namespace bk
