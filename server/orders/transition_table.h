#pragma once

#include <string>

namespace opsdesk::server::orders {

// The order state machine of protocol/order_state as the Markdown table in docs/API.md;
// `opsdesk-server transitions` prints it and a test checks that the document still agrees.
std::string transitionTableMarkdown();

}  // namespace opsdesk::server::orders
