#pragma once

#include <functional>

namespace opsdesk::widgets {

// A page with work that leaving would lose. The shell asks before it switches away, closes or
// signs out; the page answers at once (nothing to lose) or asks the person without blocking
// and calls `proceed` only if they agree to leave.
class LeaveGuard {
public:
    virtual ~LeaveGuard() = default;
    virtual bool tryLeave(std::function<void()> proceed) = 0;
};

}  // namespace opsdesk::widgets
