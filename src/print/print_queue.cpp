#include "print/print_queue.hpp"

#include <chrono>

#include "domain/log.hpp"
#include "store/settings.hpp"

namespace bk::print {

PrintOutcome print_job(const Config::Printer& cfg, const PrintJob& job) {
  if (cfg.kind == PrinterKind::None)
    return PrintOutcome{PrintError::NotConfigured, "no printer configured ([printer] kind = \"none\")", 0};
  const auto t0 = std::chrono::steady_clock::now();
  Raster r;
  try {
    const int width = dots_for_paper(cfg.paper_mm);
    r = std::holds_alternative<Ticket>(job.what) ? render_ticket(std::get<Ticket>(job.what), width)
                                                 : render_attendee_list(std::get<AttendeeList>(job.what), width);
  } catch (const std::exception& e) {
    return PrintOutcome{PrintError::Failed, std::string("cannot lay out the ticket: ") + e.what(),
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
  }
  PrintOutcome o;
  try {
    o = print_raster(cfg, r, job.label, job.at);
  } catch (const std::exception& e) {
    o = PrintOutcome{PrintError::Failed, e.what(), 0};
  }
  o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  // Codes are fine in logs; the ticket's text (activity, names) is not logged.
  if (o.ok())
    log::info("print", "printed " + job.label);
  else
    log::warning("print", "printing " + job.label + " failed (" + to_string(o.error) + "): " + o.reason);
  return o;
}

void save_status(Store& store, const PrintStatus& s) {
  std::string reason = s.reason;
  for (char& c : reason)
    if (c == '\n' || c == '\r') c = ' ';
  const std::string value = std::string(s.ok ? "ok" : "failed") + "|" + std::to_string(s.at) + "|" + reason;
  WriteScope tx(store);
  write_setting(store, kLastStatusKey, value);
  tx.commit();
}

PrintOutcome print_now(Store& store, const Config::Printer& cfg, const PrintJob& job) {
  const PrintOutcome o = print_job(cfg, job);
  if (o.error != PrintError::NotConfigured) save_status(store, PrintStatus{o.ok(), job.at, o.reason});
  return o;
}

std::optional<PrintStatus> load_status(Store& store) {
  const auto stored = read_setting(store, kLastStatusKey);
  if (!stored) return std::nullopt;
  const std::string& v = *stored;
  const auto a = v.find('|');
  const auto b = a == std::string::npos ? a : v.find('|', a + 1);
  if (b == std::string::npos) return std::nullopt;
  const std::string kind = v.substr(0, a), at = v.substr(a + 1, b - a - 1);
  if ((kind != "ok" && kind != "failed") || at.empty() || at.size() > 18 ||
      at.find_first_not_of("0123456789-") != std::string::npos)
    return std::nullopt;
  return PrintStatus{kind == "ok", std::stoll(at), v.substr(b + 1)};
}

PrintQueue::PrintQueue(Config::Printer cfg, std::size_t max_pending)
    : cfg_(std::move(cfg)), max_pending_(max_pending), worker_([this] { run(); }) {}

PrintQueue::~PrintQueue() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  worker_.join();
}

bool PrintQueue::submit(PrintJob job, Callback done) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || jobs_.size() >= max_pending_) return false;
    jobs_.emplace_back(std::move(job), std::move(done));
  }
  cv_.notify_one();
  return true;
}

std::optional<PrintStatus> PrintQueue::last_status() const {
  std::lock_guard lock(mu_);
  return last_;
}

bool PrintQueue::busy() const {
  std::lock_guard lock(mu_);
  return printing_ || !jobs_.empty();
}

std::size_t PrintQueue::waiting() const {
  std::lock_guard lock(mu_);
  return jobs_.size();
}

void PrintQueue::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
    if (stopping_) break;
    auto [job, done] = std::move(jobs_.front());
    jobs_.pop_front();
    printing_ = true;
    lock.unlock();
    const PrintOutcome o = print_job(cfg_, job);
    lock.lock();
    last_ = PrintStatus{o.ok(), job.at, o.reason};
    lock.unlock();
    if (done) done(o);
    lock.lock();
    printing_ = false;
  }
  // Stopping: the waiting jobs are answered, not silently dropped.
  auto rest = std::move(jobs_);
  jobs_.clear();
  lock.unlock();
  for (auto& [job, done] : rest)
    if (done) done(PrintOutcome{PrintError::Cancelled, "the kiosk stopped before this ticket was printed", 0});
}

}  // namespace bk::print
