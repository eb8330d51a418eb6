#pragma once

namespace opsdesk::server {

// The whole command line of opsdesk-server; returns the process exit code.
int runCommandLine(int argc, char** argv);

}  // namespace opsdesk::server
