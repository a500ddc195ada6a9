#include "qr/qr.hpp"

#include <qrencode.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace bk {

QrMatrix make_qr(std::string_view text) {
  const std::string s(text);
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeString8bit(s.c_str(), 0, QR_ECLEVEL_M), &QRcode_free);
  if (!code) throw std::runtime_error("QR code could not be made (text too long?)");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<size_t>(m.size * m.size));
  for (int i = 0; i < m.size * m.size; ++i) m.dark[static_cast<size_t>(i)] = code->data[i] & 1;
  return m;
}

}  // namespace bk
