// Printers that fail: refused, never reading, missing, wrong permissions, a hanging `lp`. Each
// returns a plain reason within the timeout (asserted < 6 s with the default of 5 s), the print
// queue never blocks its caller, and a registration committed before printing stays.
#include <gtest/gtest.h>
#include <fcntl.h>
#include <sys/stat.h>

#include <chrono>
#include <fstream>
#include <future>
#include <regex>
#include <thread>

#include "print/escpos.hpp"
#include "print/print_queue.hpp"
#include "print/printer.hpp"
#include "print_support.hpp"
#include "store/engine/database.hpp"
#include "store/migrations.hpp"
#include "test_support.hpp"

using namespace bk;
using namespace bk::print;
using namespace std::chrono_literals;
using SteadyClock = std::chrono::steady_clock;

namespace {

double seconds_since(SteadyClock::time_point t0) {
  return std::chrono::duration<double>(SteadyClock::now() - t0).count();
}

Ticket ticket() {
  Ticket t;
  t.centre = "Wijkcentrum De Oever";
  t.what = "Koersbal";
  t.when = "dinsdag 2 maart, 10:00";
  t.code = "K7M3QX";
  t.followup_url = "http://kiosk.test:8080/r/abcdefghijklmnopqrstuvwx";
  t.followup_sentence = "Scan de QR-code.";
  return t;
}

Config::Printer escpos(const std::string& target, int timeout = 5) {
  Config::Printer c;
  c.kind = PrinterKind::EscPos;
  c.target = target;
  c.timeout_seconds = timeout;
  return c;
}

// A ticket bigger than every socket buffer between us and a printer that reads nothing.
Bytes big_job() { return Bytes(8 * 1024 * 1024, 0x00); }

}  // namespace

TEST(PrintTransport, RefusedConnectionFailsAtOnceWithAReason) {
  const auto t0 = SteadyClock::now();
  const PrintOutcome o =
      print_job(escpos("tcp://127.0.0.1:" + std::to_string(test::closed_port())), PrintJob::ticket(ticket(), "K7M3QX", 0));
  EXPECT_LT(seconds_since(t0), 6.0);
  EXPECT_EQ(o.error, PrintError::Refused);
  EXPECT_NE(o.reason.find("refused"), std::string::npos) << o.reason;
}

TEST(PrintTransport, PrinterThatAcceptsAndNeverReadsTimesOutWithinTheTimeout) {
  test::FakeTcpPrinter printer(test::FakeTcpPrinter::Mode::NeverRead);
  const auto t0 = SteadyClock::now();
  const PrintOutcome o = send_to_tcp(printer.target(), big_job(), 5s);  // the default timeout
  const double took = seconds_since(t0);
  EXPECT_EQ(o.error, PrintError::Timeout) << o.reason;
  EXPECT_NE(o.reason.find("within 5 s"), std::string::npos) << o.reason;
  EXPECT_GE(took, 4.5);
  EXPECT_LT(took, 6.0);
}

TEST(PrintTransport, MissingDeviceFailsAtOnceAndCreatesNothing) {
  const auto dir = test::temp_dir("print_missing");
  const auto device = dir / "usb" / "lp0";
  const auto t0 = SteadyClock::now();
  const PrintOutcome o = print_job(escpos(device.string()), PrintJob::ticket(ticket(), "K7M3QX", 0));
  EXPECT_LT(seconds_since(t0), 6.0);
  EXPECT_EQ(o.error, PrintError::Missing);
  EXPECT_NE(o.reason.find("does not exist"), std::string::npos) << o.reason;
  EXPECT_FALSE(std::filesystem::exists(device));
}

TEST(PrintTransport, DeviceWithoutPermissionSaysSo) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write anywhere";
  const auto device = test::temp_dir("print_perm") / "lp0";
  std::ofstream(device).close();
  ::chmod(device.c_str(), 0400);
  const PrintOutcome o = send_to_device(device, {0x1B, '@'}, 1s);
  EXPECT_EQ(o.error, PrintError::NoPermission);
  EXPECT_NE(o.reason.find("group lp"), std::string::npos) << o.reason;
}

TEST(PrintTransport, DeviceThatNeverTakesDataTimesOut) {
  // A FIFO nobody reads stands in for a printer whose buffer is full (poll never says writable).
  const auto fifo = test::temp_dir("print_fifo") / "lp0";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const int rfd = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
  ASSERT_GE(rfd, 0);
  const auto t0 = SteadyClock::now();
  const PrintOutcome o = send_to_device(fifo, big_job(), 1s);
  EXPECT_LT(seconds_since(t0), 6.0);
  EXPECT_EQ(o.error, PrintError::Timeout) << o.reason;
  ::close(rfd);
}

TEST(PrintTransport, BadTcpTargetsAreRefusedWithTheTarget) {
  for (const std::string& t : std::vector<std::string>{"tcp://", "tcp://printer:99999", "tcp://printer:abc", "tcp://[::1"}) {
    const PrintOutcome o = send_to_tcp(t, {0}, 1s);
    EXPECT_FALSE(o.ok()) << t;
    EXPECT_NE(o.reason.find(t.substr(0, 6)), std::string::npos) << o.reason;
  }
}

TEST(PrintTransport, PngKindWritesAReadablePngNamedByTimeAndCode) {
  const auto dir = test::temp_dir("print_png");
  Config::Printer c;
  c.kind = PrinterKind::Png;
  c.target = dir.string();
  c.paper_mm = 58;
  const PrintOutcome o = print_job(c, PrintJob::ticket(ticket(), "K7M3QX", 1'800'000'000));
  ASSERT_TRUE(o.ok()) << o.reason;
  const auto file = dir / "20270115T080000Z-K7M3QX.png";
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_EQ(read_png(file).width, 384);
  EXPECT_EQ(test::zbarimg(file), ticket().followup_url);
  // Same second, same code: a second file, nothing overwritten, no temp files left.
  ASSERT_TRUE(print_job(c, PrintJob::ticket(ticket(), "K7M3QX", 1'800'000'000)).ok());
  EXPECT_TRUE(std::filesystem::exists(dir / "20270115T080000Z-K7M3QX-2.png"));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 2);

  c.target = (dir / "not-there").string();
  const PrintOutcome missing = print_job(c, PrintJob::ticket(ticket(), "K7M3QX", 0));
  EXPECT_EQ(missing.error, PrintError::Missing);
}

TEST(PrintTransport, CupsSendsAPngThroughLpAndKillsAnLpThatHangs) {
  const auto dir = test::temp_dir("print_cups");
  const auto copy = dir / "printed.png";
  const auto lp_ok = dir / "lp-ok";
  std::ofstream(lp_ok) << "#!/bin/sh\n"
                          "[ \"$1\" = -d ] && [ \"$2\" = kassa ] || exit 3\n"
                          "for f; do :; done\n"
                          "cp \"$f\" " << copy.string() << "\n";
  const auto lp_hangs = dir / "lp-hangs";
  std::ofstream(lp_hangs) << "#!/bin/sh\nexec sleep 30\n";
  const auto lp_no = dir / "lp-no";
  std::ofstream(lp_no) << "#!/bin/sh\necho 'lp: The printer or class does not exist.' >&2\nexit 1\n";
  for (const auto& f : {lp_ok, lp_hangs, lp_no}) ::chmod(f.c_str(), 0755);

  Raster r(384, 200);
  r.fill_rect(10, 10, 100, 100);
  const PrintOutcome ok = send_to_cups("kassa", r, 5s, lp_ok.string());
  ASSERT_TRUE(ok.ok()) << ok.reason;
  EXPECT_EQ(read_png(copy).bits, r.bits);

  const auto t0 = SteadyClock::now();
  const PrintOutcome hung = send_to_cups("kassa", r, 1s, lp_hangs.string());
  EXPECT_LT(seconds_since(t0), 6.0);
  EXPECT_EQ(hung.error, PrintError::Timeout);

  const PrintOutcome no = send_to_cups("kassa", r, 5s, lp_no.string());
  EXPECT_EQ(no.error, PrintError::Refused);
  EXPECT_NE(no.reason.find("does not exist"), std::string::npos) << no.reason;

  EXPECT_EQ(send_to_cups("kassa", r, 1s, (dir / "no-lp").string()).error, PrintError::Missing);
}

TEST(PrintQueueTest, AHangingPrinterNeverBlocksTheCaller) {
  test::FakeTcpPrinter printer(test::FakeTcpPrinter::Mode::NeverRead);
  std::promise<PrintOutcome> result;
  const auto t0 = SteadyClock::now();
  {
    PrintQueue q(escpos(printer.target(), 1));
    ASSERT_TRUE(q.submit(PrintJob::ticket(ticket(), "K7M3QX", 1'800'000'000),
                         [&](const PrintOutcome& o) { result.set_value(o); }));
    EXPECT_LT(seconds_since(t0), 0.5) << "submit returns at once";
    auto f = result.get_future();
    ASSERT_EQ(f.wait_for(6s), std::future_status::ready);
    const PrintOutcome o = f.get();
    EXPECT_EQ(o.error, PrintError::Timeout) << o.reason;
    const auto status = q.last_status();
    ASSERT_TRUE(status);
    EXPECT_FALSE(status->ok);
    EXPECT_EQ(status->at, 1'800'000'000);
    EXPECT_EQ(status->reason, o.reason);
  }
  EXPECT_LT(seconds_since(t0), 6.0);
}

TEST(PrintQueueTest, StoppingAnswersWaitingJobsAndIsBoundedByTheTimeout) {
  test::FakeTcpPrinter printer(test::FakeTcpPrinter::Mode::NeverRead);
  std::mutex mu;
  std::vector<std::string> answers;  // label:error, in the order the worker answered
  const auto record = [&](const std::string& label) {
    return [&, label](const PrintOutcome& o) {
      std::lock_guard lock(mu);
      answers.push_back(label + ":" + to_string(o.error));
    };
  };
  const auto t0 = SteadyClock::now();
  {
    PrintQueue q(escpos(printer.target(), 1), 2);
    ASSERT_TRUE(q.submit(PrintJob::ticket(ticket(), "a", 0), record("a")));
    while (q.waiting() > 0) std::this_thread::sleep_for(1ms);  // the worker has taken "a"
    EXPECT_TRUE(q.busy());
    EXPECT_TRUE(q.submit(PrintJob::ticket(ticket(), "b", 0), record("b")));
    EXPECT_TRUE(q.submit(PrintJob::ticket(ticket(), "c", 0), record("c")));
    EXPECT_FALSE(q.submit(PrintJob::ticket(ticket(), "d", 0), record("d"))) << "only 2 may wait";
  }  // the destructor: "a" times out, "b" and "c" are answered as cancelled
  EXPECT_LT(seconds_since(t0), 6.0);
  std::lock_guard lock(mu);
  EXPECT_EQ(answers, (std::vector<std::string>{"a:timeout", "b:cancelled", "c:cancelled"}));
}

TEST(PrintQueueTest, NoPrinterConfiguredIsAnAnswerToo) {
  std::promise<PrintOutcome> result;
  PrintQueue q(Config::Printer{});
  ASSERT_TRUE(q.submit(PrintJob::ticket(ticket(), "K7M3QX", 0), [&](const PrintOutcome& o) { result.set_value(o); }));
  EXPECT_EQ(result.get_future().get().error, PrintError::NotConfigured);
}

TEST(PrintStatusTest, LastStatusRoundTripsThroughTheSettingTable) {
  Store db(test::temp_path("print_status"));
  db.migrate();
  EXPECT_FALSE(load_status(db));
  save_status(db, {false, 1'800'000'000, "printer device /dev/usb/lp0 does not exist\n(unplugged?)"});
  auto s = load_status(db);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->ok);
  EXPECT_EQ(s->at, 1'800'000'000);
  EXPECT_EQ(s->reason, "printer device /dev/usb/lp0 does not exist (unplugged?)");
  save_status(db, {true, 1'800'000'100, ""});
  s = load_status(db);
  ASSERT_TRUE(s);
  EXPECT_TRUE(s->ok);
  EXPECT_EQ(s->at, 1'800'000'100);
  EXPECT_EQ(db.engine().scalar_int("SELECT count(*) FROM setting WHERE key = 'printer.last_status'"), 1);
}

// buurtkioskctl register --print with a printer that is not there: the registration is committed
// and reported (exit 0, JSON on stdout), the print failure is one line on stderr.
TEST(PrintCli, RegisterPrintKeepsTheRegistrationWhenThePrinterFails) {
  const auto dir = test::temp_dir("print_cli");
  const auto db = dir / "kiosk.db";
  const auto cfg = dir / "kiosk.toml";
  for (const std::string& target : std::vector<std::string>{(dir / "usb" / "lp0").string(),
                                   "tcp://127.0.0.1:" + std::to_string(test::closed_port())}) {
    std::ofstream(cfg) << "[centre]\nname = \"Wijkcentrum De Oever\"\n"
                          "[printer]\nkind = \"escpos\"\ntarget = \"" << target << "\"\ntimeout_seconds = 2\n";
    const std::string base = "--config " + cfg.string() + " --db " + db.string() + " --now 2027-03-01T09:00 ";
    ASSERT_EQ(test::run_ctl(base + "activity add --title Koersbal --start 2027-03-02T10:00 "
                                   "--end 2027-03-02T11:00 --capacity 8").code, 0);
    const auto agenda = test::run_ctl(base + "agenda --from 2027-03-02 --to 2027-03-02 --json");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(agenda.out, m, std::regex("\"occurrence_id\": (\\d+)"))) << agenda.out;
    const auto t0 = SteadyClock::now();
    const auto r = test::run_ctl(base + "register " + m[1].str() + " --name 'Zoë' --print --json");
    EXPECT_LT(seconds_since(t0), 6.0);
    EXPECT_EQ(r.code, 0) << r.out;
    EXPECT_NE(r.out.find("but printing failed"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"printed\": false"), std::string::npos) << r.out;
    std::smatch code;
    ASSERT_TRUE(std::regex_search(r.out, code, std::regex("\"code\": \"([A-Z0-9]{6})\""))) << r.out;
    EXPECT_EQ(test::run_ctl(base + "lookup " + code[1].str()).code, 0);
    Store check(db);
    EXPECT_EQ(check.engine().scalar_int("SELECT count(*) FROM registration WHERE code = '" + code[1].str() + "'"), 1);
    EXPECT_EQ(check.engine().scalar_int("SELECT count(*) FROM setting WHERE key = 'printer.last_status' AND value LIKE 'failed|%'"), 1);
    EXPECT_EQ(test::run_ctl(base + "print-test").code, 1);
    std::filesystem::remove(db);
  }
}

// The happy path from the command line: register --print into a PNG folder; the QR code on the
// "printed" ticket is the follow-up link the command reported.
TEST(PrintCli, RegisterPrintPutsTheFollowUpLinkOnTheTicket) {
  const auto dir = test::temp_dir("print_cli_png");
  const auto out = dir / "tickets";
  std::filesystem::create_directories(out);
  const auto cfg = dir / "kiosk.toml";
  std::ofstream(cfg) << "[centre]\nname = \"Wijkcentrum De Oever\"\nphone = \"072 000 00 00\"\n"
                        "[printer]\nkind = \"png\"\ntarget = \"" << out.string() << "\"\npaper_mm = 58\n";
  const std::string base = "--config " + cfg.string() + " --db " + (dir / "kiosk.db").string() +
                           " --now 2027-03-01T09:00 ";
  ASSERT_EQ(test::run_ctl(base + "activity add --title Koersbal --start 2027-03-02T10:00 --end 2027-03-02T11:00").code, 0);
  const auto agenda = test::run_ctl(base + "agenda --from 2027-03-02 --to 2027-03-02 --json");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(agenda.out, m, std::regex("\"occurrence_id\": (\\d+)"))) << agenda.out;
  const auto r = test::run_ctl(base + "register " + m[1].str() + " --name 'Zoë' --print --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("\"printed\": true"), std::string::npos) << r.out;
  std::smatch url, code;
  ASSERT_TRUE(std::regex_search(r.out, url, std::regex("\"followup_url\": \"([^\"]+)\""))) << r.out;
  ASSERT_TRUE(std::regex_search(r.out, code, std::regex("\"code\": \"([A-Z0-9]{6})\""))) << r.out;
  const auto file = out / ("20270301T080000Z-" + code[1].str() + ".png");
  ASSERT_TRUE(std::filesystem::exists(file)) << file;
  EXPECT_EQ(test::zbarimg(file), url[1].str());
  EXPECT_EQ(read_png(file).width, 384);
  ASSERT_EQ(test::run_ctl(base + "print-test").code, 0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out), {}), 2);
  ASSERT_EQ(test::run_ctl(base + "print-list " + m[1].str()).code, 0);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(out), {}), 3);
  EXPECT_EQ(test::run_ctl(base + "print-list 999").code, 1);
  EXPECT_EQ(test::run_ctl(base + "print-list x").code, 2);
}
