# Every third-party dependency comes from a Debian 12 package (deploy/install-deps.sh installs
# them) and is wrapped here in an INTERFACE target, so the rest of the build names one target per
# dependency and never a path. Nothing is vendored or downloaded.
find_package(PkgConfig REQUIRED)
find_package(Threads REQUIRED)

pkg_check_modules(SQLITE3 REQUIRED IMPORTED_TARGET sqlite3)
pkg_check_modules(LIBICAL REQUIRED IMPORTED_TARGET libical)
pkg_check_modules(QRENCODE REQUIRED IMPORTED_TARGET libqrencode)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(TOMLPP REQUIRED IMPORTED_TARGET tomlplusplus)
pkg_check_modules(FREETYPE REQUIRED IMPORTED_TARGET freetype2)
pkg_check_modules(PNG REQUIRED IMPORTED_TARGET libpng)
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
pkg_check_modules(SDL2 REQUIRED IMPORTED_TARGET sdl2)
pkg_check_modules(IMGUI REQUIRED IMPORTED_TARGET imgui)
pkg_check_modules(ESPEAK REQUIRED IMPORTED_TARGET espeak-ng)
pkg_check_modules(CURL REQUIRED IMPORTED_TARGET libcurl)
pkg_check_modules(LIBPQ REQUIRED IMPORTED_TARGET libpq)  # PostgreSQL client (libpq-dev), #20
find_package(CLI11 REQUIRED CONFIG)

add_library(dep::sqlite ALIAS PkgConfig::SQLITE3)
add_library(dep::ical ALIAS PkgConfig::LIBICAL)
add_library(dep::qrencode ALIAS PkgConfig::QRENCODE)
add_library(dep::sodium ALIAS PkgConfig::SODIUM)
add_library(dep::freetype ALIAS PkgConfig::FREETYPE)
add_library(dep::png ALIAS PkgConfig::PNG)
add_library(dep::espeak ALIAS PkgConfig::ESPEAK)
add_library(dep::sdl2 ALIAS PkgConfig::SDL2)
add_library(dep::curl ALIAS PkgConfig::CURL)
add_library(dep::pq ALIAS PkgConfig::LIBPQ)

# toml++ is header-only and heavy: only src/config includes it.
add_library(dep_tomlpp INTERFACE)
target_link_libraries(dep_tomlpp INTERFACE PkgConfig::TOMLPP)
target_compile_definitions(dep_tomlpp INTERFACE TOML_EXCEPTIONS=1)
add_library(dep::tomlpp ALIAS dep_tomlpp)

add_library(dep_httplib INTERFACE)
target_link_libraries(dep_httplib INTERFACE PkgConfig::HTTPLIB Threads::Threads)
add_library(dep::httplib ALIAS dep_httplib)

# Dear ImGui 1.86 from libimgui-dev (libimgui.a, built with imgui_freetype) plus its SDL2 backends,
# which Debian ships as sources under its docs: compiled from there, never copied into the repo.
set(IMGUI_BACKENDS_DIR /usr/share/doc/libimgui-dev/examples/backends)
if(NOT EXISTS ${IMGUI_BACKENDS_DIR}/imgui_impl_sdlrenderer.cpp)
  message(FATAL_ERROR "ImGui SDL backends not found in ${IMGUI_BACKENDS_DIR}: run deploy/install-deps.sh")
endif()
add_library(dep_imgui_sdl STATIC ${IMGUI_BACKENDS_DIR}/imgui_impl_sdlrenderer.cpp
                                 ${IMGUI_BACKENDS_DIR}/imgui_impl_sdl.cpp)
target_include_directories(dep_imgui_sdl SYSTEM PUBLIC /usr/include/imgui /usr/include/imgui/backends)
# libimgui.a was built with imgui_freetype: as an imported static library with FreeType as its own
# dependency, CMake puts FreeType after it on the link line.
add_library(dep_imgui_static STATIC IMPORTED)
set_target_properties(dep_imgui_static PROPERTIES
  IMPORTED_LOCATION ${pkgcfg_lib_IMGUI_imgui}
  INTERFACE_LINK_LIBRARIES "${pkgcfg_lib_IMGUI_stb};PkgConfig::FREETYPE"
  INTERFACE_INCLUDE_DIRECTORIES "${IMGUI_INCLUDE_DIRS}")
target_link_libraries(dep_imgui_sdl PUBLIC dep_imgui_static PkgConfig::SDL2)
add_library(dep::imgui ALIAS dep_imgui_sdl)
