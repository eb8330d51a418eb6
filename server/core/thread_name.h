#pragma once

#include <string>

namespace opsdesk::server {

// Names the calling thread as `top -H`, `ps -L`, gdb and perf show it (Linux keeps 15 bytes):
// "io-0", "db-2", "feed-dispatch"... so that an operator can tell which part is busy.
void nameThisThread(const std::string& name);

}  // namespace opsdesk::server
