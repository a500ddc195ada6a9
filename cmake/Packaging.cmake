# Install rules and the Debian package: `cpack -G DEB` in a build folder makes
# buurtkiosk_<version>_<arch>.deb with
#   /usr/bin/buurtkiosk, /usr/bin/buurtkioskctl            the programs (install rule in src/)
#   /usr/share/buurtkiosk/{i18n/, demo-agenda.ics, …}      catalogs and the demo agenda
#   /etc/buurtkiosk/kiosk.toml                             the documented config (a conffile),
#                                                          database in /var/lib/buurtkiosk
#   /etc/pam.d/buurtkiosk                                  the kiosk's logind session on tty1
#   /lib/systemd/system/buurtkiosk*.{service,timer}        every unit in deploy/
# and maintainer scripts from deploy/debian/ (system user, /var/lib/buurtkiosk 0700, units).
set(BK_DEPLOY_DIR ${PROJECT_SOURCE_DIR}/deploy)
set(BK_PACKAGING_DIR ${PROJECT_BINARY_DIR}/packaging)
set(BK_SYSTEMD_UNIT_DIR /lib/systemd/system)  # Debian 12's systemdsystemunitdir
set(BK_DATA_DEST ${CMAKE_INSTALL_DATADIR}/buurtkiosk)
set(BK_ETC_DIR ${CMAKE_INSTALL_FULL_SYSCONFDIR})  # /etc when the prefix is /usr

# --- the installed config: kiosk-config/kiosk.toml with the paths of an installed kiosk --------
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/kiosk-config/kiosk.toml)
file(READ ${PROJECT_SOURCE_DIR}/kiosk-config/kiosk.toml bk_config)
set(bk_full_data_dir ${CMAKE_INSTALL_FULL_DATADIR}/buurtkiosk)
foreach(edit
    "# database = \"/var/lib/buurtkiosk/kiosk.db\"|database = \"/var/lib/buurtkiosk/kiosk.db\""
    "# backup_dir = \"/var/lib/buurtkiosk/backups\"|backup_dir = \"/var/lib/buurtkiosk/backups\""
    "demo_ics = \"demo-agenda.ics\"|demo_ics = \"${bk_full_data_dir}/demo-agenda.ics\"")
  string(REPLACE "|" ";" pair "${edit}")
  list(GET pair 0 from)
  list(GET pair 1 to)
  string(FIND "${bk_config}" "${from}" at)
  if(at EQUAL -1)
    # kiosk.toml changed: say so instead of shipping a config that points at the wrong places.
    message(FATAL_ERROR "cmake/Packaging.cmake: kiosk-config/kiosk.toml no longer contains '${from}'")
  endif()
  string(REPLACE "${from}" "${to}" bk_config "${bk_config}")
endforeach()
file(WRITE ${BK_PACKAGING_DIR}/kiosk.toml "${bk_config}")
file(WRITE ${BK_PACKAGING_DIR}/conffiles "${BK_ETC_DIR}/buurtkiosk/kiosk.toml\n${BK_ETC_DIR}/pam.d/buurtkiosk\n")

# --- install rules (the programs' own rule is in src/CMakeLists.txt) ---------------------------
install(DIRECTORY ${PROJECT_SOURCE_DIR}/assets/i18n DESTINATION ${BK_DATA_DEST})
install(FILES ${PROJECT_SOURCE_DIR}/kiosk-config/demo-agenda.ics
              ${PROJECT_SOURCE_DIR}/kiosk-config/agenda-example.csv
              ${PROJECT_SOURCE_DIR}/kiosk-config/kiosk.toml
        DESTINATION ${BK_DATA_DEST}/examples)
# The demo agenda where the installed config looks for it.
install(FILES ${PROJECT_SOURCE_DIR}/kiosk-config/demo-agenda.ics DESTINATION ${BK_DATA_DEST})
install(FILES ${BK_PACKAGING_DIR}/kiosk.toml DESTINATION ${BK_ETC_DIR}/buurtkiosk)
install(FILES ${BK_DEPLOY_DIR}/debian/pam.d-buurtkiosk DESTINATION ${BK_ETC_DIR}/pam.d RENAME buurtkiosk)
# Every unit in deploy/ (the kiosk, the follow-up web pages, the timers and their services).
file(GLOB BK_UNITS CONFIGURE_DEPENDS ${BK_DEPLOY_DIR}/*.service ${BK_DEPLOY_DIR}/*.timer)
install(FILES ${BK_UNITS} DESTINATION ${BK_SYSTEMD_UNIT_DIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# --- the package -----------------------------------------------------------------------------
set(BUURTKIOSK_MAINTAINER "Buurtkiosk <buurtkiosk@example.invalid>" CACHE STRING
    "Maintainer field of the .deb (Name <email>)")
set(CPACK_PACKAGE_NAME buurtkiosk)
set(CPACK_PACKAGE_VENDOR "Buurtkiosk")
set(CPACK_PACKAGE_CONTACT "${BUURTKIOSK_MAINTAINER}")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "touchscreen kiosk for community centres: agenda, registrations, help requests")
set(CPACK_PACKAGE_DESCRIPTION "Buurtkiosk runs fullscreen on a touchscreen in a community centre (wijkcentrum):
residents see the activity agenda, register for activities, ask for help and take home a QR code
for follow-up. Includes buurtkioskctl for staff, systemd units that start the kiosk under cage on
tty1 with a watchdog, hourly backups, daily removal of personal data past the retention period,
and an agenda import from a shared calendar feed.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # buurtkiosk_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Libraries: from the programs' ELF dependencies (dpkg-shlibdeps), so the list cannot go stale.
# What no ELF file names: the compositor, fonts, speech data, CA certificates for https feeds,
# adduser and pam_systemd for postinst and the kiosk's session.
set(BK_DEPENDS "cage, fonts-noto-core, fonts-dejavu-core, espeak-ng-data, ca-certificates, adduser, libpam-systemd, libpam-modules")
find_program(DPKG_SHLIBDEPS dpkg-shlibdeps)
if(DPKG_SHLIBDEPS)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "${BK_DEPENDS}")
else()
  message(STATUS "dpkg-shlibdeps not found (package dpkg-dev): the .deb lists its libraries by hand")
  set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsdl2-2.0-0, libsqlite3-0, libqrencode4, libical3, libsodium23, libfreetype6, libpng16-16, libtomlplusplus3, libstb0, libcpp-httplib0.11, libcurl4, libpq5, ${BK_DEPENDS}")
endif()
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cups-client, sqlite3")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${BK_DEPLOY_DIR}/debian/postinst ${BK_DEPLOY_DIR}/debian/prerm ${BK_DEPLOY_DIR}/debian/postrm
    ${BK_PACKAGING_DIR}/conffiles)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

# The programs look for their data under the prefix they were built for (BUURTKIOSK_DATA_DIR):
# a package built with another prefix would install programs that cannot find their catalogs.
if(NOT CMAKE_INSTALL_PREFIX STREQUAL "/usr")
  file(WRITE ${BK_PACKAGING_DIR}/check-prefix.cmake
       "message(FATAL_ERROR \"the .deb installs under /usr but this build was configured with CMAKE_INSTALL_PREFIX=${CMAKE_INSTALL_PREFIX}: reconfigure with -DCMAKE_INSTALL_PREFIX=/usr\")\n")
  set(CPACK_PRE_BUILD_SCRIPTS ${BK_PACKAGING_DIR}/check-prefix.cmake)
endif()

include(CPack)
