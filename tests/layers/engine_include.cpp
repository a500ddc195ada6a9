// Must NOT compile: the SQLite connection (src/store/engine/) is the store's own; services see
// store/store.hpp and the repositories, never the engine.
#include "store/engine/database.hpp"
int layer_probe_engine() { return 0; }
