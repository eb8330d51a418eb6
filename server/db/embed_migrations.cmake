# Writes a C++ source holding every server/migrations/NNNN_name.sql, so the server binary carries
# its schema with it. Run by the build whenever a migration file changes.
#   cmake -DMIGRATIONS_DIR=... -DOUTPUT=... -P embed_migrations.cmake
file(GLOB files "${MIGRATIONS_DIR}/*.sql")
list(SORT files)
set(body "")
foreach(f IN LISTS files)
  get_filename_component(name "${f}" NAME)
  file(READ "${f}" sql)
  string(FIND "${sql}" ")opsdesk_sql\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${name} contains the embedding delimiter")
  endif()
  string(APPEND body "    {\"${name}\", R\"opsdesk_sql(${sql})opsdesk_sql\"},\n")
endforeach()
set(content "// Generated from server/migrations by embed_migrations.cmake. Do not edit.
#include \"db/migrations.h\"

namespace opsdesk::server::db {

const std::vector<MigrationFile>& embeddedMigrationFiles() {
    static const std::vector<MigrationFile> files{
${body}    };
    return files;
}

}  // namespace opsdesk::server::db
")
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
  if(old STREQUAL content)
    return()
  endif()
endif()
file(WRITE "${OUTPUT}" "${content}")
