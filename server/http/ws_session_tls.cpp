// WebSocket connections over TLS: the one source that instantiates WebSocketSession for it.
#include "http/detail/websocket_session.h"

namespace opsdesk::server::http::detail {

void startWebSocket(std::shared_ptr<ServerCore> core, Strand strand,
                    beast::ssl_stream<beast::tcp_stream>&& stream, WebSocketUpgrade&& upgrade) {
    startWebSocketSession<beast::ssl_stream<beast::tcp_stream>>(
        std::move(core), std::move(strand), std::move(stream), std::move(upgrade));
}

}  // namespace opsdesk::server::http::detail
