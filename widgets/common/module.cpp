#include "widgets/common/module.h"

#include <QFile>

#include "services-client/feed/feedclient.h"

namespace opsdesk::widgets {

void ModuleContext::subscribe(QObject* receiver, std::set<protocol::EventKind> kinds,
                              std::function<void(const client::FeedEvent&)> handler) const {
    if (feed && !kinds.empty()) {
        feed->subscribe(receiver, std::move(kinds), std::move(handler));
    }
}

void ModuleContext::onResync(QObject* receiver, std::function<void()> reload) const {
    if (feed) {
        QObject::connect(feed, &client::FeedClient::resyncRequired, receiver, std::move(reload));
    }
}

QIcon ModuleInfo::icon() const {
    return embeddedIcon(id);
}

QIcon embeddedIcon(const QString& name) {
    QIcon icon;
    for (int size : {16, 20, 32, 40, 64, 128, 256}) {
        const QString file = QStringLiteral(":/icons/png/%1-%2.png").arg(name).arg(size);
        if (QFile::exists(file)) {
            icon.addFile(file, QSize(size, size));
        }
    }
    return icon;
}

QIcon applicationIcon() {
    return embeddedIcon(QStringLiteral("opsdesk"));
}

}  // namespace opsdesk::widgets
