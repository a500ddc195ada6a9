#pragma once
// Reference codes are unique across registrations and help requests, because `lookup CODE` and
// "Mijn aanmelding" search both. Ask inside the WriteScope that inserts the new row.
#include <string>

#include "store/store.hpp"

namespace bk {

// True when a registration or a help request already has this code (store/registration_store.cpp).
bool reference_code_taken(Store& store, const std::string& code);

}  // namespace bk
