#pragma once
// Reference codes a kiosk sets aside on the server for help requests typed while it cannot reach
// that server (#20, table reserved_code). A reserved code counts as taken (reference_code_taken),
// so no registration or help request gets it until the kiosk that holds it hands it back by
// sending its request. Call inside the caller's WriteScope.
#include <string>

#include "domain/time.hpp"
#include "store/store.hpp"

namespace bk {

void reserve_code(Store& store, const std::string& code, UtcSeconds now);
// Gone from the reserve (the request that used it is being written); no row: nothing happens.
void release_reserved_code(Store& store, const std::string& code);
int reserved_code_count(Store& store);

}  // namespace bk
