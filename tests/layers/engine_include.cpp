// Must NOT compile: the SQLite connection (src/store/sqlite/) is the store's own; services see
// store/store.hpp and the repositories, never the engine.
#include "store/sqlite/database.hpp"
int layer_probe_engine() { return 0; }
