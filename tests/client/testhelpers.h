#pragma once

#include <QList>
#include <QObject>
#include <QTimer>
#include <chrono>

#include "services-client/api/apiclient.h"

namespace opsdesk::test {

// Stands in for the retry timer: records each requested delay and runs the action on the next
// event-loop turn, so retry tests need no sleeping.
struct RecordingScheduler {
    QList<std::chrono::milliseconds> delays;

    void install(client::ApiClient* api) {
        api->setScheduler([this](std::chrono::milliseconds delay, QObject* context,
                                 std::function<void()> action) {
            delays.append(delay);
            QTimer::singleShot(0, context, std::move(action));
        });
    }
};

}  // namespace opsdesk::test
