#pragma once
// "Voorlezen": speaks a screen's main text with espeak-ng in the resident's language.
//
// espeak-ng plays through its own audio output (pcaudiolib: PulseAudio or ALSA) on its own thread,
// so the frame loop never waits. Without an audio device, or with read_aloud = false, the speaker
// is unavailable and the kiosk hides the button. For tests and demos it can write each utterance as
// a WAV file into a folder instead ([display] read_aloud_folder).
#include <filesystem>
#include <memory>
#include <string>

namespace bk {

class Speaker {
 public:
  // Audio output when `wav_folder` is empty, else WAV files there. Never throws: check available().
  static std::unique_ptr<Speaker> open(const std::filesystem::path& wav_folder = {});
  ~Speaker();
  Speaker(const Speaker&) = delete;
  Speaker& operator=(const Speaker&) = delete;

  bool available() const { return available_; }
  const std::string& problem() const { return problem_; }  // why not available (for the log)
  // Stops what is being said and says `text` in `language` (nl, en, tr, pl). False when it could not.
  bool say(const std::string& text, const std::string& language);
  void stop();  // e.g. on the idle reset: a form's words are not read out to the next resident
  // WAV mode: the last file written.
  const std::filesystem::path& last_file() const { return last_file_; }

 private:
  Speaker() = default;
  bool available_ = false;
  std::string problem_;
  std::filesystem::path folder_;
  std::filesystem::path last_file_;
  std::string voice_;
  int files_ = 0;
};

// The espeak-ng voice for a catalog language.
const char* espeak_voice(const std::string& language);

}  // namespace bk
