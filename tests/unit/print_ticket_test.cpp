// A ticket printed to fake printers (a TCP listener and a plain file standing in for /dev/usb/lp0),
// decoded from the captured GS v 0 bands back into an image, and read with zbarimg: the follow-up
// link must come back exactly, on 58 mm and 80 mm paper.
#include <gtest/gtest.h>

#include <fstream>

#include "domain/codes.hpp"
#include "print/escpos.hpp"
#include "print/print_queue.hpp"
#include "print/printer.hpp"
#include "print/ticket.hpp"
#include "print_support.hpp"
#include "qr/qr.hpp"

using namespace bk;
using namespace bk::print;

namespace {

Ticket sample(const std::string& url) {
  Ticket t;
  t.centre = "Wijkcentrum Łódź-Oost";
  t.status = "U bent aangemeld";
  t.what = "Koersbal met Ayşe, Gülşen en Zoë";
  t.when = "dinsdag 2 maart, 10:00";
  t.code_label = "Uw code";
  t.code = "K7M3QX";
  t.followup_url = url;
  t.followup_sentence = "Scan de QR-code om uw aanmelding te bekijken of af te melden.";
  t.phone_line = "Vragen? Bel 072 000 00 00";
  return t;
}

std::string link() { return "http://kiosk.test:8080/r/" + make_followup_token(); }

// The image a printer would have printed, as a PNG zbarimg can read.
std::string read_qr_from_escpos(const std::vector<std::uint8_t>& bytes, int width, const std::string& name) {
  const DecodedJob job = decode_escpos(bytes);
  EXPECT_TRUE(job.initialised);
  EXPECT_TRUE(job.cut);
  EXPECT_EQ(job.image.width, width);
  EXPECT_GT(job.bands, 1);  // a whole ticket is taller than one band
  const auto png = test::temp_dir("print_ticket") / (name + ".png");
  write_png(job.image, png);
  return test::zbarimg(png);
}

class PrintTicket : public ::testing::TestWithParam<int> {};

}  // namespace

TEST_P(PrintTicket, OverTcpTheCapturedRasterScansToTheFollowUpLink) {
  const int paper = GetParam();
  const std::string url = link();
  test::FakeTcpPrinter printer(test::FakeTcpPrinter::Mode::Capture);
  Config::Printer cfg;
  cfg.kind = PrinterKind::EscPos;
  cfg.target = printer.target();
  cfg.paper_mm = paper;
  const PrintOutcome o = print_job(cfg, PrintJob::ticket(sample(url), "K7M3QX", 1'800'000'000));
  ASSERT_TRUE(o.ok()) << o.reason;
  EXPECT_EQ(read_qr_from_escpos(printer.captured(), dots_for_paper(paper), "tcp" + std::to_string(paper)), url);
}

TEST_P(PrintTicket, ToADeviceFileTheCapturedRasterScansToTheFollowUpLink) {
  const int paper = GetParam();
  const std::string url = link();
  const auto device = test::temp_dir("print_device") / "lp0";
  std::ofstream(device).close();  // the "device" exists; the printer code never creates it
  Config::Printer cfg;
  cfg.kind = PrinterKind::EscPos;
  cfg.target = device.string();
  cfg.paper_mm = paper;
  const PrintOutcome o = print_job(cfg, PrintJob::ticket(sample(url), "K7M3QX", 1'800'000'000));
  ASSERT_TRUE(o.ok()) << o.reason;
  EXPECT_EQ(read_qr_from_escpos(test::read_bytes(device), dots_for_paper(paper), "dev" + std::to_string(paper)), url);
}

INSTANTIATE_TEST_SUITE_P(Paper, PrintTicket, ::testing::Values(58, 80));

TEST(PrintLayout, WidthsAndQrModulesFitThePaper) {
  EXPECT_EQ(dots_for_paper(80), 576);
  EXPECT_EQ(dots_for_paper(58), 384);
  const std::string url = link();
  for (int width : {384, 576}) {
    const Raster r = render_ticket(sample(url), width);
    EXPECT_EQ(r.width, width);
    EXPECT_GT(r.height, 500);
    EXPECT_LT(r.height, 1400);  // a ticket, not a scroll
    const Raster qr = render_qr(url, width - 24, 296);
    const int modules = make_qr(url).size + 8;
    EXPECT_EQ(qr.width % modules, 0);  // whole dots per module
    EXPECT_GE(qr.width / modules, 4) << "at least 4 dots (0.5 mm) per module";
    EXPECT_LE(qr.width, width);
  }
}

TEST(PrintLayout, LongTextWrapsInsteadOfRunningOffThePaper) {
  Ticket t = sample(link());
  const Raster short_title = render_ticket(t, 384);
  t.what = "Samen koken en eten met de buurt: Turkse, Poolse en Surinaamse gerechten, iedereen welkom";
  t.centre = "Buurthuis-Wijkcentrum-Ontmoetingsplaats-Noordoostpolderstraat";  // one long word
  const Raster long_title = render_ticket(t, 384);
  EXPECT_EQ(long_title.width, 384);
  EXPECT_GT(long_title.height, short_title.height + 60);  // more lines, same width
  // Nothing drawn in the last column (the margin holds).
  for (int y = 0; y < long_title.height; ++y) ASSERT_FALSE(long_title.get(383, y)) << "row " << y;
}

TEST(PrintLayout, AttendeeListHasALinePerPartyAndTicksThoseCheckedIn) {
  AttendeeList l;
  l.centre = "Wijkcentrum De Oever";
  l.title = "Koersbal";
  l.when = "dinsdag 2 maart, 10:00";
  const Raster empty = render_attendee_list(l, 576);
  for (int i = 0; i < 12; ++i)
    l.lines.push_back({"Bewoner " + std::to_string(i) + " Łukasz Şahin", 2, "06 1234 5678", "", i % 3 == 0});
  const Raster full = render_attendee_list(l, 576);
  EXPECT_EQ(full.width, 576);
  EXPECT_GT(full.height, empty.height + 12 * 30);
  l.lines.back().checked_in = !l.lines.back().checked_in;
  EXPECT_NE(render_attendee_list(l, 576).black_dots(), full.black_dots());  // the tick shows
}

// Writes the README's example ticket when asked: BUURTKIOSK_README_TICKET=assets/readme/ticket.png
TEST(PrintLayout, ReadmeExampleTicket) {
  const char* out = std::getenv("BUURTKIOSK_README_TICKET");
  Ticket t = sample("http://kiosk.local:8080/r/" + make_followup_token());
  t.centre = "Wijkcentrum De Oever";
  t.what = "Koersbal";
  const Raster r = render_ticket(t, 576);
  const auto png = out ? std::filesystem::path(out) : test::temp_dir("print_readme") / "ticket.png";
  write_png(r, png);
  EXPECT_EQ(test::zbarimg(png), t.followup_url);
  const Raster back = read_png(png);
  EXPECT_EQ(back.bits, r.bits);
}
