#pragma once
// Sending one e-mail. MailTransport is the seam the tests fake; SmtpTransport is libcurl's SMTP:
// smtp:// must upgrade with STARTTLS (CURLUSESSL_ALL: a password never travels in clear),
// smtps:// is TLS from the start. The password comes from [notify] smtp_password_file, which must
// be readable by the service user only.
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace bk {

struct MailSendResult {
  bool ok = false;
  std::string error;  // one line: the mail server's answer ("550 5.1.1 no such user") or curl's
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // message: the whole RFC 5322 message (format_mail). Never throws for a server problem.
  virtual MailSendResult send(const std::string& from, const std::vector<std::string>& to,
                              const std::string& message) = 0;
};

// A setup problem that no retry fixes (password file missing or readable by others): one line.
class MailSetupError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The first line of the file, without its line end. Refuses (MailSetupError) a file that group or
// others may read or write, a missing one and an empty one.
std::string read_password_file(const std::filesystem::path& file);

class SmtpTransport final : public MailTransport {
 public:
  // Reads the password file now (MailSetupError); timeout bounds connect and the whole dialogue.
  explicit SmtpTransport(Config::Notify settings, long timeout_seconds = 20);
  MailSendResult send(const std::string& from, const std::vector<std::string>& to,
                      const std::string& message) override;

 private:
  Config::Notify settings_;
  std::string password_;
  long timeout_seconds_;
};

}  // namespace bk
