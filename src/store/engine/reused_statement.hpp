#pragma once
// A statement prepared once and kept by a repository: reset before each use and again after, so
// no read stays open (and no snapshot is held) between calls.
#include "store/engine/database.hpp"

namespace bk {

class ReusedStatement {
 public:
  explicit ReusedStatement(Statement& st) : st_(st) { st_.reset(); }
  ~ReusedStatement() { st_.reset(); }
  ReusedStatement(const ReusedStatement&) = delete;
  ReusedStatement& operator=(const ReusedStatement&) = delete;
  Statement* operator->() { return &st_; }

 private:
  Statement& st_;
};

}  // namespace bk
