# Every project target calls opsdesk_target_warnings(); CI turns warnings into errors.
function(opsdesk_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor)
  if(OPSDESK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
