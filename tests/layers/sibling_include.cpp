// Must NOT compile: the screens (src/ui) and the web pages (src/web) are two faces on the same
// services; neither sees the other.
#include "web/followup_server.hpp"
int layer_probe_sibling() { return 0; }
