#pragma once
#include <stdexcept>

namespace bk {

// A refused input file or value: `what()` is one line naming the file, the line and the problem.
class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace bk
