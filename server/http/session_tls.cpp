// HTTPS connections: the one source that instantiates Session over OpenSSL.
#include "http/detail/session.h"

namespace opsdesk::server::http::detail {

void startTlsSession(std::shared_ptr<ServerCore> core, Strand strand, tcp::socket socket,
                     std::string remoteAddress, bool rejecting) {
    startSession<beast::ssl_stream<beast::tcp_stream>>(
        std::move(core), std::move(strand), std::move(socket), std::move(remoteAddress), rejecting);
}

}  // namespace opsdesk::server::http::detail
