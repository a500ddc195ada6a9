// Must NOT compile: src/store is below src/services, so the store's include view has no services/.
#include "services/kiosk.hpp"
int layer_probe_upward() { return 0; }
