# FindCAF.cmake: CAF 0.17 as Debian 12's libcaf-dev ships it.
#
# Debian ships headers and shared libraries but no CAFConfig.cmake and no
# pkg-config file, so we find them ourselves. The imported targets carry the
# names upstream CAF (>= 0.18) exports, CAF::core, CAF::io and CAF::openssl,
# so moving to an upstream install later only means deleting this file.
#
#   find_package(CAF 0.17 REQUIRED COMPONENTS core io)
#   target_link_libraries(app PRIVATE CAF::core)

if(NOT CAF_FIND_COMPONENTS)
  set(CAF_FIND_COMPONENTS core)
endif()

find_path(CAF_INCLUDE_DIR NAMES caf/config.hpp)

if(CAF_INCLUDE_DIR)
  file(STRINGS "${CAF_INCLUDE_DIR}/caf/config.hpp" _caf_version_line
       REGEX "^#define CAF_VERSION [0-9]+")
  string(REGEX REPLACE "^#define CAF_VERSION ([0-9]+).*" "\\1" _caf_version "${_caf_version_line}")
  math(EXPR _caf_major "${_caf_version} / 10000")
  math(EXPR _caf_minor "(${_caf_version} / 100) % 100")
  math(EXPR _caf_patch "${_caf_version} % 100")
  set(CAF_VERSION "${_caf_major}.${_caf_minor}.${_caf_patch}")
endif()

foreach(_component IN LISTS CAF_FIND_COMPONENTS)
  find_library(CAF_LIBRARY_${_component} NAMES caf_${_component})
  if(CAF_LIBRARY_${_component})
    set(CAF_${_component}_FOUND TRUE)
  endif()
endforeach()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(CAF
  REQUIRED_VARS CAF_INCLUDE_DIR
  VERSION_VAR CAF_VERSION
  HANDLE_COMPONENTS)

find_package(Threads REQUIRED)

# Each component links the one it builds on: openssl -> io -> core.
set(_caf_parent_core Threads::Threads)
set(_caf_parent_io CAF::core)
set(_caf_parent_openssl CAF::io)
foreach(_component IN ITEMS core io openssl)
  if(CAF_${_component}_FOUND AND NOT TARGET CAF::${_component})
    add_library(CAF::${_component} SHARED IMPORTED)
    set_target_properties(CAF::${_component} PROPERTIES
      IMPORTED_LOCATION "${CAF_LIBRARY_${_component}}"
      INTERFACE_INCLUDE_DIRECTORIES "${CAF_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES "${_caf_parent_${_component}}")
  endif()
endforeach()

mark_as_advanced(CAF_INCLUDE_DIR CAF_LIBRARY_core CAF_LIBRARY_io CAF_LIBRARY_openssl)
