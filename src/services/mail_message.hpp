#pragma once
// A plain-text e-mail as RFC 5322 bytes: Date, From, To, Subject (RFC 2047 when not ASCII),
// Message-ID, MIME-Version, Content-Type text/plain; charset=utf-8, quoted-printable body, CRLF
// line ends. Header values are refused (std::invalid_argument) when they hold CR, LF or another
// control character, so nothing from a config or a request can add a header.
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace bk {

struct MailMessage {
  std::string from;                // an address: name@host
  std::vector<std::string> to;     // addresses
  std::string subject;             // UTF-8, one line
  std::string body;                // UTF-8, '\n' or "\r\n" line ends
  UtcSeconds date = 0;
  std::string message_id;          // without the angle brackets: "bk-12-1800000000@example.nl"
};

// The whole message, ready for SMTP DATA. Throws std::invalid_argument naming the bad field.
std::string format_mail(const MailMessage& m);

// name@host with nothing that could break a header or an SMTP command (no spaces, <>, quotes,
// commas, control characters).
bool mail_address_ok(const std::string& address);

// "=?utf-8?B?…?=" words when text is not plain printable ASCII; text as it is otherwise.
std::string encode_header_text(const std::string& text);
// Quoted-printable (RFC 2045) with CRLF line ends and lines of at most 76 characters.
std::string quoted_printable(const std::string& text);
// "Tue, 02 Mar 2027 09:15:00 +0000"
std::string rfc5322_date(UtcSeconds t);

}  // namespace bk
