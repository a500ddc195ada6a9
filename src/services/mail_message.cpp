#include "services/mail_message.hpp"

#include <array>
#include <cstdio>

namespace bk {
namespace {

bool has_control(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c == 0x7f) return true;
  return false;
}

void check_header(const std::string& value, const char* field) {
  if (has_control(value))
    throw std::invalid_argument(std::string("mail ") + field + " holds a line break or control character");
}

std::string base64(const std::string& in) {
  static const char* const k = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8) |
                       static_cast<unsigned char>(in[i + 2]);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], k[v & 63]};
  }
  if (i + 1 == in.size()) {
    const unsigned v = static_cast<unsigned char>(in[i]) << 16;
    out += {k[v >> 18], k[(v >> 12) & 63], '=', '='};
  } else if (i + 2 == in.size()) {
    const unsigned v = (static_cast<unsigned char>(in[i]) << 16) | (static_cast<unsigned char>(in[i + 1]) << 8);
    out += {k[v >> 18], k[(v >> 12) & 63], k[(v >> 6) & 63], '='};
  }
  return out;
}

std::string hex(unsigned char c) {
  char buf[4];
  std::snprintf(buf, sizeof buf, "=%02X", c);
  return buf;
}

// Where a UTF-8 character starts (not a continuation byte).
bool starts_character(unsigned char c) { return (c & 0xC0) != 0x80; }

}  // namespace

bool mail_address_ok(const std::string& a) {
  const auto at = a.find('@');
  if (a.empty() || a.size() > 254 || at == std::string::npos || at == 0 || at + 1 == a.size()) return false;
  if (a.find('@', at + 1) != std::string::npos) return false;
  for (unsigned char c : a)
    if (c <= 0x20 || c >= 0x7f || std::string_view("<>()[],;:\\\"").find(static_cast<char>(c)) != std::string_view::npos)
      return false;
  return true;
}

std::string encode_header_text(const std::string& text) {
  bool plain = true;
  for (unsigned char c : text)
    if (c < 0x20 || c >= 0x7f) plain = false;
  if (plain && text.find("=?") == std::string::npos) return text;
  // Encoded words of at most 75 characters: 45 bytes of text each, cut between characters.
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = std::min<std::size_t>(45, text.size() - i);
    while (i + n < text.size() && n > 1 && !starts_character(static_cast<unsigned char>(text[i + n]))) --n;
    out += (out.empty() ? "" : "\r\n ") + std::string("=?utf-8?B?") + base64(text.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string quoted_printable(const std::string& text) {
  std::string out, line;
  auto flush = [&](bool hard) {
    out += line + (hard ? "\r\n" : "=\r\n");
    line.clear();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\r') continue;
    if (c == '\n') {
      // A space or tab at the end of a line would be lost in transit: encode it.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const std::string encoded = hex(static_cast<unsigned char>(line.back()));
        line.pop_back();
        if (line.size() + encoded.size() > 75) flush(false);
        line += encoded;
      }
      flush(true);
      continue;
    }
    std::string piece(1, static_cast<char>(c));
    if (c == '=' || c >= 0x7f || (c < 0x20 && c != '\t')) piece = hex(c);
    if (line.size() + piece.size() > 75) flush(false);  // 76 with the soft break's "="
    // "." at the start of a line is encoded too, so no SMTP server can take it for the end of DATA.
    if (c == '.' && line.empty()) piece = hex(c);
    line += piece;
  }
  if (!line.empty()) flush(true);
  return out;
}

std::string rfc5322_date(UtcSeconds t) {
  static const std::array<const char*, 7> days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  static const std::array<const char*, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const LocalDateTime u = from_naive_seconds(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[weekday(u.date)], u.date.day,
                months[u.date.month - 1], u.date.year, u.hour, u.minute, u.second);
  return buf;
}

std::string format_mail(const MailMessage& m) {
  if (!mail_address_ok(m.from)) throw std::invalid_argument("mail From is not a plain address");
  if (m.to.empty()) throw std::invalid_argument("mail has no recipient");
  std::string to;
  for (const auto& a : m.to) {
    if (!mail_address_ok(a)) throw std::invalid_argument("mail To holds something that is not a plain address");
    to += (to.empty() ? "" : ",\r\n ") + a;
  }
  check_header(m.subject, "Subject");
  check_header(m.message_id, "Message-ID");
  if (!mail_address_ok(m.message_id)) throw std::invalid_argument("mail Message-ID must look like id@host");
  std::string out;
  out += "Date: " + rfc5322_date(m.date) + "\r\n";
  out += "From: " + m.from + "\r\n";
  out += "To: " + to + "\r\n";
  out += "Subject: " + encode_header_text(m.subject) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Content-Type: text/plain; charset=utf-8\r\n";
  out += "Content-Transfer-Encoding: quoted-printable\r\n";
  out += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies to a robot
  out += "\r\n";
  out += quoted_printable(m.body);
  return out;
}

}  // namespace bk
