// Voorlezen: espeak-ng speaks each catalog language; tested through the WAV-folder output, which
// needs no audio device.
#include <gtest/gtest.h>

#include <filesystem>
#include <cstring>
#include <fstream>
#include <cstdlib>
#include <unistd.h>

#include "i18n/catalog.hpp"
#include "services/speech.hpp"

using namespace bk;
namespace fs = std::filesystem;

namespace {

// Seconds of sound in a 16-bit mono WAV file (0 when it is not one).
double wav_seconds(const fs::path& f) {
  std::ifstream in(f, std::ios::binary);
  char h[44] = {};
  if (!in.read(h, 44) || std::string(h, 4) != "RIFF" || std::string(h + 8, 4) != "WAVE") return 0;
  std::uint32_t rate = 0, bytes = 0;
  std::memcpy(&rate, h + 24, 4);
  std::memcpy(&bytes, h + 40, 4);
  return rate ? bytes / 2.0 / rate : 0;
}

}  // namespace

TEST(Speech, SpeaksEveryLanguageIntoWavFiles) {
  const fs::path dir = fs::temp_directory_path() / ("bk_speech_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  auto speaker = Speaker::open(dir);
  ASSERT_TRUE(speaker->available()) << speaker->problem();
  Catalog c = Catalog::load(assets_dir());
  for (const Language& l : supported_languages()) {
    c.set_language(l.code);
    const std::string text = c.tr("agenda.title") + ". " + c.tr("idle.question");
    ASSERT_TRUE(speaker->say(text, l.code)) << l.code;
    const fs::path f = speaker->last_file();
    EXPECT_NE(f.filename().string().find(espeak_voice(l.code)), std::string::npos) << f;
    const double s = wav_seconds(f);
    EXPECT_GT(s, 0.8) << l.code << ": " << f;
    EXPECT_LT(s, 15) << l.code;
  }
  EXPECT_FALSE(speaker->say("", "nl")) << "nothing to say";
  // One engine per process: a second speaker is unavailable, and says why.
  auto second = Speaker::open(dir);
  EXPECT_FALSE(second->available());
  EXPECT_FALSE(second->problem().empty());
  speaker.reset();
  fs::remove_all(dir);
}

TEST(Speech, AnUnwritableFolderMakesItUnavailable) {
  auto speaker = Speaker::open("/proc/buurtkiosk-speech");
  EXPECT_FALSE(speaker->available());
  EXPECT_NE(speaker->problem().find("read_aloud_folder"), std::string::npos);
}

TEST(Speech, NoSoundOutputMeansNoButtonRatherThanAlsaErrors) {
  if (fs::exists("/dev/snd")) GTEST_SKIP() << "this machine has sound devices";
  const char* pulse = std::getenv("PULSE_SERVER");
  const char* runtime = std::getenv("XDG_RUNTIME_DIR");
  const std::string saved_pulse = pulse ? pulse : "", saved_runtime = runtime ? runtime : "";
  ::unsetenv("PULSE_SERVER");
  ::setenv("XDG_RUNTIME_DIR", "/nonexistent-runtime-dir", 1);
  auto speaker = Speaker::open("");
  EXPECT_FALSE(speaker->available());
  EXPECT_NE(speaker->problem().find("no audio device"), std::string::npos) << speaker->problem();
  if (pulse) ::setenv("PULSE_SERVER", saved_pulse.c_str(), 1);
  if (runtime) ::setenv("XDG_RUNTIME_DIR", saved_runtime.c_str(), 1);
  else ::unsetenv("XDG_RUNTIME_DIR");
}
