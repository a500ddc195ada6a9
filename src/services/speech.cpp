#include "services/speech.hpp"

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <vector>

#include "domain/log.hpp"

namespace bk {

namespace {

// espeak-ng is one global engine per process.
std::mutex engine_mutex;
bool engine_open = false;
std::vector<short>* capture = nullptr;  // WAV mode: the samples of the utterance being made

int on_samples(short* wav, int n, espeak_EVENT*) {
  if (capture && wav && n > 0) capture->insert(capture->end(), wav, wav + n);
  return 0;
}

// espeak-ng's audio layer (pcaudiolib) "opens" fine without any sound hardware and then fills
// stderr with ALSA errors on every utterance. So the button is only offered when something can play:
// a PulseAudio/PipeWire socket or an ALSA playback device.
bool audio_output_present() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* server = std::getenv("PULSE_SERVER"); server && *server) return true;
  if (const char* runtime = std::getenv("XDG_RUNTIME_DIR"); runtime && *runtime) {
    if (fs::exists(fs::path(runtime) / "pulse" / "native", ec)) return true;
    if (fs::exists(fs::path(runtime) / "pipewire-0", ec)) return true;
  }
  for (const auto& entry : fs::directory_iterator("/dev/snd", ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("pcmC", 0) == 0 && !name.empty() && name.back() == 'p') return true;
  }
  return false;
}

void put32(std::ofstream& f, std::uint32_t v) { f.write(reinterpret_cast<const char*>(&v), 4); }
void put16(std::ofstream& f, std::uint16_t v) { f.write(reinterpret_cast<const char*>(&v), 2); }

bool write_wav(const std::filesystem::path& file, const std::vector<short>& samples, int rate) {
  const auto tmp = file.string() + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return false;
    const auto bytes = static_cast<std::uint32_t>(samples.size() * 2);
    f.write("RIFF", 4);
    put32(f, 36 + bytes);
    f.write("WAVEfmt ", 8);
    put32(f, 16);
    put16(f, 1);  // PCM
    put16(f, 1);  // mono
    put32(f, static_cast<std::uint32_t>(rate));
    put32(f, static_cast<std::uint32_t>(rate * 2));
    put16(f, 2);
    put16(f, 16);
    f.write("data", 4);
    put32(f, bytes);
    f.write(reinterpret_cast<const char*>(samples.data()), bytes);
    if (!f.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, file, ec);
  return !ec;
}

int sample_rate = 22050;

}  // namespace

const char* espeak_voice(const std::string& language) {
  if (language == "en") return "en";
  if (language == "tr") return "tr";
  if (language == "pl") return "pl";
  return "nl";
}

std::unique_ptr<Speaker> Speaker::open(const std::filesystem::path& wav_folder) {
  std::unique_ptr<Speaker> s(new Speaker());
  std::lock_guard<std::mutex> lock(engine_mutex);
  if (engine_open) {
    s->problem_ = "espeak-ng is already in use in this process";
    return s;
  }
  const bool to_files = !wav_folder.empty();
  if (!to_files && !audio_output_present()) {
    s->problem_ = "no audio device for reading aloud";
    return s;
  }
  espeak_ng_InitializePath(nullptr);
  espeak_ng_ERROR_CONTEXT ctx = nullptr;
  if (espeak_ng_Initialize(&ctx) != ENS_OK) {
    espeak_ng_ClearErrorContext(&ctx);
    s->problem_ = "espeak-ng could not start (is espeak-ng-data installed?)";
    return s;
  }
  const espeak_ng_OUTPUT_MODE mode = to_files ? ENOUTPUT_MODE_SYNCHRONOUS : ENOUTPUT_MODE_SPEAK_AUDIO;
  if (espeak_ng_InitializeOutput(mode, 0, nullptr) != ENS_OK) {
    espeak_ng_Terminate();
    s->problem_ = "no audio device for reading aloud";
    return s;
  }
  sample_rate = espeak_ng_GetSampleRate();
  if (to_files) {
    std::error_code ec;
    std::filesystem::create_directories(wav_folder, ec);
    if (ec) {
      espeak_ng_Terminate();
      s->problem_ = "read_aloud_folder " + wav_folder.string() + ": " + ec.message();
      return s;
    }
    espeak_SetSynthCallback(on_samples);
  }
  engine_open = true;
  s->folder_ = wav_folder;
  s->available_ = true;
  return s;
}

Speaker::~Speaker() {
  if (!available_) return;
  std::lock_guard<std::mutex> lock(engine_mutex);
  espeak_ng_Cancel();
  espeak_ng_Terminate();
  engine_open = false;
}

bool Speaker::say(const std::string& text, const std::string& language) {
  if (!available_ || text.empty()) return false;
  std::lock_guard<std::mutex> lock(engine_mutex);
  espeak_ng_Cancel();
  const char* voice = espeak_voice(language);
  if (voice_ != voice) {
    if (espeak_ng_SetVoiceByName(voice) != ENS_OK) {
      log::warning("speech", std::string("no espeak-ng voice ") + voice);
      return false;
    }
    voice_ = voice;
  }
  espeak_ng_SetParameter(espeakRATE, 150, 0);  // a little slower than the default 175
  std::vector<short> samples;
  if (!folder_.empty()) capture = &samples;
  const auto rc = espeak_ng_Synthesize(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                                       espeakCHARS_UTF8, nullptr, nullptr);
  capture = nullptr;
  if (rc != ENS_OK) return false;
  // Never log the text: on a form it may hold what a resident typed.
  log::debug("speech", std::string("speaking (") + voice + ")");
  if (folder_.empty()) return true;
  last_file_ = folder_ / ("speech-" + std::to_string(++files_) + "-" + voice + ".wav");
  return write_wav(last_file_, samples, sample_rate);
}

void Speaker::stop() {
  if (!available_) return;
  std::lock_guard<std::mutex> lock(engine_mutex);
  espeak_ng_Cancel();
}

}  // namespace bk
