#include "print/raster.hpp"

#include <png.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "store/private_files.hpp"

namespace bk::print {

void Raster::fill_rect(int x, int y, int w, int h, bool black) {
  const int x0 = std::max(0, x), y0 = std::max(0, y);
  const int x1 = std::min(width, x + w), y1 = std::min(height, y + h);
  for (int yy = y0; yy < y1; ++yy)
    for (int xx = x0; xx < x1; ++xx) set(xx, yy, black);
}

void Raster::ensure_height(int h) {
  if (h <= height) return;
  height = h;
  bits.resize(static_cast<size_t>(stride() * h), 0);
}

long Raster::black_dots() const {
  long n = 0;
  for (auto b : bits) n += std::popcount(b);
  return n;
}

namespace {

struct FileCloser {
  void operator()(FILE* f) const {
    if (f) std::fclose(f);
  }
};

[[noreturn]] void png_fail(png_structp, png_const_charp msg) { throw std::runtime_error(msg); }
void png_warn(png_structp, png_const_charp) {}

}  // namespace

void write_png(const Raster& r, const std::filesystem::path& file) {
  if (r.width <= 0 || r.height <= 0) throw std::runtime_error("cannot write an empty image");
  const auto tmp = file.parent_path() / ("." + file.filename().string() + ".tmp");
  // Tickets and attendee lists hold names and phone numbers: 0600 from the first byte.
  std::error_code gone;
  std::filesystem::remove(tmp, gone);  // left over from a write that was killed halfway
  int fd = -1;
  try {
    fd = open_new_private_file(tmp);
  } catch (const std::filesystem::filesystem_error& e) {
    throw std::runtime_error("cannot write " + tmp.string() + ": " + e.code().message());
  }
  std::unique_ptr<FILE, FileCloser> f(::fdopen(fd, "wb"));
  if (!f) {
    const int err = errno;
    ::close(fd);
    throw std::runtime_error("cannot write " + tmp.string() + ": " + std::strerror(err));
  }
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, png_fail, png_warn);
  png_infop info = png ? png_create_info_struct(png) : nullptr;
  if (!info) {
    png_destroy_write_struct(&png, nullptr);
    throw std::runtime_error("libpng: out of memory");
  }
  try {
    png_init_io(png, f.get());
    png_set_IHDR(png, info, static_cast<png_uint_32>(r.width), static_cast<png_uint_32>(r.height), 1,
                 PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    // 203 dpi = 7992 dots per metre: previews and `lp` show the ticket at its real size.
    png_set_pHYs(png, info, 7992, 7992, PNG_RESOLUTION_METER);
    png_write_info(png, info);
    // In a grey PNG 0 is black; ours is 1 = black.
    std::vector<png_byte> row(static_cast<size_t>(r.stride()));
    for (int y = 0; y < r.height; ++y) {
      for (int i = 0; i < r.stride(); ++i)
        row[static_cast<size_t>(i)] =
            static_cast<png_byte>(~r.bits[static_cast<size_t>(y * r.stride() + i)]);
      png_write_row(png, row.data());
    }
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
  } catch (const std::exception& e) {
    png_destroy_write_struct(&png, &info);
    f.reset();
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot write " + file.string() + ": " + e.what());
  }
  const bool flushed = std::fflush(f.get()) == 0 && ::fsync(fileno(f.get())) == 0;
  const bool closed = std::fclose(f.release()) == 0;
  if (!flushed || !closed) {
    const std::string why = std::strerror(errno);
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot write " + file.string() + ": " + why);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  if (ec) {
    std::filesystem::remove(tmp);
    throw std::runtime_error("cannot write " + file.string() + ": " + ec.message());
  }
}

Raster read_png(const std::filesystem::path& file) {
  png_image img;
  std::memset(&img, 0, sizeof img);
  img.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_file(&img, file.c_str()))
    throw std::runtime_error("cannot read " + file.string() + ": " + img.message);
  img.format = PNG_FORMAT_GRAY;
  std::vector<png_byte> grey(PNG_IMAGE_SIZE(img));
  if (!png_image_finish_read(&img, nullptr, grey.data(), 0, nullptr)) {
    png_image_free(&img);
    throw std::runtime_error("cannot read " + file.string() + ": " + img.message);
  }
  Raster r(static_cast<int>(img.width), static_cast<int>(img.height));
  for (int y = 0; y < r.height; ++y)
    for (int x = 0; x < r.width; ++x)
      if (grey[static_cast<size_t>(y) * img.width + static_cast<size_t>(x)] < 128) r.set(x, y);
  return r;
}

}  // namespace bk::print
