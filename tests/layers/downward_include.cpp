// Must compile: the control for the probes above. The same kind of file, with the same include
// views, builds when it includes what its layer may see.
#include "domain/time.hpp"
#include "services/kiosk.hpp"
#include "store/store.hpp"
int layer_probe_downward() { return 0; }
