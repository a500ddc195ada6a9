#include "services/mail_sender.hpp"

#include <curl/curl.h>
#include <sys/stat.h>

#include <fstream>
#include <memory>
#include <mutex>

namespace bk {
namespace {

// Printable ASCII only, at most 200 characters: what goes into last_error and a log line.
std::string one_line(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '\r' || c == '\n') break;
    out += (c >= 0x20 && c < 0x7f) ? static_cast<char>(c) : '?';
    if (out.size() >= 200) break;
  }
  return out;
}

struct Upload {
  const std::string* data;
  std::size_t sent = 0;
};

std::size_t read_message(char* buffer, std::size_t size, std::size_t n, void* p) {
  auto* u = static_cast<Upload*>(p);
  const std::size_t count = std::min(size * n, u->data->size() - u->sent);
  u->data->copy(buffer, count, u->sent);
  u->sent += count;
  return count;
}

// The server's last error reply (a line starting with 4 or 5), from curl's protocol trace. Only
// what the server said is looked at: what we sent (AUTH, the message) is never kept.
int on_trace(CURL*, curl_infotype type, char* data, std::size_t size, void* p) {
  if (type != CURLINFO_HEADER_IN) return 0;
  const std::string line(data, size);
  if (!line.empty() && (line[0] == '4' || line[0] == '5')) *static_cast<std::string*>(p) = one_line(line);
  return 0;
}

}  // namespace

std::string read_password_file(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0)
    throw MailSetupError("notify.smtp_password_file " + file.string() + " cannot be read");
  if ((st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    throw MailSetupError("notify.smtp_password_file " + file.string() +
                         " may be read by others: make it the service user's only (chmod 600)");
  std::ifstream in(file);
  std::string password;
  if (!in || !std::getline(in, password))
    throw MailSetupError("notify.smtp_password_file " + file.string() + " cannot be read");
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) throw MailSetupError("notify.smtp_password_file " + file.string() + " is empty");
  return password;
}

SmtpTransport::SmtpTransport(Config::Notify settings, long timeout_seconds)
    : settings_(std::move(settings)), timeout_seconds_(timeout_seconds) {
  if (!settings_.smtp_password_file.empty()) password_ = read_password_file(settings_.smtp_password_file);
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

MailSendResult SmtpTransport::send(const std::string& from, const std::vector<std::string>& to,
                                   const std::string& message) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return {false, "cannot start libcurl"};
  CURL* c = curl.get();
  curl_slist* rcpt = nullptr;
  for (const auto& a : to) rcpt = curl_slist_append(rcpt, ("<" + a + ">").c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_list(rcpt, curl_slist_free_all);
  const std::string mail_from = "<" + from + ">";
  Upload upload{&message};
  std::string server_said;
  char errbuf[CURL_ERROR_SIZE] = {};

  curl_easy_setopt(c, CURLOPT_URL, settings_.smtp_url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // smtp://: STARTTLS or nothing. A server that does not offer it fails the send (and is retried)
  // rather than seeing the password and the mail in clear.
  if (settings_.smtp_url.rfind("smtp://", 0) == 0) curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, settings_.ca_file.c_str());
  if (!settings_.smtp_user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.smtp_user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, password_.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout_seconds_);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, timeout_seconds_);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);  // only into on_trace, which keeps the server's error line
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_trace);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &server_said);

  const CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return {true, {}};
  if (!server_said.empty()) return {false, server_said};
  return {false, one_line(errbuf[0] ? errbuf : curl_easy_strerror(rc))};
}

}  // namespace bk
