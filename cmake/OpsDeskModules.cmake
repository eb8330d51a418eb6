# Which source folders a target owns, so that tests/boundaries can check every #include against
# the targets it links: a module that includes another module's header without declaring the
# dependency fails the build's tests, not just by convention.
#   opsdesk_module_folders(target FOLDERS a b UNDER services-client)
function(opsdesk_module_folders target)
  cmake_parse_arguments(M "" "UNDER" "FOLDERS" ${ARGN})
  set(folders)
  foreach(folder IN LISTS M_FOLDERS)
    if(folder STREQUAL ".")
      list(APPEND folders "${M_UNDER}")
    else()
      list(APPEND folders "${M_UNDER}/${folder}")
    endif()
  endforeach()
  set_property(TARGET ${target} PROPERTY OPSDESK_FOLDERS "${folders}")
  set_property(GLOBAL APPEND PROPERTY OPSDESK_MODULE_TARGETS ${target})
endfunction()
