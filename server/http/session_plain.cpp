// Plain-HTTP connections: the one source that instantiates Session over a bare TCP stream.
#include "http/detail/session.h"

namespace opsdesk::server::http::detail {

void startPlainSession(std::shared_ptr<ServerCore> core, Strand strand, tcp::socket socket,
                       std::string remoteAddress, bool rejecting) {
    startSession<beast::tcp_stream>(std::move(core), std::move(strand), std::move(socket),
                                    std::move(remoteAddress), rejecting);
}

}  // namespace opsdesk::server::http::detail
