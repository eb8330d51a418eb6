# Writes a C++ source defining `std::string_view NAME()` that returns the contents of INPUT.
#   cmake -DINPUT=... -DOUTPUT=... -DNAME=... -DNAMESPACE=... -P embed_text.cmake
file(READ "${INPUT}" text)
string(FIND "${text}" ")opsdesk_text\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the embedding delimiter")
endif()
set(content "// Generated from ${INPUT} by embed_text.cmake. Do not edit.
#include <string_view>

namespace ${NAMESPACE} {

std::string_view ${NAME}() {
    static constexpr std::string_view text = R\"opsdesk_text(${text})opsdesk_text\";
    return text;
}

}  // namespace ${NAMESPACE}
")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
