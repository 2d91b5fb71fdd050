# Xapian 1.4's CMake package sets variables only (XAPIAN_LIBRARIES, XAPIAN_INCLUDE_DIR). Linked
# by those, byline's exported targets carried this machine's absolute Xapian paths; linked by
# this target's name, they carry the name, and bylineConfig.cmake makes the target again from
# the Xapian found where the package is used.
if(NOT TARGET byline::xapian)
  add_library(byline::xapian INTERFACE IMPORTED)
  set_target_properties(byline::xapian PROPERTIES
    INTERFACE_INCLUDE_DIRECTORIES "${XAPIAN_INCLUDE_DIR}"
    INTERFACE_LINK_LIBRARIES "${XAPIAN_LIBRARIES}")
endif()
