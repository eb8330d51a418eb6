#include "core/thread_name.h"

#include <pthread.h>

namespace opsdesk::server {

void nameThisThread(const std::string& name) {
    // Best effort: a name is a diagnostic, never a reason to fail.
    (void)pthread_setname_np(pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace opsdesk::server
