#pragma once
// Printing off the frame loop. The kiosk commits a registration, shows the code and QR on screen,
// and hands the ticket to this queue; one worker thread renders and sends it. The caller never
// waits: a printer that hangs holds only the worker, for at most the configured timeout per job.
//
//   print_queue.submit(print::PrintJob::ticket(t, code, now), [&mailbox](const PrintOutcome& o) {
//     mailbox.post([o] { /* main thread: show print_ok / print_failed; save_status(store, …) */ });
//   });
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <variant>

#include "config/config.hpp"
#include "domain/time.hpp"
#include "print/printer.hpp"
#include "print/ticket.hpp"
#include "store/settings.hpp"
#include "store/store.hpp"

namespace bk::print {

struct PrintJob {
  std::variant<Ticket, AttendeeList> what;
  std::string label;   // for logs and PNG file names: a reference code or an occurrence id
  UtcSeconds at = 0;   // the kiosk clock's time (names PNG files)

  static PrintJob ticket(Ticket t, std::string label, UtcSeconds at) { return {std::move(t), std::move(label), at}; }
  static PrintJob list(AttendeeList l, std::string label, UtcSeconds at) { return {std::move(l), std::move(label), at}; }
};

// Renders the job at the configured paper width and prints it; never throws (a render error is an
// outcome too). This is what the worker runs, and what the CLI calls directly.
PrintOutcome print_job(const Config::Printer& cfg, const PrintJob& job);

// The last print for volunteer mode's status panel.
struct PrintStatus {
  bool ok = false;
  UtcSeconds at = 0;
  std::string reason;  // empty when ok
};

// Kept in the `setting` table under printer.last_status as "ok|<utc>|" or "failed|<utc>|<reason>",
// so the panel also sees prints from buurtkioskctl. Call from the thread that owns `store`.
inline constexpr const char* kLastStatusKey = setting_key::printer_last_status;
void save_status(Store& store, const PrintStatus& s);
std::optional<PrintStatus> load_status(Store& store);

// Prints while the caller waits (bounded by the printer's timeout) and records the outcome for the
// status panel: buurtkioskctl and the back office, which answer only when the paper is out.
PrintOutcome print_now(Store& store, const Config::Printer& cfg, const PrintJob& job);

class PrintQueue {
 public:
  using Callback = std::function<void(const PrintOutcome&)>;

  // At most `max_pending` jobs wait behind the one printing (a resident pressing Printen five times
  // while the printer is off should not queue five timeouts).
  explicit PrintQueue(Config::Printer cfg, std::size_t max_pending = 4);
  // Lets the job in hand finish (bounded by the timeout), answers the waiting ones with Cancelled,
  // joins the worker.
  ~PrintQueue();
  PrintQueue(const PrintQueue&) = delete;
  PrintQueue& operator=(const PrintQueue&) = delete;

  // Returns false (and never calls `done`) when the queue is full or stopping: print failed, say so.
  // Otherwise `done` runs exactly once, on the worker thread: post it to your own thread.
  bool submit(PrintJob job, Callback done);

  // The last finished job's status, if any (thread-safe).
  std::optional<PrintStatus> last_status() const;
  bool busy() const;  // a job is printing or waiting
  std::size_t waiting() const;  // jobs not started yet

 private:
  void run();

  const Config::Printer cfg_;
  const std::size_t max_pending_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<PrintJob, Callback>> jobs_;
  bool stopping_ = false;
  bool printing_ = false;
  std::optional<PrintStatus> last_;
  std::thread worker_;
};

}  // namespace bk::print
